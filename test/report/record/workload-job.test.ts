import { expect } from "chai";

import type { ParallelRuntime } from "../../../src/runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { warmUp } from "../../../src/report/record/workload-job.js";

/** A runtime that records the chain it is prepared on, or fails to prepare. */
function fakeRuntime(seen: string[], fail = false): ParallelRuntime {
  const prepare = async (provider: ParallelProvider): Promise<void> => {
    seen.push(`${provider.chain.common.hardfork()} #${provider.chain.latest.number}`);
    if (fail) throw new Error("the workers cannot start");
  };
  return { prepare } as unknown as ParallelRuntime;
}

describe("the measured runtimes' warm-up (workload-job.ts)", () => {
  it("prepares every runtime on an empty chain of the workloads' hardfork", async () => {
    const seen: string[] = [];
    await warmUp([fakeRuntime(seen), fakeRuntime(seen)], "shanghai");
    expect(seen).to.deep.equal(["shanghai #0", "shanghai #0"]);
  });

  it("never rejects: a runtime that cannot start fails later, when a workload is measured", async () => {
    const seen: string[] = [];
    await warmUp([fakeRuntime(seen, true), fakeRuntime(seen)], "cancun");
    expect(seen).to.have.length(2);
  });
});

import { availableParallelism } from "node:os";

import { expect } from "chai";

import { recordThreads } from "../../../src/report/record/record-concurrently.js";
import {
  configWorkload,
  type LoadedWorkload,
  type WorkloadSpec,
} from "../../../src/report/workloads/workload-loader.js";

const PARAMS = { accounts: 4, transactions: 4, blockSize: 2, hotRatio: 0, zipf: 0, seed: 1 };

function spec(name: string, options: Record<string, unknown> = {}): WorkloadSpec {
  return { name, template: "erc20-transfers", options, ...PARAMS };
}

/** A workload file's workload: no config entry to build it from in another thread. */
function fileWorkload(name: string): LoadedWorkload {
  return { definition: { name, setup: async () => undefined, next: () => ({}) as never }, params: PARAMS };
}

describe("report/record: recordThreads", () => {
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.HARDHAT_PARALLEL_RECORD_THREADS;
    delete process.env.HARDHAT_PARALLEL_RECORD_THREADS;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.HARDHAT_PARALLEL_RECORD_THREADS;
    else process.env.HARDHAT_PARALLEL_RECORD_THREADS = previous;
  });

  it("uses one thread unless told to use two, then at most the machine's cores for several config workloads", () => {
    const loaded = [configWorkload(spec("a")), configWorkload(spec("b"))];
    expect(recordThreads(loaded)).to.equal(1);
    process.env.HARDHAT_PARALLEL_RECORD_THREADS = "2";
    expect(recordThreads(loaded)).to.equal(Math.min(2, availableParallelism()));
  });

  it("uses one thread for a single workload or for workload files only, even when told to use two", () => {
    process.env.HARDHAT_PARALLEL_RECORD_THREADS = "2";
    expect(recordThreads([configWorkload(spec("a"))])).to.equal(1);
    expect(recordThreads([fileWorkload("a"), fileWorkload("b")])).to.equal(1);
  });

  it("keeps a workload whose options cannot cross to a thread on the main thread", () => {
    process.env.HARDHAT_PARALLEL_RECORD_THREADS = "2";
    const withFunction = configWorkload(spec("f", { pick: () => 1 }));
    expect(recordThreads([withFunction, fileWorkload("b")])).to.equal(1);
  });
});

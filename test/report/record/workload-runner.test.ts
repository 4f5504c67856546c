import { expect } from "chai";

import { ParallelRuntime } from "../../../src/runtime/network/parallel-network.js";
import { PhaseTimer } from "../../../src/report/phase-timer.js";
import { runWorkload } from "../../../src/report/record/workload-runner.js";
import type {
  ContractHandle,
  WorkloadDefinition,
  WorkloadParams,
} from "../../../src/report/workloads/define-workload.js";
import type { WorkloadArtifact } from "../../../src/report/workloads/runtime-workload-api.js";

/** `poke()` stores the caller under its own address (CALLER CALLER SSTORE STOP): senders never conflict. */
const POKE: WorkloadArtifact = {
  contractName: "Poke",
  sourceName: "contracts/Poke.sol",
  abi: ["function poke()"],
  bytecode: "0x6004600c60003960046000f333335500",
};

const PARAMS: WorkloadParams = { accounts: 6, transactions: 9, blockSize: 4, hotRatio: 0, zipf: 0, seed: 7 };

/** A workload that counts how often its setup and transaction generator are called. */
function countingWorkload(): {
  definition: WorkloadDefinition<ContractHandle>;
  calls: { setup: number; next: number };
} {
  const calls = { setup: 0, next: 0 };
  const definition: WorkloadDefinition<ContractHandle> = {
    name: "poke",
    setup: async (api) => {
      calls.setup++;
      return api.deploy("Poke");
    },
    next: (api, poke) => {
      calls.next++;
      return { from: api.pick(), to: poke, function: "poke" };
    },
  };
  return { definition, calls };
}

describe("report/record: runWorkload", function () {
  this.timeout(60_000);
  const artifacts = async (name: string): Promise<WorkloadArtifact> => {
    if (name !== "Poke") throw new Error(`no artifact ${name}`);
    return POKE;
  };

  it("sets up once, generates each transaction once and mines the stream once in blocks of blockSize", async () => {
    const { definition, calls } = countingWorkload();
    const run = await runWorkload(definition as WorkloadDefinition<unknown>, PARAMS, { hardfork: "prague", artifacts });
    expect(calls).to.deep.equal({ setup: 1, next: 9 });
    expect(run.blocks.map((b) => b.transactions.length)).to.deep.equal([4, 4, 1]);
    expect(run.executed).to.have.length(9);
    expect(run.blockMs).to.have.length(3);
    expect(run.reverted).to.equal(0);
    expect(run.measured).to.equal(undefined);
    // The deployed code at each deployment, for the precision oracle's immutables: Poke's runtime code.
    expect(Object.values(run.codes ?? {})).to.deep.equal(["0x33335500"]);
    expect(Object.keys(run.codes ?? {})).to.deep.equal(Object.keys(run.deployments).map((a) => a.toLowerCase()));
  });

  it("with a measured re-run, mines the first stream block once more and generates nothing again", async () => {
    const { definition, calls } = countingWorkload();
    const runtime = new ParallelRuntime({ strategy: "block-stm", workers: 2, log: () => {} });
    try {
      const run = await runWorkload(definition as WorkloadDefinition<unknown>, PARAMS, {
        hardfork: "prague",
        artifacts,
        measure: { workers: 2, runtime },
      });
      expect(calls).to.deep.equal({ setup: 1, next: 9 });
      const remined = [...(run.measured?.strategies ?? "").matchAll(/×(\d+)/g)].map((m) => Number(m[1]));
      expect(remined.reduce((a, b) => a + b, 0)).to.equal(1);
      expect(run.measured?.blocks.map((b) => b.transactions)).to.deep.equal([4]);
      expect(run.sharded).to.equal(undefined);
    } finally {
      await runtime.close();
    }
  });

  it("measures the sharded executor on the same block against the same sequential mining", async () => {
    const { definition } = countingWorkload();
    const runtime = new ParallelRuntime({ strategy: "block-stm", workers: 2, log: () => {} });
    const sharded = new ParallelRuntime({ strategy: "sharded", partitioner: "graph", workers: 2, log: () => {} });
    try {
      const run = await runWorkload(definition as WorkloadDefinition<unknown>, PARAMS, {
        hardfork: "prague",
        artifacts,
        measure: { workers: 2, runtime, sharded: { runtime: sharded, shards: 2 } },
      });
      expect(run.sharded?.blocks.map((b) => b.transactions)).to.deep.equal([4]);
      expect(run.sharded?.rounds).to.equal(1);
      expect(run.sharded?.sequentialMs).to.equal(Math.round((run.measured?.sequentialMs ?? -1) * 100) / 100);
      expect(run.sharded?.speedup).to.be.greaterThan(0);
      // The measurements leave the recorded stream as it was mined.
      expect(run.blocks.map((b) => b.transactions.length)).to.deep.equal([4, 4, 1]);
      expect(run.reverted).to.equal(0);
    } finally {
      await runtime.close();
      await sharded.close();
    }
  });

  /** Runs the counting workload with `params`, measured with block-stm and a sharded runtime of `policy`. */
  async function measuredRun(params: WorkloadParams, policy?: Record<string, number>) {
    const { definition } = countingWorkload();
    const runtime = new ParallelRuntime({ strategy: "block-stm", workers: 2, log: () => {} });
    const sharded = new ParallelRuntime({
      strategy: "sharded",
      partitioner: "graph",
      workers: 2,
      policy,
      log: () => {},
    });
    const timer = new PhaseTimer();
    try {
      const run = await runWorkload(definition as WorkloadDefinition<unknown>, params, {
        hardfork: "prague",
        artifacts,
        measure: { workers: 2, runtime, sharded: { runtime: sharded, shards: 2 } },
        timer,
      });
      return { run, phases: timer.phases };
    } finally {
      await runtime.close();
      await sharded.close();
    }
  }

  it("does not mine a block the sharded executor would run sequentially: 1.0x by construction, with the reason", async () => {
    const { run, phases } = await measuredRun(PARAMS);
    expect(run.sharded?.fallbackReason).to.equal("small-block: 4 transactions < 32");
    expect(run.sharded?.blocks.map((b) => b.strategy)).to.deep.equal(["sequential"]);
    expect(run.sharded?.shardedMs).to.equal(run.sharded?.sequentialMs);
    expect(run.sharded?.speedup).to.equal(1);
    expect(phases).to.have.property("run workloads › sharded verdict");
    expect(phases).to.not.have.property("run workloads › measured sharded re-run");
  });

  it("mines a block the sharded executor would run sharded, and measures it", async () => {
    const params = { ...PARAMS, accounts: 24, transactions: 24, blockSize: 24 };
    const { run, phases } = await measuredRun(params, { minTransactions: 4, minSequentialMs: 0, minMsPerTx: 0 });
    const block = run.sharded?.blocks[0];
    expect(block?.strategy, block?.reason).to.equal("sharded");
    expect(run.sharded?.fallbackReason).to.equal(undefined);
    expect(block?.shardLoad.reduce((n, s) => n + s.transactions, 0)).to.equal(24);
    expect(phases).to.have.property("run workloads › measured sharded re-run");
  });
});

import { expect } from "chai";

import type { BlockExecutor } from "../../../src/runtime/exec/block-execution.js";
import { ParallelExecution } from "../../../src/runtime/parallel/parallel-execution.js";
import type { ParallelExecutionStats } from "../../../src/runtime/parallel/execution-stats.js";

import { differentialCase, type Divergence } from "./helpers/differential.js";
import { createWorld, type FuzzWorld } from "./helpers/fuzz-world.js";

const ALWAYS_PARALLEL = {
  minTransactions: 2,
  denseConflictRatio: 2,
  probeSize: 8,
  minSequentialMs: 0,
  minMsPerTx: 0,
  maxCrossShardRatio: 1,
};

/** The executor whose worker lanes are never taken back: its worker runs every one of them speculatively. */
const WHOLE_LANES = "block-stm w2 main 0.5 whole lanes";

describe("parallel executors: differential fuzz (CI slice)", function () {
  this.timeout(1_200_000); // the slice runs every strategy on 100 seeds: slow on a busy machine, not hung
  let world: FuzzWorld;
  const runtimes: ParallelExecution[] = [];
  let executors: Array<[string, BlockExecutor]>;

  before(async () => {
    world = await createWorld();
    const make = (
      name: string,
      options: ConstructorParameters<typeof ParallelExecution>[0],
    ): [string, BlockExecutor] => {
      const runtime = new ParallelExecution(options);
      runtimes.push(runtime);
      return [name, runtime.executorFor(world.sequential)];
    };
    executors = [
      make("block-stm w2", { strategy: "block-stm", workers: 2, policy: ALWAYS_PARALLEL }),
      make("block-stm w3", { strategy: "block-stm", workers: 3, policy: ALWAYS_PARALLEL }),
      make("block-stm w2 default policy", { strategy: "block-stm", workers: 2 }),
      make("sharded w2 hash", {
        strategy: "sharded",
        workers: 2,
        shards: 2,
        partitioner: "hash",
        policy: ALWAYS_PARALLEL,
      }),
      make("sharded w2 graph x2 default policy", { strategy: "sharded", workers: 2, shards: 2 }),
      make("sharded w2 graph x3", {
        strategy: "sharded",
        workers: 2,
        shards: 3,
        partitioner: "graph",
        policy: ALWAYS_PARALLEL,
      }),
      make("block-stm w1", { strategy: "block-stm", workers: 1 }),
    ];
    // The adaptive split depends on timing: also fuzz fixed extreme splits (a late worker answer while the
    // commit is already past a lane's first transactions is what they exercise).
    for (const [workers, share] of [
      [2, 0.2],
      [3, 0.5],
    ] as const) {
      const name = `block-stm w${workers} main ${share}`;
      const [, executor] = make(name, { strategy: "block-stm", workers, policy: ALWAYS_PARALLEL });
      const runtime = runtimes[runtimes.length - 1];
      if (runtime !== undefined) runtime.engine.fixedMainShare = share;
      executors.splice(executors.length - 1, 0, [name, executor]);
    }
    // Every executor above may take a worker lane back whole when its worker has not started by the time the
    // main lane ends (takeBackUnstarted: on a busy machine, often); such a lane runs at its commit points and
    // re-executes nothing. This one keeps its worker lanes whole, so its worker runs each of them speculatively
    // whatever the load: the re-executions below do not depend on timing.
    const [, whole] = make(WHOLE_LANES, { strategy: "block-stm", workers: 2, policy: ALWAYS_PARALLEL });
    const wholeRuntime = runtimes[runtimes.length - 1];
    if (wholeRuntime !== undefined) {
      wholeRuntime.engine.fixedMainShare = 0.5;
      wholeRuntime.engine.stealing = false;
    }
    executors.splice(executors.length - 1, 0, [WHOLE_LANES, whole]);
  });

  after(async () => {
    for (const r of runtimes) await r.close();
  });

  it("agrees with the sequential executor on every block of 100 seeds", async () => {
    const divergences: Divergence[] = [];
    let parallelBlocks = 0;
    let wholeLaneReExecutions = 0;
    const blocksPerCase = 2;
    const wholeAt = executors.findIndex(([name]) => name === WHOLE_LANES);
    for (let seed = 1; seed <= 100; seed++) {
      const result = await differentialCase(world, seed, executors, blocksPerCase);
      divergences.push(...result.divergences);
      (result.stats as ParallelExecutionStats[]).forEach((s, k) => {
        if (s.strategy !== "sequential") parallelBlocks++;
        if (Math.floor(k / blocksPerCase) === wholeAt) wholeLaneReExecutions += s.reExecutions ?? 0;
      });
    }
    expect(divergences).to.deep.equal([]);
    // The slice must really exercise the parallel paths, including re-executions — counted where they do not
    // depend on the machine's load (the other executors add theirs when their workers start in time).
    expect(parallelBlocks).to.be.greaterThan(600);
    expect(wholeLaneReExecutions).to.be.greaterThan(100);
  });
});

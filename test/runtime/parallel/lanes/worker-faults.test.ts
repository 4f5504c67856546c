import { expect } from "chai";

import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import type { FaultInjection } from "../../../../src/runtime/parallel/lanes/lane-task.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";

import {
  COINBASES,
  createWorld,
  digest,
  randomBlock,
  rng,
  runBlock,
  syncNonces,
  type FuzzWorld,
} from "../helpers/fuzz-world.js";

describe("worker faults mid-block", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let runtime: ParallelExecution;
  const coinbase = COINBASES[0] ?? "";

  before(async () => {
    world = await createWorld(400);
    runtime = new ParallelExecution({
      strategy: "block-stm",
      workers: 2,
      // A hang is 3 s without progress (lane-pool.ts): a slow worker on a loaded machine still progresses.
      timeoutMs: 3000,
      policy: { minTransactions: 2, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 },
    });
    // The worker must reach its injected fault: the main thread must not take its lane back first.
    runtime.engine.stealing = false;
  });
  after(() => runtime.close());

  /** Runs a block sequentially and with the runtime (whose worker misbehaves); both digests must match. */
  async function check(seed: number, misbehave: () => void): Promise<ParallelExecutionStats> {
    const txs = randomBlock(world, rng(seed), { size: 240, hotRatio: 0 });
    const mark = world.state.mark();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase));
    world.state.rollback(mark);
    misbehave();
    const result = await runBlock(world, runtime.executorFor(world.sequential), txs, coinbase);
    expect(digest(world, result)).to.equal(expected);
    expect(result.executed.length + result.skipped.length).to.equal(txs.length);
    world.blockNumber++;
    syncNonces(world);
    return result.stats as ParallelExecutionStats;
  }

  /**
   * The pool healed: a normal block gives the worker a lane again and uses its results. The adaptive split
   * (lane-balance.ts) may shrink the worker lane after faults, so the lane is read from the statistics.
   */
  async function expectHealed(seed: number): Promise<void> {
    const stats = await check(seed, () => {});
    expect(stats.faults).to.deep.equal([]);
    const workerLaneSize = stats.laneSizes[1] ?? 0;
    expect(workerLaneSize, "the worker got a lane").to.be.greaterThan(0);
    const workerLane = stats.executionsPerTx.slice(-workerLaneSize);
    const accepted = workerLane.filter((n) => n === 1).length;
    expect(accepted, "worker results accepted").to.be.greaterThan(10);
  }

  /** Terminates the worker thread once its lane has run 20 transactions (polls the pool's progress). */
  async function killWhenStalled(): Promise<void> {
    const pool = runtime.engine.pool;
    while (!(pool?.runningProgress().some((n) => n >= 21) ?? false)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await pool?.threads[0]?.terminate();
  }

  it("a reply arriving after its task was given up never kills the process (the pool's 'error' is handled)", async () => {
    await expectHealed(99);
    expect(runtime.engine.pool?.handlesPoolErrors()).to.equal(true);
  });

  const injected: Array<[FaultInjection["kind"], string]> = [
    ["throw", "error"],
    ["exit", "crash"],
    ["hang", "timeout"],
  ];
  for (const [kind, reported] of injected) {
    it(`a worker that ${kind === "throw" ? "throws" : kind === "exit" ? "exits" : "hangs"} loses nothing, and the pool heals`, async () => {
      await expectHealed(100);
      const stats = await check(101, () => (runtime.engine.nextFault = { kind, afterTxs: 20 }));
      expect(stats.faults.map((f) => f.kind)).to.deep.equal([reported]);
      // The worker lane is at least a quarter of the block whatever the adaptive split (lane-balance.ts).
      expect(stats.faults[0]?.transactions).to.be.greaterThan(50);
      await expectHealed(102);
    });
  }

  it("a worker killed from outside mid-block loses nothing, and the pool heals", async () => {
    await expectHealed(200);
    const stats = await check(201, () => {
      // The worker lane stalls after 20 transactions; the kill comes once the worker has reported them
      // (its progress counter: 1 at start + 20), so it lands mid-lane however slow the machine is.
      runtime.engine.nextFault = { kind: "hang", afterTxs: 20 };
      void killWhenStalled();
    });
    expect(stats.faults.map((f) => f.kind)).to.deep.equal(["crash"]);
    await expectHealed(202);
  });
});

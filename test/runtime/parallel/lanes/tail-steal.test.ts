import { expect } from "chai";

import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { LaneControl, MIN_STEAL, stealCount, stealTails } from "../../../../src/runtime/parallel/lanes/tail-steal.js";

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

/** Plays the worker's side of the counters: starts the lane, finishes `n` transactions. */
function workerDid(control: LaneControl, n: number): void {
  Atomics.store(control.progress, 0, 1 + n);
}

describe("tail stealing", function () {
  this.timeout(120_000);

  describe("the shared counters", () => {
    it("take everything from a worker that has not started, in lane order", () => {
      const control = new LaneControl([10, 11, 12, 13, 14, 15], 0);
      expect(control.unstarted).to.equal(6);
      expect(control.steal(99)).to.deep.equal([10, 11, 12, 13, 14, 15]);
      expect(Atomics.load(control.limit, 0)).to.equal(0);
      expect(control.steal(1)).to.deep.equal([]);
    });

    it("never take the transaction the worker may be running, nor any it finished", () => {
      const control = new LaneControl([10, 11, 12, 13, 14, 15, 16, 17], 0);
      workerDid(control, 3);
      // Finished 10, 11, 12; maybe running 13.
      expect(control.unstarted).to.equal(4);
      expect(control.steal(2)).to.deep.equal([16, 17]);
      expect(control.steal(99)).to.deep.equal([14, 15]);
      expect(control.steal(99)).to.deep.equal([]);
      expect(Atomics.load(control.limit, 0)).to.equal(4);
    });

    it("take whole groups only when the lane comes in groups", () => {
      // Groups start at offsets 0, 3, 5 and 6 of the lane.
      const control = new LaneControl([20, 21, 22, 23, 24, 25, 26, 27], 0, [0, 3, 5, 6]);
      workerDid(control, 1);
      // Asked for 1: the last group is 26, 27 (offsets 6–7), so nothing smaller than it is taken.
      expect(control.steal(1)).to.deep.equal([]);
      expect(control.steal(2)).to.deep.equal([26, 27]);
      // Asked for 2 of the remaining 20–25: the group at offset 5 (25), not half of the one at 3.
      expect(control.steal(2)).to.deep.equal([25]);
      // The worker may be running 21 (offset 1), inside the first group: only the group at 3 can go.
      expect(control.steal(99)).to.deep.equal([23, 24]);
      expect(control.steal(99)).to.deep.equal([]);
      expect(Atomics.load(control.limit, 0)).to.equal(3);
    });

    it("split the remainder by the two lanes' speeds, and leave a small one alone", () => {
      expect(stealCount(100, 1, 1)).to.equal(50);
      expect(stealCount(100, 1, 3)).to.equal(75);
      expect(stealCount(100, 1, Infinity)).to.equal(100);
      expect(stealCount(MIN_STEAL - 1, 1, Infinity)).to.equal(0);
    });

    it("stop stealing once the worker has finished", async () => {
      const control = new LaneControl([5, 6, 7, 8, 9, 10, 11, 12], performance.now() - 80);
      workerDid(control, 8);
      let ran = 0;
      expect(await stealTails([control], 1, async (txs) => void (ran += txs.length))).to.equal(0);
      expect(ran).to.equal(0);
    });

    it("keep taking from a worker that makes no progress until its remainder is small", async () => {
      const control = new LaneControl(
        Array.from({ length: 40 }, (_, i) => 100 + i),
        performance.now() - 1000,
      );
      workerDid(control, 2);
      const taken: number[] = [];
      const count = await stealTails([control], 1, async (txs) => void taken.push(...txs));
      expect(count).to.equal(taken.length);
      expect(taken.length).to.be.greaterThan(40 - 3 - MIN_STEAL);
      expect(new Set(taken).size).to.equal(taken.length);
      expect(Math.min(...taken)).to.be.greaterThanOrEqual(103);
    });
  });

  describe("in a block", () => {
    let world: FuzzWorld;
    let runtime: ParallelExecution;
    const coinbase = COINBASES[0] ?? "";

    before(async () => {
      world = await createWorld(400);
      runtime = new ParallelExecution({
        strategy: "block-stm",
        workers: 2,
        timeoutMs: 3000,
        policy: { minTransactions: 2, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 },
      });
    });
    after(() => runtime.close());

    it("a worker stuck early in its lane: the main thread runs the rest, results equal sequential's", async () => {
      const txs = randomBlock(world, rng(301), { size: 240, hotRatio: 0.1 });
      const mark = world.state.mark();
      const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase));
      world.state.rollback(mark);
      runtime.engine.nextFault = { kind: "hang", afterTxs: 3 };
      const result = await runBlock(world, runtime.executorFor(world.sequential), txs, coinbase);
      expect(digest(world, result)).to.equal(expected);
      const stats = result.stats as ParallelExecutionStats;
      const workerLane = stats.laneSizes[1] ?? 0;
      expect(workerLane).to.be.greaterThan(50);
      // Whatever the timing, the worker finished at most 3 and may be running a 4th: the rest was taken.
      expect(stats.stolen).to.be.at.least(workerLane - 4 - MIN_STEAL);
      // It hung before its limit (a timeout), or the limit came first and it stopped (no fault at all).
      expect(stats.faults.map((f) => f.kind).join(",")).to.be.oneOf(["", "timeout"]);
      world.blockNumber++;
      syncNonces(world);
    });
  });
});

import type { TypedTransaction } from "@ethereumjs/tx";
import { expect } from "chai";
import type { Interface } from "ethers";

import {
  firstOfSender,
  prefixForMainWork,
  previousOfSender,
  runnableAfter,
  senderChainLanes,
} from "../../../../src/runtime/parallel/block-stm/sender-chains.js";
import { contiguousSegments } from "../../../../src/runtime/parallel/block-stm/block-stm-executor.js";
import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";

import { COINBASES, createWorld, digest, runBlock, syncNonces, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";
const ALWAYS = { minTransactions: 2, denseConflictRatio: 2, probeSize: 8, minSequentialMs: 0, minMsPerTx: 0 };

/** Stand-ins for transactions from these senders (only the sender is read). */
function fromSenders(senders: readonly string[]): TypedTransaction[] {
  return senders.map((s) => ({ getSenderAddress: () => ({ toString: () => s }) }) as unknown as TypedTransaction);
}

/** Each transaction's sender's first transaction, for these senders. */
const firsts = (senders: readonly string[]): number[] => firstOfSender(previousOfSender(fromSenders(senders)));

describe("sender chains: Block-STM keeps a sender's transactions on one lane", function () {
  this.timeout(120_000);

  it("finds each sender's previous and first transaction of the block", () => {
    const senders = ["a", "b", "a", "c", "b", "a"];
    expect(previousOfSender(fromSenders(senders))).to.deep.equal([-1, -1, 0, -1, 1, 2]);
    expect(firsts(senders)).to.deep.equal([0, 1, 0, 3, 1, 0]);
  });

  it("leaves out of a stolen piece what would miss its sender's previous transaction", () => {
    const previous = previousOfSender(fromSenders(["a", "b", "c", "a", "b", "d", "a", "c", "b"]));
    // Decided 0–2; piece 5–8: d(5) new, a(6) follows a(3) undecided, c(7) follows c(2) decided, b(8) b(4).
    expect(runnableAfter([5, 6, 7, 8], previous, 3)).to.deep.equal([5, 7]);
    // Decided 0–4: a(6) follows a(3) decided, b(8) follows b(4) decided.
    expect(runnableAfter([5, 6, 7, 8], previous, 5)).to.deep.equal([5, 6, 7, 8]);
    // Within the piece: a(6) follows a(3) in it.
    expect(runnableAfter([3, 4, 5, 6], previous, 3)).to.deep.equal([3, 4, 5, 6]);
  });

  it("shortens the prefix so that it and the commit-point transactions are the main thread's share", () => {
    // Senders a b c d a b c d: at a = 2, positions 4 (a) and 5 (b) run at commit: 4 ≤ 4.
    const first = firsts(["a", "b", "c", "d", "a", "b", "c", "d"]);
    expect(prefixForMainWork(first, 4)).to.equal(2);
    expect(prefixForMainWork(first, 3)).to.equal(1);
    expect(prefixForMainWork(first, 8)).to.equal(8);
    // All senders different: the share as asked.
    expect(prefixForMainWork(firsts(["a", "b", "c", "d"]), 3)).to.equal(3);
    expect(prefixForMainWork(first, 0)).to.equal(0);
  });

  it("moves a later transaction out of every lane after the prefix, or to its sender's first worker lane", () => {
    const first = firsts(["a", "b", "c", "a", "d", "c", "e", "d", "b"]);
    const lanes = senderChainLanes(first, contiguousSegments(9, 3, 1, 3));
    // Segments [0 1 2] [3 4 5] [6 7 8]: a(3), c(5), b(8) follow the prefix; d(7) joins d(4)'s lane.
    expect(lanes).to.deep.equal([[0, 1, 2], [4, 7], [6]]);
  });

  describe("on a block whose senders each send twice", () => {
    let world: FuzzWorld;
    before(async () => {
      world = await createWorld(120);
    });

    it("runs no transaction twice where the contiguous cut re-ran every second one, and equals sequential", async () => {
      const token = world.interfaces.Token as Interface;
      const transfer = (from: string, i: number): TypedTransaction => {
        const to = `0x${(0x5e4d0000 + i).toString(16).padStart(40, "0")}`;
        const data = fromHex(token.encodeFunctionData("transfer", [to, 1n]));
        return tx(world, from, world.contracts.Token, data, 0n, 80_000n);
      };
      const senders = world.accounts.slice(0, 100);
      const txs = [...senders.map(transfer), ...senders.map((s, i) => transfer(s, 100 + i))];
      const mark = world.state.mark();
      const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase));
      world.state.rollback(mark);
      const runtime = new ParallelExecution({
        strategy: "block-stm",
        workers: 2,
        policy: { ...ALWAYS, lossGuard: false },
      });
      try {
        runtime.engine.fixedMainShare = 0.5;
        runtime.engine.stealing = false;
        const result = await runBlock(world, runtime.executorFor(world.sequential), txs, coinbase);
        expect(digest(world, result)).to.equal(expected);
        const stats = result.stats as ParallelExecutionStats;
        expect(stats.strategy).to.equal("block-stm");
        // Prefix 0–49; 100–149 (their senders sent in the prefix) at their commit points; the worker the rest.
        expect(stats.laneSizes).to.deep.equal([50, 100]);
        expect(stats.reExecutions).to.equal(0);
        // The worker ran its lane: no fault sent its transactions to their commit points.
        expect(stats.faults).to.deep.equal([]);
        expect(stats.executionsPerTx).to.deep.equal(new Array(200).fill(1));
      } finally {
        await runtime.close();
        world.blockNumber++;
        syncNonces(world);
      }
    });
  });
});

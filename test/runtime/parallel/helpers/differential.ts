/**
 * One differential case: a seed gives a few consecutive random blocks; the sequential executor runs them
 * first (the reference), then every configured executor runs the same blocks from the same state, and each
 * block's digest (state root, full state dump, receipts, logs, gas, skipped transactions) must be equal.
 */
import type { BlockExecutor } from "../../../../src/runtime/exec/block-execution.js";

import { COINBASES, digest, randomBlock, rng, runBlock, syncNonces, type FuzzWorld } from "./fuzz-world.js";

/** A divergence found by a case. */
export interface Divergence {
  readonly seed: number;
  readonly executor: string;
  readonly block: number;
}

/**
 * The block's coinbase: mostly the funded one and the missing one; sometimes a hot sender or the cold vault
 * (nonce or code: its balance is lazy during execution too, observed by vault transactions and senders).
 */
function pickCoinbase(w: FuzzWorld, r: number): string {
  if (r < 0.6) return COINBASES[0] ?? "";
  if (r < 0.8) return COINBASES[1] ?? "";
  return (r < 0.9 ? w.accounts[1] : w.contracts.Vault1) ?? "";
}

/** Runs case `seed` against `executors`; returns the divergences and the number of blocks checked. */
export async function differentialCase(
  w: FuzzWorld,
  seed: number,
  executors: ReadonlyArray<readonly [string, BlockExecutor]>,
  blocks = 2,
): Promise<{ divergences: Divergence[]; stats: unknown[] }> {
  const random = rng(seed);
  const mark = w.state.mark();
  const firstBlock = w.blockNumber;
  const shapes = Array.from({ length: blocks }, () => ({
    size: 8 + Math.floor(random() * 40),
    hotRatio: [0, 0.1, 0.3, 1][Math.floor(random() * 4)] ?? 0,
    coinbase: pickCoinbase(w, random()),
    gasLimit: random() < 0.15 ? 1_500_000n : 30_000_000n,
  }));
  const txs = [];
  const expected: string[] = [];
  for (const shape of shapes) {
    const block = randomBlock(w, random, shape);
    txs.push(block);
    expected.push(digest(w, await runBlock(w, w.sequential, block, shape.coinbase, shape.gasLimit)));
    w.blockNumber++;
    syncNonces(w);
  }
  const after = w.state.mark();
  const divergences: Divergence[] = [];
  const stats: unknown[] = [];
  for (const [name, executor] of executors) {
    w.state.rollback(mark);
    w.blockNumber = firstBlock;
    for (let b = 0; b < shapes.length; b++) {
      const shape = shapes[b];
      const result = await runBlock(w, executor, txs[b] ?? [], shape?.coinbase ?? "", shape?.gasLimit);
      w.blockNumber++;
      stats.push(result.stats);
      if (digest(w, result) !== expected[b]) divergences.push({ seed, executor: name, block: b });
    }
  }
  if (w.state.mark() !== after) divergences.push({ seed, executor: "journal-length", block: -1 });
  return { divergences, stats };
}

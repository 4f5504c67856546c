/**
 * Block-STM's segments with each sender's chain of transactions kept on one lane. A sender's later
 * transaction reads the nonce and balance its earlier one wrote: cut into contiguous segments, a block whose
 * senders send several times each (the report's workloads: 100 transactions from 100 random accounts) puts
 * many such pairs on two lanes, and every later one the worker runs fails over the pre-block state (its nonce
 * is too high) and runs again on the main thread — 16–17 of the worker's ≈ 50 transactions in the sample
 * report's crafting-parallel and nft-mint-parallel blocks (2026-12-07).
 *
 * So: a transaction whose sender's first transaction of the block is in the main lane (the block's prefix,
 * which runs in place) goes in no lane — it runs once, at its commit point on the main thread, as the
 * sequential executor would run it; one whose sender first sent in an earlier worker lane joins that lane (the
 * lane stays in block order). The main lane is then shortened so that the prefix plus those commit-point
 * transactions are the main thread's share the balance asked for. A block whose senders are all different
 * (E1's 1,000 transfers) is cut exactly as before. A piece of a worker lane the main thread takes back
 * (lanes/tail-steal.ts) runs over the committed state, so it leaves out the same way each transaction whose
 * sender's previous one is neither committed nor in the piece (runnableAfter). Results never depend on the cut: every speculative result
 * is validated at its commit point.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { TxIndex } from "../../vocabulary.js";

/** Per transaction, the block position of its sender's previous transaction in the block (−1: none). */
export function previousOfSender(txs: readonly TypedTransaction[]): TxIndex[] {
  const last = new Map<string, TxIndex>();
  return txs.map((tx, j) => {
    const sender = tx.getSenderAddress().toString();
    const previous = last.get(sender) ?? -1;
    last.set(sender, j);
    return previous;
  });
}

/** Per transaction, the block position of its sender's first transaction in the block. */
export function firstOfSender(previous: readonly TxIndex[]): TxIndex[] {
  const first: TxIndex[] = [];
  previous.forEach((p, j) => first.push(p < 0 ? j : (first[p] ?? p)));
  return first;
}

/**
 * The transactions of a stolen piece (ascending block positions) that can run over the committed state of
 * the first `decided` transactions plus the piece's own writes: each whose sender's previous transaction is
 * decided or kept in the piece. Any other one would fail there (its nonce is too high): it is left to its
 * commit point instead of running twice.
 */
export function runnableAfter(piece: readonly TxIndex[], previous: readonly TxIndex[], decided: number): TxIndex[] {
  const kept = new Set<TxIndex>();
  for (const j of piece) {
    const p = previous[j] ?? -1;
    if (p < decided || kept.has(p)) kept.add(j);
  }
  return [...kept];
}

/**
 * The longest main-lane prefix `a` whose main-thread work — `a` plus the transactions past `a` whose sender
 * first sent below `a` (they run at their commit points) — is at most `target` (at least 0).
 */
export function prefixForMainWork(first: readonly TxIndex[], target: number): number {
  const n = first.length;
  // Transaction j runs at its commit point for every a in first[j] + 1 … j: +1 at the start, −1 past the end.
  const change = new Array<number>(n + 2).fill(0);
  first.forEach((f, j) => {
    if (f >= j) return;
    change[f + 1] = (change[f + 1] ?? 0) + 1;
    change[j + 1] = (change[j + 1] ?? 0) - 1;
  });
  let atCommit = 0;
  let best = 0;
  for (let a = 0; a <= n; a++) {
    atCommit += change[a] ?? 0;
    if (a + atCommit > target) break;
    best = a;
  }
  return best;
}

/**
 * Lanes for `lanes` threads: the main lane the prefix of `mainCount` transactions, the rest in contiguous
 * segments as `contiguous` cuts them, then each sender's later transactions moved to its first lane (out of
 * every lane when that is the main lane's prefix). Each lane stays in block order.
 */
export function senderChainLanes(first: readonly TxIndex[], contiguous: readonly (readonly TxIndex[])[]): TxIndex[][] {
  const laneOf = new Int32Array(first.length);
  contiguous.forEach((segment, k) => {
    for (const j of segment) laneOf[j] = k;
  });
  const lanes: TxIndex[][] = contiguous.map((segment, k) => (k === 0 ? [...segment] : []));
  for (let k = 1; k < contiguous.length; k++) {
    for (const j of contiguous[k] ?? []) {
      const home = laneOf[first[j] ?? j] ?? k;
      laneOf[j] = home;
      if (home > 0) lanes[home]?.push(j);
    }
  }
  return lanes;
}

/**
 * How one block is cut for the sharded executor: each transaction's home shard (or none: cross-shard), the
 * shards packed onto the execution threads, and the block's own reasons not to run sharded.
 *
 * Packing: the main thread also runs every cross-shard transaction (at its commit point) and the commit, so it
 * gets fewer single-shard transactions than a worker — its target is the engine's measured main-lane share of
 * the block minus the cross-shard transactions; the workers share the rest. Shards go largest first: one per
 * thread (the largest to the largest target), then each to the thread furthest below its target. With as
 * many shards as threads this is one shard per thread.
 *
 * Reasons to fall back, decided before any lane starts:
 * - too many cross-shard transactions: they run one after another on the main thread after the lanes, so
 *   above `maxCrossShardRatio` (default 20 %) of the block the lanes cannot win back what they cost;
 * - a hot contract: when the conflict probe finds the block densely dependent and one address is the target of
 *   most transactions, the reason names it — no placement keeps one contract's callers apart.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import { toHex } from "../../util/hex.js";
import { keyAddress, type AddressHex, type TxIndex } from "../../vocabulary.js";

import type { ConflictProbe } from "../conflict-probe.js";
import type { Envelope, Partitioner } from "./partitioner.js";

/**
 * Cross-shard share of a block above which the adaptive policy runs it sequentially. Cross-shard transactions
 * run one after another after the lanes, and their writes invalidate the lanes' later results on the same
 * state: bench/sharded.ts measured 1,000 router-like swaps with 31.5 % of them cross-shard at 0.67× of
 * sequential with 609 re-executions (busy machine), so the limit sits well below that.
 */
export const MAX_CROSS_SHARD_RATIO = 0.2;

/** Share of a block's transactions one shared target must have to be named as the hot contract. */
const HOT_TARGET_SHARE = 0.5;

/** The cut of one block. */
export interface ShardPlan {
  /** Home shard of each transaction by block position; undefined: cross-shard. */
  readonly homes: ReadonlyArray<number | undefined>;
  /** Transactions per execution thread (main first), in block order. */
  readonly lanes: TxIndex[][];
  /** Thread of each shard. */
  readonly laneOfShard: number[];
  readonly crossShard: number;
}

/** Sender and target of each transaction. */
export function envelopesOf(transactions: readonly TypedTransaction[]): Envelope[] {
  return transactions.map((tx) => ({
    sender: toHex(tx.getSenderAddress().bytes),
    to: tx.to === undefined ? undefined : toHex(tx.to.bytes),
  }));
}

/**
 * The shard a transaction is confined to, or undefined when it is predicted to span shards: its sender and
 * target live in different shards, or its target is shared (a router) and what its sender was seen touching
 * mostly lives in other shards.
 */
export function homeOf(partitioner: Partitioner, envelope: Envelope): number | undefined {
  const from = partitioner.shardOf(envelope.sender) ?? 0;
  if (envelope.to === undefined) return from;
  const to = partitioner.shardOf(envelope.to);
  if (to === undefined) return partitioner.leaves(envelope.sender) ? undefined : from;
  return to === from ? from : undefined;
}

/**
 * Cuts a block: homes from `partitioner`, shards packed onto `threads` threads, the main thread's target
 * being `mainShare` transactions of the block (cross-shard ones included).
 */
export function planShards(
  partitioner: Partitioner,
  envelopes: readonly Envelope[],
  threads: number,
  mainShare: number,
): ShardPlan {
  const homes = envelopes.map((e) => homeOf(partitioner, e));
  const perShard = new Array<number>(partitioner.shards).fill(0);
  for (const h of homes) if (h !== undefined) perShard[h] = (perShard[h] ?? 0) + 1;
  const crossShard = homes.length - perShard.reduce((a, b) => a + b, 0);
  const laneOfShard = packShards(perShard, laneTargets(homes.length - crossShard, threads, mainShare - crossShard));
  const lanes: TxIndex[][] = Array.from({ length: threads }, () => []);
  homes.forEach((h, j) => {
    if (h !== undefined) lanes[laneOfShard[h] ?? 0]?.push(j);
  });
  return { homes, lanes, laneOfShard, crossShard };
}

/** Target transactions per thread: the main thread's (clamped to the single-shard total), the rest shared. */
function laneTargets(singleShard: number, threads: number, main: number): number[] {
  const m = Math.max(0, Math.min(singleShard, main));
  const rest = threads > 1 ? (singleShard - m) / (threads - 1) : 0;
  return Array.from({ length: threads }, (_, k) => (k === 0 ? m : rest));
}

/**
 * Shards, largest first: the first ones one per thread (the largest to the thread with the largest target: no
 * thread idles while another runs two shards), the rest each to the thread furthest below its target.
 */
function packShards(perShard: readonly number[], targets: readonly number[]): number[] {
  const load = targets.map(() => 0);
  const laneOf = perShard.map(() => 0);
  const order = perShard
    .map((count, shard) => ({ count, shard }))
    .sort((a, b) => b.count - a.count || a.shard - b.shard);
  const byTarget = targets.map((t, k) => ({ t, k })).sort((a, b) => b.t - a.t || a.k - b.k);
  order.forEach(({ count, shard }, rank) => {
    let best = byTarget[rank]?.k ?? 0;
    if (rank >= targets.length) {
      for (let k = 0; k < targets.length; k++) {
        if ((targets[k] ?? 0) - (load[k] ?? 0) > (targets[best] ?? 0) - (load[best] ?? 0)) best = k;
      }
    }
    laneOf[shard] = best;
    load[best] = (load[best] ?? 0) + count;
  });
  return laneOf;
}

/** The fallback reason when too many of the block's transactions span shards, else undefined. */
export function crossShardReason(plan: ShardPlan, maxRatio: number): string | undefined {
  const n = plan.homes.length;
  if (n === 0 || plan.crossShard / n <= maxRatio) return undefined;
  const pct = Math.round((plan.crossShard / n) * 100);
  return (
    `cross-shard: ${pct}% of ${n} transactions span shards (limit ${Math.round(maxRatio * 100)}%); ` +
    "they would run one after another at their commit points"
  );
}

/**
 * The hot contract of a block, for the dense-conflicts reason: the target of at least half the transactions.
 * Undefined when there is none.
 */
export function hotTarget(envelopes: readonly Envelope[]): { address: AddressHex; share: number } | undefined {
  const counts = new Map<AddressHex, number>();
  for (const e of envelopes) if (e.to !== undefined) counts.set(e.to, (counts.get(e.to) ?? 0) + 1);
  let best: { address: AddressHex; share: number } | undefined;
  for (const [address, count] of counts) {
    const share = count / envelopes.length;
    if (share < HOT_TARGET_SHARE) continue;
    if (best === undefined || share > best.share) best = { address, share };
  }
  return best;
}

/**
 * The probe as the sharded executor reads it: a dependency between samples of one shard costs nothing when the
 * later one calls a contract of its own shard — the chain runs in order in that shard's lane. Every other
 * dependency counts: across shards, with a cross-shard transaction, or through a shared contract (its other
 * callers run in other lanes between the two samples). A sample that could not run at the pre-block state is
 * taken to wait for its sender's previous transaction in the block (a later nonce), in the same lane.
 */
export function crossShardProbe(
  probe: ConflictProbe,
  homes: ReadonlyArray<number | undefined>,
  partitioner: Partitioner,
  envelopes: readonly Envelope[],
): ConflictProbe & { readonly through: Array<{ address: AddressHex; count: number }> } {
  if (probe.edges === undefined) return { ...probe, through: [] };
  const local = (i: number, j: number): boolean => {
    const h = homes[j];
    const to = envelopes[j]?.to;
    return i >= 0 && h !== undefined && homes[i] === h && (to === undefined || partitioner.shardOf(to) === h);
  };
  const dependents = new Set<number>();
  const through = new Map<AddressHex, number>();
  probe.edges.forEach(([i, j], e) => {
    if (local(i < 0 ? previousOfSender(envelopes, j) : i, j)) return;
    dependents.add(j);
    const key = probe.via?.[e] ?? "";
    if (key !== "") through.set(keyAddress(key), (through.get(keyAddress(key)) ?? 0) + 1);
  });
  const dependent = dependents.size;
  return {
    ...probe,
    dependent,
    ratio: probe.sampled > 1 ? dependent / (probe.sampled - 1) : 0,
    through: [...through].map(([address, count]) => ({ address, count })).sort((a, b) => b.count - a.count),
  };
}

/** The block position of the latest transaction before `j` from the same sender, or -1. */
function previousOfSender(envelopes: readonly Envelope[], j: number): number {
  const sender = envelopes[j]?.sender;
  for (let i = j - 1; i >= 0; i--) if (envelopes[i]?.sender === sender) return i;
  return -1;
}

/**
 * The dense-conflicts reason in the sharded executor's words: the contract most counted dependencies went
 * through, and whether it is the block's hot target (one contract every transaction calls and writes: no
 * placement keeps its callers apart) or reached through one (a router or entry point every caller shares,
 * whose callees lie in several shards).
 */
export function denseReason(
  reason: string,
  envelopes: readonly Envelope[],
  through: ReadonlyArray<{ address: string; count: number }>,
): string {
  if (!reason.startsWith("dense-conflicts")) return reason;
  const text = reason.replace("depend on an earlier one", "depend on an earlier one in another shard");
  const hot = hotTarget(envelopes);
  const top = through[0];
  const pct = hot === undefined ? 0 : Math.round(hot.share * 100);
  if (top === undefined) return text;
  if (hot !== undefined && hot.address === top.address)
    return `${text}; one hot contract: ${hot.address}, called by ${pct}% of the transactions, is where they conflict (no placement keeps its callers apart)`;
  const entry = hot === undefined ? "" : `, reached through ${hot.address} (called by ${pct}% of the transactions)`;
  return `${text}; they conflict on ${top.address}${entry}`;
}

/** Shares of the load per thread: `main` for the main thread, the rest split evenly. */
export function threadShares(main: number, threads: number): number[] {
  return Array.from({ length: threads }, (_, k) => (k === 0 ? main : (1 - main) / (threads - 1)));
}

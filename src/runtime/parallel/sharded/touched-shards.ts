/**
 * The shards a final execution touched, for the sharded executor's per-block statistics (escaped and spanning
 * transactions). Equivalent to mapping `touchedAddresses` through `Partitioner.shardOf`, but with the shard of
 * each location key remembered for the block: the keys of one pool or token recur in most of its transactions,
 * and a key's hash is cached by the engine where a sliced address string must be hashed anew. Building every
 * execution's address set for these counts cost the main thread ≈ 7 ms per 1,000-swap block (CPU profile,
 * 2026-12-06, loaded machine). Even so the counts cost 6–9 ms of main-thread CPU per such block (the last phase
 * of a sharded block, after the commit, with the worker idle): `withLazySpans` computes them when the
 * statistics are first read (the report and `parallel_getBlockStatistics` do; a test run on the network never
 * does), over the partition frozen at the block.
 */
import type { ExecutedTx } from "../../exec/block-execution.js";
import { keyAddress, type AddressHex, type LocationKey, type TxIndex } from "../../vocabulary.js";

import type { ShardLookup } from "./partitioner.js";

/** No shard: a shared address or the coinbase (its deltas commute). */
const NONE = -1;

/**
 * A function giving the shards (shared addresses have none) an execution touched — its sender and every
 * address other than the coinbase it read, wrote or credited — over `partitioner` as it is now.
 */
export function touchedShards(partitioner: ShardLookup, coinbase: AddressHex): (executed: ExecutedTx) => Set<number> {
  const byKey = new Map<LocationKey, number>();
  const shardOfKey = (key: LocationKey): number => {
    let shard = byKey.get(key);
    if (shard === undefined) {
      const address = keyAddress(key);
      shard = address === coinbase ? NONE : (partitioner.shardOf(address) ?? NONE);
      byKey.set(key, shard);
    }
    return shard;
  };
  return (executed) => {
    const shards = new Set<number>();
    const own = partitioner.shardOf(executed.sender);
    if (own !== undefined) shards.add(own);
    const { reads, writes, deltas } = executed.access;
    for (const key of reads.keys()) add(shards, shardOfKey(key));
    for (const key of writes.keys()) add(shards, shardOfKey(key));
    for (const key of deltas.keys()) add(shards, shardOfKey(key));
    return shards;
  };
}

function add(shards: Set<number>, shard: number): void {
  if (shard !== NONE) shards.add(shard);
}

/** Final executions whose execution touched another shard than their home, or two shards or more. */
export interface SpanCounts {
  /** Single-shard transactions (a home) whose final execution touched another shard. */
  readonly escaped: number;
  /** Transactions (any) whose final execution touched two shards or more. */
  readonly spanning: number;
  /** `spanning` over the final executions, rounded to 3 decimals. */
  readonly spanningRatio: number;
}

/** Counts escaped and spanning transactions of a block's final executions (`homes`: each one's shard, if any). */
export function spanCounts(
  finals: ReadonlyArray<readonly [TxIndex, ExecutedTx]>,
  homes: ReadonlyArray<number | undefined>,
  partition: ShardLookup,
  coinbase: AddressHex,
): SpanCounts {
  const shardsTouched = touchedShards(partition, coinbase);
  let escaped = 0;
  let spanning = 0;
  for (const [j, executed] of finals) {
    const touched = shardsTouched(executed);
    if (touched.size > 1) spanning++;
    const home = homes[j];
    if (home !== undefined && [...touched].some((s) => s !== home)) escaped++;
  }
  const spanningRatio = finals.length === 0 ? 0 : Math.round((spanning / finals.length) * 1000) / 1000;
  return { escaped, spanning, spanningRatio };
}

/**
 * `stats` with `escaped`, `spanning` and `spanningRatio` computed together on first read (enumerable: JSON and
 * spreads see them), over `partition` — frozen when the block ran, so later learning cannot change them.
 */
export function withLazySpans<T extends object>(stats: T, count: () => SpanCounts): T & SpanCounts {
  let counts: SpanCounts | undefined;
  const get = (): SpanCounts => (counts ??= count());
  return Object.defineProperties(stats, {
    escaped: { enumerable: true, get: () => get().escaped },
    spanning: { enumerable: true, get: () => get().spanning },
    spanningRatio: { enumerable: true, get: () => get().spanningRatio },
  }) as T & SpanCounts;
}

/**
 * The shards a final execution touched, for the sharded executor's per-block statistics (escaped and spanning
 * transactions). Equivalent to mapping `touchedAddresses` through `Partitioner.shardOf`, but with the shard of
 * each location key remembered for the block: the keys of one pool or token recur in most of its transactions,
 * and a key's hash is cached by the engine where a sliced address string must be hashed anew. Building every
 * execution's address set for these counts cost the main thread ≈ 7 ms per 1,000-swap block (CPU profile,
 * 2026-12-06, loaded machine).
 */
import type { ExecutedTx } from "../../exec/block-execution.js";
import { keyAddress, type AddressHex, type LocationKey } from "../../vocabulary.js";

import type { Partitioner } from "./partitioner.js";

/** No shard: a shared address or the coinbase (its deltas commute). */
const NONE = -1;

/**
 * A function giving the shards (shared addresses have none) an execution touched — its sender and every
 * address other than the coinbase it read, wrote or credited — over `partitioner` as it is now.
 */
export function touchedShards(partitioner: Partitioner, coinbase: AddressHex): (executed: ExecutedTx) => Set<number> {
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

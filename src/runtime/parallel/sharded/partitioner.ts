/**
 * Assigns accounts and contracts to shards: the `Partitioner` contract the sharded executor plans with, and
 * its simplest kind, `hash`, which spreads addresses by their low bits — they are already hashes. The default
 * kind learns from the access graph: graph-partitioner.ts.
 */
import type { ExecutedTx } from "../../exec/block-execution.js";
import { type AddressHex, keyAddress } from "../../vocabulary.js";

/** The partition, as exported for the report. */
export interface PartitionExport {
  readonly kind: "hash" | "graph";
  readonly shards: number;
  /** address → shard, for addresses the graph partitioner placed (empty for `hash`). */
  readonly assignments: Record<AddressHex, number>;
  readonly shared: AddressHex[];
  /** Share of observed edge weight crossing shards (graph only). */
  readonly cutRatio: number;
}

/** Who sends a transaction and which address it calls (undefined for a contract creation). */
export interface Envelope {
  readonly sender: AddressHex;
  readonly to: AddressHex | undefined;
}

/** The shard of an address (undefined: shared), as a partition gives it. */
export interface ShardLookup {
  shardOf(address: AddressHex): number | undefined;
}

/** Maps addresses to shards. */
export interface Partitioner {
  readonly kind: "hash" | "graph";
  readonly shards: number;
  /** The shard of `address`, or undefined when it is shared. */
  shardOf(address: AddressHex): number | undefined;
  /** The partition as it is now, unchanged by later learning (for statistics computed when first read). */
  frozen(): ShardLookup;
  /** Addresses no shard owns (hubs), sorted. */
  sharedAddresses(): AddressHex[];
  /**
   * Shares of the load the shards should get from the next repartition on (the executor gives the shard on the
   * main thread less: it also runs the cross-shard transactions and the commit). Ignored when malformed.
   */
  balance(shares: readonly number[]): void;
  /** Whether at least half of what `address` was seen touching lives outside its shard (its calls often cross). */
  leaves(address: AddressHex): boolean;
  /**
   * Learns from a block's final executions; `touched`, when the caller has it, holds each one's
   * `touchedAddresses` (else they are computed here).
   */
  observe(
    executed: readonly ExecutedTx[],
    coinbase: AddressHex,
    touched?: ReadonlyArray<ReadonlySet<AddressHex>>,
  ): void;
  /** Before a block runs: learns what it can from its envelopes (sender → target) when they hold new addresses. */
  prepare(envelopes: readonly Envelope[]): void;
  exportPartition(): PartitionExport;
  /** An independent copy: what it learns or is told changes neither this one nor the other (planning a block aside). */
  fork(): Partitioner;
}

/** Shard by address bits. */
export class HashPartitioner implements Partitioner {
  readonly kind = "hash";
  constructor(readonly shards: number) {}
  shardOf(address: AddressHex): number {
    return Number.parseInt(address.slice(-8), 16) % this.shards;
  }
  frozen(): ShardLookup {
    return this;
  }
  leaves(): boolean {
    return false;
  }
  balance(): void {}
  sharedAddresses(): AddressHex[] {
    return [];
  }
  observe(): void {}
  prepare(): void {}
  exportPartition(): PartitionExport {
    return { kind: "hash", shards: this.shards, assignments: {}, shared: [], cutRatio: Number.NaN };
  }
  fork(): HashPartitioner {
    return new HashPartitioner(this.shards);
  }
}

/** Touched addresses of one execution (coinbase deltas excluded: they commute). */
export function touchedAddresses(executed: ExecutedTx, coinbase: AddressHex): Set<AddressHex> {
  const out = new Set<AddressHex>([executed.sender]);
  for (const map of [executed.access.reads, executed.access.writes, executed.access.deltas]) {
    for (const key of map.keys()) {
      const address = keyAddress(key);
      if (address !== coinbase) out.add(address);
    }
  }
  return out;
}

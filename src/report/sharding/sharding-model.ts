/**
 * The sharding what-if as report data: where the workload's accounts would live on S shards under three
 * placement policies, what each placement costs (cross-shard transactions, load imbalance, cut weight,
 * simulated throughput under a stated cost model), which contracts want to share a shard, which synchronous
 * calls a shard boundary would break, and which accounts are too hot for any placement. Plain JSON data: no
 * Map, no bigint, no undefined inside arrays, ratios rounded to 4 decimals; wall time never enters it, so two
 * runs over the same traffic give deep-equal sections.
 */
import type { SourceRef } from "../report-model.js";

/** How accounts are placed on shards. */
export type PlacementPolicy = "address-hash" | "per-contract" | "access-graph";

/** Every policy, in the order tables list them (and break ties of the recommendation). */
export const PLACEMENT_POLICIES: readonly PlacementPolicy[] = ["access-graph", "per-contract", "address-hash"];

/** Shard counts the what-if evaluates. */
export const SHARD_COUNTS: readonly number[] = [2, 4, 8, 16];

/** Shard count the recommendation, the picture, the atomicity list and the `--check` gate use. */
export const REFERENCE_SHARDS = 4;

/** An account as the report names it. */
export interface ShardAccount {
  /** Lowercase address. */
  readonly address: string;
  /** The contract's name when the workload deployed it (with its address when several share it), else `account 0x1234…abcd`. */
  readonly name: string;
  /** The deployed contract's name (`SampleToken`), when known. */
  readonly contract: string | undefined;
  readonly kind: "contract" | "account";
}

/** The cross-shard cost model, stated in the report next to its figures. */
export interface ShardingCostModel {
  /** Synchronous lock: a cross-shard transaction holds all its shards for `gas × (1 + factor)`. */
  readonly syncLockFactor: number;
  /** Asynchronous messages: gas each cross-shard message costs the receiving shard. */
  readonly asyncMessageGas: number;
  /** Asynchronous messages: blocks one hop takes (a call and its reply are two hops). */
  readonly hopBlocks: number;
  /** The model in words. */
  readonly text: string;
}

/** One placement policy at one shard count. */
export interface PlacementFigures {
  readonly policy: PlacementPolicy;
  readonly shards: number;
  /** Transactions touching accounts on more than one shard. */
  readonly crossShardTransactions: number;
  /** `crossShardTransactions / transactions` (0 without transactions). */
  readonly crossShardRatio: number;
  /** Busiest shard's gas over the mean shard gas (1 = perfectly even; `shards` = everything on one shard). */
  readonly loadImbalance: number;
  /** Co-access weight (transactions) of account pairs placed on different shards. */
  readonly cutWeight: number;
  /** Shards holding no account (more shards than accounts, or an uneven placement). */
  readonly emptyShards: number;
  /** Simulated speedup over one chain with synchronous cross-shard locks. */
  readonly syncSpeedup: number;
  /** Simulated throughput over one chain with asynchronous messages. */
  readonly asyncSpeedup: number;
  /** Mean blocks until a transaction's last message lands (1 for a transaction on one shard). */
  readonly asyncLatencyBlocks: number;
}

/** Two accounts many transactions touch together: placing them apart makes all those transactions cross-shard. */
export interface CoLocation {
  readonly first: ShardAccount;
  readonly second: ShardAccount;
  /** Transactions touching both. */
  readonly transactions: number;
  /** Share of the workload's transactions, in [0, 1]. */
  readonly share: number;
  /** Whether the recommended placement keeps them together at {@link REFERENCE_SHARDS} shards. */
  readonly together: boolean;
}

/** How to keep a call working when its two sides live on different shards. */
export type ShardingRemedyKind = "co-locate" | "split-per-shard" | "broker" | "callback";

/** A source line the report points to, with its text. */
export interface SourceLine extends SourceRef {
  readonly text: string;
}

/** A synchronous cross-contract call the recommended placement would cut. */
export interface AtomicityBreak {
  /** The call chain from the transaction's entry to this call (`AmmRouter.swap → AmmPair.swap`). */
  readonly path: readonly string[];
  readonly caller: ShardAccount;
  readonly callerFunction: string;
  readonly callee: ShardAccount;
  readonly calleeFunction: string;
  readonly callerShard: number;
  readonly calleeShard: number;
  /** Transactions making this call across the boundary. */
  readonly transactions: number;
  readonly share: number;
  /** Where the caller makes the call, when the static analysis located it. */
  readonly call: SourceLine | undefined;
  /** `require`/`assert`/`revert` after the call in the caller's function: they assume the call already returned. */
  readonly checksAfter: readonly SourceLine[];
  readonly remedy: { readonly kind: ShardingRemedyKind; readonly text: string };
}

/** An account (or one of its slots) so many transactions touch that its shard becomes the bottleneck. */
export interface HotAccount {
  readonly account: ShardAccount;
  readonly transactions: number;
  readonly share: number;
  /** Its hottest storage locations, named when the layout explains them. */
  readonly slots: ReadonlyArray<{ readonly label: string; readonly transactions: number; readonly share: number }>;
  readonly remedy: string;
  /** Recommended policy at {@link REFERENCE_SHARDS} shards, now and with the account segmented per shard. */
  readonly crossShardRatio: { readonly now: number; readonly segmented: number };
  readonly loadImbalance: { readonly now: number; readonly segmented: number };
}

/** The recommended policy and why. */
export interface ShardingRecommendation {
  readonly policy: PlacementPolicy;
  readonly shards: number;
  readonly crossShardRatio: number;
  readonly syncSpeedup: number;
  readonly reason: string;
}

/** A measured sharded run (the real executor), when the workload record carries one. */
export interface MeasuredSharding {
  readonly shards: number;
  readonly sequentialMs: number;
  readonly shardedMs: number;
  readonly speedup: number;
  readonly crossShardRatio: number | undefined;
  readonly partitioner: string | undefined;
}

/** The sharding section of one workload (or of the test-run profile). */
export interface ShardingSection {
  /** `ok`: figures below; `empty`: no transaction to place (then every list is empty and `notes` says why). */
  readonly status: "ok" | "empty";
  /** Facts a reader needs before the figures (one contract, no cross-contract call, more shards than accounts). */
  readonly notes: readonly string[];
  readonly costModel: ShardingCostModel;
  readonly transactions: number;
  /** Accounts placed (contracts and user accounts whose state the traffic touches; see the header of access-graph.ts). */
  readonly accounts: number;
  readonly contracts: number;
  readonly placements: readonly PlacementFigures[];
  readonly recommended: ShardingRecommendation | undefined;
  /** Shard of every contract (and the heaviest accounts) under the recommendation, heaviest first. */
  readonly assignment: ReadonlyArray<{
    readonly account: ShardAccount;
    readonly gasShare: number;
    readonly shard: number;
  }>;
  readonly coLocate: readonly CoLocation[];
  readonly atomicityBreaks: readonly AtomicityBreak[];
  /** Why the atomicity list is empty, when it is. */
  readonly atomicityNote: string | undefined;
  readonly hotAccounts: readonly HotAccount[];
  /** Share of transactions above which an account counts as hot. */
  readonly hotThreshold: number;
  readonly measured: MeasuredSharding | undefined;
}

/**
 * The sharded executor measured on a workload's own block, for the report's sharding section to show next
 * to its simulation: the first stream block mined again from the snapshot taken before the stream with the
 * sharded executor (access-graph partition), against the same block mined sequentially over the same state
 * (measure-block.ts) — or not mined when the executor's verdict says it would run the block sequentially
 * ({@link shardedFallback}). The wall times, the cross-shard ratio and, when the executor fell back to sequential
 * execution, its stated reason are kept. Wall times of one mining are noisy on a shared machine.
 */
import type { SequentialVerdict } from "../../runtime/parallel/sharded/sharded-executor.js";

/** One measured block of the sharded executor (its last measured round). */
export interface ShardedBlockMeasurement {
  readonly transactions: number;
  /** `sharded`, or `sequential` when the executor fell back. */
  readonly strategy: string;
  /** Why: `sharded`, or the fallback's stated reason (`cross-shard: …`, `dense-conflicts: …`, `small-block: …`). */
  readonly reason: string;
  /** Transactions predicted to span shards (coordinated at their commit point; also told when it fell back). */
  readonly crossShard: number;
  /** Single-shard transactions whose execution touched another shard anyway. */
  readonly escaped: number;
  /** Transactions whose execution touched two shards or more (observed cross-shard); 0 when it fell back. */
  readonly spanning: number;
  /** Transactions and gas per shard (empty when it fell back). */
  readonly shardLoad: ReadonlyArray<{ readonly shard: number; readonly transactions: number; readonly gas: number }>;
}

/**
 * What the report shows as "measured" beside the sharding simulation of one workload
 * (`WorkloadRun.sharded`).
 */
export interface ShardedMeasurement {
  readonly shards: number;
  /** Execution threads, the main thread included. */
  readonly workers: number;
  readonly partitioner: "hash" | "graph";
  /** Wall time of the measured block, mined sequentially and sharded (same state, one after the other). */
  readonly sequentialMs: number;
  readonly shardedMs: number;
  /** sequentialMs / shardedMs. */
  readonly speedup: number;
  /** Measured rounds. */
  readonly rounds: number;
  readonly blocks: readonly ShardedBlockMeasurement[];
  /** Cross-shard transactions / transactions, over the blocks that ran sharded; undefined when none did. */
  readonly crossShardRatio: number | undefined;
  /** The first fallback reason of the measured blocks, undefined when every block ran sharded. */
  readonly fallbackReason: string | undefined;
}

/**
 * The measurement of the sharded executor on one block: `sequentialMs` is the same block mined sequentially
 * over the same state (measure-block.ts), `mined` its sharded mining with the execution statistics.
 */
export function shardedMeasurement(
  sharded: { readonly workers: number; readonly shards: number },
  sequentialMs: number,
  mined: { readonly ms: number; readonly transactions: number; readonly stats: unknown },
): ShardedMeasurement {
  const block = blockMeasurement(mined.transactions, mined.stats);
  const ran = block.strategy === "sharded";
  return {
    shards: sharded.shards,
    workers: sharded.workers,
    partitioner: "graph",
    sequentialMs: round2(sequentialMs),
    shardedMs: round2(mined.ms),
    speedup: round2(sequentialMs / mined.ms),
    rounds: 1,
    blocks: [block],
    crossShardRatio: ran && block.transactions > 0 ? round2(block.crossShard / block.transactions) : undefined,
    fallbackReason: ran ? undefined : block.reason,
  };
}

/**
 * The measurement of a block the sharded executor would run sequentially (its verdict): not mined, since that
 * mining would be the block's sequential mining, `sequentialMs` — 1.0x by construction, with the verdict's reason
 * and the plan's cross-shard count in the block's figures, as its fallback block would carry them.
 */
export function shardedFallback(
  sharded: { readonly workers: number; readonly shards: number },
  sequentialMs: number,
  transactions: number,
  verdict: SequentialVerdict,
): ShardedMeasurement {
  const stats = { ...verdict.stats, strategy: "sequential", reason: verdict.reason };
  return shardedMeasurement(sharded, sequentialMs, { ms: sequentialMs, transactions, stats });
}

/** The figures of one block from its execution statistics (sharded extras when it ran sharded). */
export function blockMeasurement(transactions: number, stats: unknown): ShardedBlockMeasurement {
  const s = (stats ?? {}) as Partial<Record<string, unknown>>;
  const strategy = typeof s.strategy === "string" ? s.strategy : "sequential";
  const load = Array.isArray(s.shardLoad) ? (s.shardLoad as ShardedBlockMeasurement["shardLoad"]) : [];
  return {
    transactions,
    strategy,
    reason: typeof s.reason === "string" ? s.reason : "configured",
    crossShard: typeof s.crossShard === "number" ? s.crossShard : 0,
    escaped: strategy === "sharded" && typeof s.escaped === "number" ? s.escaped : 0,
    spanning: strategy === "sharded" && typeof s.spanning === "number" ? s.spanning : 0,
    shardLoad: strategy === "sharded" ? load : [],
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

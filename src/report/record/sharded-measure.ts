/**
 * The sharded executor measured on a workload's own blocks, for the report's sharding section to show next
 * to its simulation: the first stream block is mined again from the snapshot taken before the stream,
 * sequentially and with the sharded executor (access-graph partition) — and the wall times, the partition, the cross-shard ratio and, when the executor fell back to sequential execution, its stated reason
 * are kept. Wall times are noisy on a shared machine; the speedup is a ratio of medians of the same run.
 */
import type { ParallelRuntime } from "../../runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";
import type { PartitionExport } from "../../runtime/parallel/sharded/partitioner.js";
import type { ExecutedTx } from "../../runtime/exec/block-execution.js";

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
  /** Median wall time of the measured blocks, mined sequentially and sharded (same run, interleaved). */
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
  /** The partition the executor used (address → shard, shared addresses, cut ratio of the access graph). */
  readonly partition: PartitionExport;
}

/** How a sharded measurement reaches the chain: toggles the workload network's executor choice. */
export interface ShardedToggle {
  parallel: boolean;
  /** The runtime blocks go to while `parallel` is on. */
  runtime: ParallelRuntime | undefined;
}

/**
 * Measured rounds: one (the measured block mined once each way). More rounds and a warm-up round made this the
 * largest part of the report's run time (65 % of R1, measured) for a figure shown, never gated.
 */
const ROUNDS = 1;

/** Blocks of the stream measured sharded (the first). */
const MEASURED_BLOCKS = 1;

/**
 * Mines `blocks` (each a list of executed transactions to send again) from `snapshot`, sequentially and with
 * `sharded`, interleaved; leaves the chain at the snapshot's state and returns a fresh snapshot of it with
 * the measurement.
 */
export async function measureSharded(
  provider: ParallelProvider,
  snapshot: string,
  blocks: ReadonlyArray<readonly ExecutedTx[]>,
  toggle: ShardedToggle,
  sharded: { readonly runtime: ParallelRuntime; readonly workers: number; readonly shards: number },
): Promise<{ measurement: ShardedMeasurement; snapshot: string }> {
  let snap = snapshot;
  const times = { sequential: [] as number[], sharded: [] as number[] };
  let last: ShardedBlockMeasurement[] = [];
  await revertTo(provider, snap);
  await sharded.runtime.prepare(provider);
  sharded.runtime.serve(provider);
  // The first block only, no warm-up round: the graph partitioner learns the block's senders and targets
  // before running it. Each extra block or round cost the whole report about a second per workload (R1).
  const measured = blocks.slice(0, MEASURED_BLOCKS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ["sequential", "sharded"] as const) {
      snap = await revertTo(provider, snap);
      toggle.parallel = mode === "sharded";
      toggle.runtime = sharded.runtime;
      const mined = await mineBlocks(provider, measured);
      toggle.parallel = false;
      times[mode].push(mined.ms);
      if (mode === "sharded") last = mined.blocks;
    }
  }
  snap = await revertTo(provider, snap);
  const sequentialMs = median(times.sequential);
  const shardedMs = median(times.sharded);
  const ran = last.filter((b) => b.strategy === "sharded");
  const txs = ran.reduce((s, b) => s + b.transactions, 0);
  const measurement: ShardedMeasurement = {
    shards: sharded.shards,
    workers: sharded.workers,
    partitioner: "graph",
    sequentialMs: round2(sequentialMs),
    shardedMs: round2(shardedMs),
    speedup: round2(sequentialMs / shardedMs),
    rounds: ROUNDS,
    blocks: last,
    crossShardRatio: txs === 0 ? undefined : round2(ran.reduce((s, b) => s + b.crossShard, 0) / txs),
    fallbackReason: last.find((b) => b.strategy !== "sharded")?.reason,
    partition: sharded.runtime.exportPartition(),
  };
  return { measurement, snapshot: snap };
}

/** Reverts to `snapshot` and takes a new one of the same state (a revert consumes its snapshot). */
async function revertTo(provider: ParallelProvider, snapshot: string): Promise<string> {
  await provider.request({ method: "evm_revert", params: [snapshot] });
  return (await provider.request({ method: "evm_snapshot" })) as string;
}

async function mineBlocks(
  provider: ParallelProvider,
  blocks: ReadonlyArray<readonly ExecutedTx[]>,
): Promise<{ ms: number; blocks: ShardedBlockMeasurement[] }> {
  const chain = provider.chain;
  let ms = 0;
  const out: ShardedBlockMeasurement[] = [];
  for (const executed of blocks) {
    for (const e of executed) chain.pool.add(e.tx, e.sender);
    const started = performance.now();
    const stored = await chain.mine();
    ms += performance.now() - started;
    out.push(blockMeasurement(executed.length, stored.execution?.stats));
  }
  return { ms, blocks: out };
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

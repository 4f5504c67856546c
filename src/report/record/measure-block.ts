/**
 * The measured re-runs of a workload (wall time, never gated): the stream's first block is mined again from
 * the snapshot taken before the stream, over the same pre-state each time, reverting in between — with the
 * configured parallel executor, sequentially, and with the sharded executor (access-graph partition) when one is
 * given. The one sequential mining is the baseline of both speedups: the same block, the same state, the same
 * path (`chain.mine`: executor, block assembly, receipts, state root). The recording pass is not the baseline:
 * it ran with an execution observer attached and colder code.
 *
 * The parallel executor goes first, because it may not run in parallel at all: its fallback policy (the
 * conflict probe: dense conflicts, cheap or few transactions) or its loss guard can send the block to the
 * sequential executor. Such a mining *is* the block's sequential mining — the same executor over the same
 * state, preceded only by the probe that decided it — so it is not mined a second time: its time less the
 * probe's is both figures, and the measured speedup is 1.0× by construction, with the fallback's reason (issue
 * 14, R1: on the sample, 8 of 14 workloads fell back, and their second, identical mining showed timing noise of
 * 0.78–1.16× as a finding). Asking the executor itself, rather than forecasting its verdict beside it, keeps the
 * figure exactly what the executor does.
 *
 * One block each way, no warm-up round: every extra mining cost the whole report about a second over the
 * sample's 14 workloads (issue 14, R1) for figures that are shown, never gated. One exception (issue 14, E4):
 * when the parallel re-run measured slower than the sequential mining, the executor's loss guard — which judges
 * a block shape by its last parallel block, and had none before this one — now holds that loss, so the block
 * is mined once more with the parallel executor: what a chain gets for its next block of this shape, which the
 * guard runs sequentially ("sequential (measured-loss)") unless its own measure says parallel won. That mining
 * is the measured figure — when the guard ran it sequentially, the sequential mining's time (the same code: two
 * sequential minings' ratio is timing noise, shown as 1.0× by construction) —; both blocks are in `blocks`, so the
 * report says why.
 *
 * The sharded executor is asked first whether it would run the block sequentially (its verdict, read-only:
 * `ParallelRuntime.sequentialVerdict`; the block size, the cross-shard share and the conflict probe, decided as
 * its mining decides). A block it would send to the sequential executor is not mined: that mining would be the
 * block's sequential mining again — 1.0× by construction, with the verdict's reason — and cost the report 1.9 s
 * of main-thread CPU in the sample's 7 workloads whose sharded runs fell back (issue 14, R1; load 8–9).
 */
import { availableParallelism, loadavg } from "node:os";

import type { ExecutedTx } from "../../runtime/exec/block-execution.js";
import type { ParallelRuntime } from "../../runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";
import { PART_SEPARATOR, type PhaseTimer } from "../phase-timer.js";

import type { MeasuredBlock } from "./measured-reason.js";
import { shardedFallback, shardedMeasurement, type ShardedMeasurement } from "./sharded-measure.js";

/** Re-mines the stream's first block with the real parallel executors to measure them (wall time). */
export interface MeasureOptions {
  readonly workers: number;
  /** The parallel runtime, shared by the runs (each serves it its own chain). */
  readonly runtime: ParallelRuntime;
  /** A sharded runtime (access-graph partition), to measure the sharded executor too. */
  readonly sharded?: { readonly runtime: ParallelRuntime; readonly shards: number };
  /** Settles when the runtimes' workers have started (measure-runtimes' warm-up), if they are warming up. */
  readonly ready?: Promise<void>;
}

/** What the measured re-run of the parallel executor found. */
export interface MeasuredRun {
  readonly workers: number;
  /** The same block mined sequentially over the same state, right before the parallel run. */
  readonly sequentialMs: number;
  readonly parallelMs: number;
  /** Strategies the executor chose, with block counts (`block-stm ×1`, `sequential (dense-conflicts) ×1`). */
  readonly strategies: string;
  /** The parallel re-run's blocks, for the reason a speedup is low or off its prediction (measured-reason.ts). */
  readonly blocks: readonly MeasuredBlock[];
  /** One-minute load average and cores while measuring. */
  readonly load: number;
  readonly cores: number;
}

/** How a measurement reaches the chain: toggles the workload network's executor choice. */
export interface MeasureToggle {
  parallel: boolean;
  /** The runtime parallel blocks go to while `parallel` is on (undefined: the network's own). */
  runtime: ParallelRuntime | undefined;
}

/** Both measurements of one workload. */
export interface BlockMeasurements {
  readonly measured: MeasuredRun;
  readonly sharded: ShardedMeasurement | undefined;
}

/** One timed mining of a block. */
export interface Mined {
  readonly ms: number;
  readonly stats: BlockStats | undefined;
}

/** What the re-runs read of a block's execution statistics. */
export interface BlockStats {
  readonly strategy?: string;
  readonly reason?: string;
  readonly timings?: Partial<Record<"totalMs" | "probeMs" | "dispatchMs" | "waitMs" | "applyMs", number>>;
  readonly reExecutions?: number;
  readonly validationFailures?: number;
  readonly deferred?: number;
  readonly conflicts?: readonly { readonly location: string; readonly count: number }[];
  /** The conflict probe that decided the block (its wall time, ms), when one ran. */
  readonly probe?: { readonly ms?: number };
}

function part(name: string): string {
  return `run workloads${PART_SEPARATOR}${name}`;
}

/**
 * Mines `block` (the executed transactions of the stream's first block) again from `snapshot`: with
 * `measure.runtime`, sequentially unless that mining fell back (see the header), then with `measure.sharded` when
 * given. Worker start-up and replica snapshots are
 * done before the clocks start (they are not the block's cost). Leaves the chain at the snapshot's state.
 */
export async function measureFirstBlock(
  provider: ParallelProvider,
  snapshot: string,
  block: readonly ExecutedTx[],
  toggle: MeasureToggle,
  measure: MeasureOptions,
  timer: PhaseTimer,
): Promise<BlockMeasurements> {
  const setUp = <T>(fn: () => Promise<T>): Promise<T> => timer.time(part("measure set-up"), fn);
  let snap = await setUp(async () => {
    await measure.ready;
    const fresh = await revertTo(provider, snapshot);
    // Both pools take their replica at once (each on its own worker threads; the chain is still meanwhile).
    await Promise.all([measure.runtime.prepare(provider), measure.sharded?.runtime.prepare(provider)]);
    measure.sharded?.runtime.serve(provider);
    return fresh;
  });
  const parallel = await measureParallel(provider, block, toggle, snap, setUp, timer);
  const { sequential, runs } = parallel;
  snap = parallel.snapshot;
  let sharded: ShardedMeasurement | undefined;
  if (measure.sharded !== undefined) {
    snap = await setUp(() => revertTo(provider, snap));
    const shardedRuntime = { ...measure.sharded, workers: measure.workers };
    sharded = await measureSharded(provider, block, toggle, shardedRuntime, sequential.ms, timer);
  }
  await setUp(() => provider.request({ method: "evm_revert", params: [snap] }));
  return { measured: measuredRun(measure.workers, sequential.ms, runs, block.length), sharded };
}

/**
 * The sequential mining a parallel mining was, when the executor sent the block to the sequential executor
 * (its probe or loss guard): its time less the probe's that decided it. Undefined when it ran in parallel.
 */
export function fellBack(run: Mined): Mined | undefined {
  if ((run.stats?.strategy ?? "sequential") !== "sequential") return undefined;
  const probeMs = run.stats?.probe?.ms ?? 0;
  return { ms: Math.max(0, run.ms - probeMs), stats: run.stats };
}

/**
 * The parallel executor's mining of `block` (from the state of `snapshot`), then — unless it fell back, when it
 * was the sequential mining itself (see the header) — the sequential mining, and after a loss the parallel
 * executor's next block of the shape. Returns the minings and the snapshot of the same pre-state to revert to.
 */
async function measureParallel(
  provider: ParallelProvider,
  block: readonly ExecutedTx[],
  toggle: MeasureToggle,
  snapshot: string,
  setUp: <T>(fn: () => Promise<T>) => Promise<T>,
  timer: PhaseTimer,
): Promise<{ sequential: Mined; runs: Mined[]; snapshot: string }> {
  const first = await timer.time(part("measured re-run"), () => mineWith(provider, block, toggle, undefined));
  const once = fellBack(first);
  if (once !== undefined) return { sequential: once, runs: [once], snapshot };
  let snap = await setUp(() => revertTo(provider, snapshot));
  const sequential = await timer.time(part("measured sequential"), () => mineTimed(provider, block));
  const runs = [first];
  if (lost(first, sequential)) {
    snap = await setUp(() => revertTo(provider, snap));
    runs.push(await timer.time(part("measured re-run"), () => mineWith(provider, block, toggle, undefined)));
  }
  return { sequential, runs, snapshot: snap };
}

/**
 * The sharded executor on `block` (from the current state): its verdict, then its mining unless it would run the
 * block sequentially (see the header); `sequentialMs` is the block's sequential mining.
 */
async function measureSharded(
  provider: ParallelProvider,
  block: readonly ExecutedTx[],
  toggle: MeasureToggle,
  sharded: { readonly runtime: ParallelRuntime; readonly shards: number; readonly workers: number },
  sequentialMs: number,
  timer: PhaseTimer,
): Promise<ShardedMeasurement> {
  pool(provider, block);
  const verdict = await timer.time(part("sharded verdict"), () => sharded.runtime.sequentialVerdict(provider));
  if (verdict !== undefined) return shardedFallback(sharded, sequentialMs, block.length, verdict);
  // The block is in the pool already (the verdict read it there).
  const mined = await timer.time(part("measured sharded re-run"), () =>
    mineWith(provider, [], toggle, sharded.runtime),
  );
  return shardedMeasurement(sharded, sequentialMs, { ms: mined.ms, transactions: block.length, stats: mined.stats });
}

/** Whether a parallel mining ran parallel and took longer than the sequential mining of the same block. */
export function lost(run: Mined | undefined, sequential: Mined): boolean {
  return (
    run !== undefined &&
    run.stats?.strategy !== undefined &&
    run.stats.strategy !== "sequential" &&
    run.ms > sequential.ms
  );
}

/** Reverts to `snapshot` and takes a new one of the same state (a revert consumes its snapshot). */
async function revertTo(provider: ParallelProvider, snapshot: string): Promise<string> {
  await provider.request({ method: "evm_revert", params: [snapshot] });
  return (await provider.request({ method: "evm_snapshot" })) as string;
}

/** Mines `block` with the parallel executor of `runtime` (the network's own when undefined). */
async function mineWith(
  provider: ParallelProvider,
  block: readonly ExecutedTx[],
  toggle: MeasureToggle,
  runtime: ParallelRuntime | undefined,
): Promise<Mined> {
  toggle.parallel = true;
  toggle.runtime = runtime;
  try {
    return await mineTimed(provider, block);
  } finally {
    toggle.parallel = false;
    toggle.runtime = undefined;
  }
}

/** Adds `executed`'s transactions to the pool again, in their order. */
function pool(provider: ParallelProvider, executed: readonly ExecutedTx[]): void {
  for (const e of executed) provider.chain.pool.add(e.tx, e.sender);
}

/** Mines a block of `executed`'s transactions again (pooled first): its wall time and execution statistics. */
async function mineTimed(provider: ParallelProvider, executed: readonly ExecutedTx[]): Promise<Mined> {
  pool(provider, executed);
  const started = performance.now();
  const stored = await provider.chain.mine();
  return { ms: performance.now() - started, stats: stored.execution?.stats as BlockStats | undefined };
}

/**
 * The measured run from its minings: the last one is the figure (see the header) — the sequential mining when the
 * executor ran that block sequentially (its fallback or loss guard) —, every one a block.
 */
export function measuredRun(
  workers: number,
  sequentialMs: number,
  runs: readonly Mined[],
  transactions: number,
): MeasuredRun {
  const blocks = runs.map((run) => measuredBlock(run.stats, transactions, run.ms));
  const last = blocks.at(-1);
  const counts = new Map<string, number>();
  for (const b of blocks) counts.set(strategyLabel(b), (counts.get(strategyLabel(b)) ?? 0) + 1);
  return {
    workers,
    sequentialMs,
    // A last block the executor ran sequentially ran the sequential mining's code: 1.0x by construction.
    parallelMs: last === undefined ? 0 : last.strategy === "sequential" ? sequentialMs : last.ms,
    strategies: [...counts].map(([label, count]) => `${label} ×${count}`).join(", "),
    blocks,
    load: loadavg()[0] ?? 0,
    cores: availableParallelism(),
  };
}

/**
 * A block's strategy for the measured run's summary; a fallback says why in a word (`sequential
 * (measured-loss)`, `sequential (dense-conflicts)`...), so a measured speedup below the prediction is explained.
 */
function strategyLabel(block: { strategy: string; reason: string }): string {
  const strategy = block.strategy;
  const why = block.reason.split(":")[0];
  return strategy === "sequential" && why !== undefined && why !== "configured" ? `${strategy} (${why})` : strategy;
}

/** The facts of one re-mined block from its execution statistics. */
function measuredBlock(stats: BlockStats | undefined, transactions: number, ms: number): MeasuredBlock {
  const t = stats?.timings ?? {};
  const overheadMs = (t.probeMs ?? 0) + (t.dispatchMs ?? 0) + (t.waitMs ?? 0) + (t.applyMs ?? 0);
  return {
    transactions,
    strategy: stats?.strategy ?? "sequential",
    reason: stats?.reason ?? "configured",
    overheadMs,
    ms,
    executorMs: t.totalMs ?? ms,
    reExecutions: stats?.reExecutions ?? 0,
    invalid: Math.max(0, (stats?.reExecutions ?? 0) - (stats?.validationFailures ?? 0) - (stats?.deferred ?? 0)),
    conflicts: (stats?.conflicts ?? []).slice(0, MEASURED_CONFLICTS),
  };
}

/** Conflict locations kept per measured block (the reason names the top three labels). */
const MEASURED_CONFLICTS = 12;

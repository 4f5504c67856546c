/**
 * What the executor benchmarks share: timing one block on an executor (state root included), and sampling
 * every configuration on the same block from the same pre-state — interleaved and rotated per round
 * (`stats.ts`) — leaving the world's state and nonces as they were.
 */
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import type { ParallelExecutionStats } from "../src/runtime/parallel/execution-stats.js";
import { fromHex } from "../src/runtime/util/hex.js";
import { runBlock, tx, type FuzzWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

import { interleaved, twinCheck, type StoppingRule } from "./stats.js";

/** One timed block. */
export interface BlockSample {
  readonly ms: number;
  /**
   * CPU time of the main thread on the block (state root included): on a shared machine it moves much less
   * than the wall time, and with the main thread as the critical path its ratio to sequential's bounds the
   * speedup an idle machine would show.
   */
  readonly mainCpuMs: number;
  readonly stats: ParallelExecutionStats | undefined;
  /** When the sample ran (performance.now()), to attribute garbage collections to it afterwards (gcMsOf). */
  readonly window: { readonly start: number; readonly end: number };
}

/** Every garbage collection of the process (main thread's heap), as V8 reports them. */
const gcLog: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcLog.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ["gc"] });

/**
 * Milliseconds of garbage collection (pauses of the main thread's heap) that began inside `sample`'s window.
 * Node hands gc entries to observers only when the event loop turns: a block that never leaves the microtask
 * queue (every sequential one) has none until then — `settle` after each sample lets them in.
 */
export function gcMsOf(sample: BlockSample): number {
  gcLog.push(...gcObserver.takeRecords());
  let ms = 0;
  for (const e of gcLog) if (e.startTime >= sample.window.start && e.startTime < sample.window.end) ms += e.duration;
  return ms;
}

/** Where and how large the benchmark's blocks are. */
export interface BlockSettings {
  readonly coinbase: string;
  readonly gasLimit: bigint;
}

/** One turn of the event loop, after a sample: pending gc entries reach the observer (gcMsOf). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `txs` as one block on `executor` and computes the state root; every transaction must execute. */
export async function timeBlock(
  w: FuzzWorld,
  executor: BlockExecutor,
  txs: TypedTransaction[],
  block: BlockSettings,
): Promise<BlockSample> {
  const started = performance.now();
  const cpu = process.threadCpuUsage();
  const result = await runBlock(w, executor, txs, block.coinbase, block.gasLimit);
  w.state.stateRoot();
  const used = process.threadCpuUsage(cpu);
  const ms = performance.now() - started;
  if (result.executed.length !== txs.length)
    throw new Error(`only ${result.executed.length} of ${txs.length} executed: ${result.skipped[0]?.message}`);
  const mainCpuMs = (used.user + used.system) / 1000;
  const window = { start: started, end: started + ms };
  return { ms, mainCpuMs, stats: result.stats as ParallelExecutionStats | undefined, window };
}

/**
 * A full garbage collection before every sample, only with `BENCH_GC=1`. Measured (2026-12-06, idle, 1,000-ERC20
 * block, 5 rounds): with it the sequential executor took 317 ms wall for 235 ms of main-thread CPU, without it
 * 187 ms for 180 ms — on 2 cores V8's concurrent sweeping after a forced collection runs into the timed sample
 * and stretches every configuration (twins agreed 2 % apart without it). `--expose-gc` set at run time: the
 * benchmarks are started without flags by `npm run bench`.
 */
export const collectGarbage: () => void =
  process.env.BENCH_GC === "1"
    ? (() => {
        setFlagsFromString("--expose-gc");
        return runInNewContext("gc") as () => void;
      })()
    : () => undefined;

/**
 * Rounds run and discarded before the kept ones: a worker thread runs only its lane of each block (about half of
 * it), and its per-transaction CPU time measured 1.5–1.7× the main lane's over its first blocks against
 * 1.1–1.3× from the tenth on (thread CPU time, 1,000-ERC20 blocks, 2026-12-06): one warm-up block left the
 * first kept samples of the parallel configurations on a colder worker than the later ones.
 */
export const WARM_UP_ROUNDS = 2;

/**
 * Parallel blocks each worker pool runs (through `ParallelExecution.warmUpExecutor`, no loss guard) before the
 * first round of the first workload. Measured 2026-12-06 (sharded, 1,000 swaps on 32 pools, consecutive
 * parallel blocks, thread CPU time): the worker's CPU per transaction went 0.56, 0.41, 0.33 … ms and settled at
 * 0.22–0.23 ms from about the tenth block on, against the main lane's 0.19–0.21 throughout. Without it the
 * parallel configurations of an interleaved run each got 7 blocks in all, most of them on a cold worker — and
 * their loss guard, seeing those lose, sent the next blocks to sequential, so the worker never warmed.
 */
export const WORKER_WARM_UP_BLOCKS = 10;

/** A worker pool's warm-up: the executor to warm and the worker's CPU ms per transaction of each block. */
export interface WorkerWarmUp {
  readonly name: string;
  readonly executor: BlockExecutor;
}

/**
 * Runs each of `targets` `blocks` times on `txs`, each block from the pre-state `reset` restores; returns per
 * target the worker's CPU ms per transaction of each block (null for a block that did not run in parallel).
 */
export async function warmWorkers(
  w: FuzzWorld,
  txs: TypedTransaction[],
  targets: readonly WorkerWarmUp[],
  blocks: number,
  block: BlockSettings,
  reset: () => void,
): Promise<Record<string, Array<number | null>>> {
  const curves: Record<string, Array<number | null>> = {};
  for (const { name, executor } of targets) {
    const curve: Array<number | null> = [];
    for (let b = 0; b < blocks; b++) {
      reset();
      const { stats } = await timeBlock(w, executor, txs, block);
      curve.push(workerMsPerTx(stats));
    }
    curves[name] = curve;
  }
  reset();
  return curves;
}

/** The worker lanes' CPU ms per transaction they ran (stolen ones excluded), null for a sequential block. */
function workerMsPerTx(stats: ParallelExecutionStats | undefined): number | null {
  if (stats === undefined || stats.strategy === "sequential") return null;
  const sizes = stats.laneSizes ?? [];
  const ran = sizes.slice(1).reduce((a, b) => a + b, 0) - (stats.stolen ?? 0);
  return ran > 0 ? Math.round((stats.timings.workerCpuMs / ran) * 1000) / 1000 : null;
}

/**
 * Samples each named configuration `rounds` times on the block `make` builds, every sample from the same
 * pre-state; `sample` runs one configuration (its block already rolled back to the pre-state). `warmUp`, when
 * given, runs first on the same block (with a `reset` to the pre-state), before the warm-up rounds.
 */
export async function sampleConfigurations(
  w: FuzzWorld,
  make: (w: FuzzWorld) => TypedTransaction[],
  names: readonly string[],
  rounds: number,
  sample: (name: string, txs: TypedTransaction[]) => Promise<BlockSample>,
  warmUp?: (txs: TypedTransaction[], reset: () => void) => Promise<void>,
  until?: StoppingRule<string, BlockSample>,
): Promise<Map<string, BlockSample[]>> {
  const mark = w.state.mark();
  const nonces = new Map(w.nonces);
  const txs = make(w);
  if (warmUp !== undefined) await warmUp(txs, () => w.state.rollback(mark));
  const samples = await interleaved(
    names,
    rounds,
    WARM_UP_ROUNDS,
    async (name): Promise<BlockSample> => {
      w.state.rollback(mark);
      collectGarbage();
      const taken = await sample(name, txs);
      await settle();
      return taken;
    },
    until,
  );
  w.state.rollback(mark);
  w.nonces.clear();
  for (const [k, v] of nonces) w.nonces.set(k, v);
  return samples;
}

/**
 * The stopping rule of the benchmarks: more rounds (up to `maxRounds` kept) until the wall-time medians of
 * `configuration` and its identical `twin` agree within the tolerance (stats.ts). Rounds are cheap (a block
 * is ≈ 0.2 s), and on a shared machine 11 rounds left twins 11 % apart even when their minima agreed.
 */
export function untilTwinsAgree(
  configuration: string,
  twin: string,
  maxRounds: number,
): StoppingRule<string, BlockSample> {
  const ms = (samples: ReadonlyMap<string, readonly BlockSample[]>, name: string): number[] =>
    (samples.get(name) ?? []).map((s) => s.ms);
  return {
    maxRounds,
    converged: (samples) => twinCheck(configuration, ms(samples, configuration), twin, ms(samples, twin)).agree,
  };
}

/**
 * How the samples of a workload were taken and read, for the benchmarks' JSON `method` (`min`–`max`: the kept
 * rounds of the stopping rule).
 */
export function samplingMethod(min: number, max: number): string {
  return (
    `per workload the configurations interleaved and rotated per round after ${WARM_UP_ROUNDS} warm-up rounds; ` +
    `at least ${min} rounds kept, then more until the sequential twins' wall medians agree within 5 % ` +
    `or ${max} rounds are kept (roundsKept; twins.agree says whether they did); no forced GC unless BENCH_GC=1; ` +
    `the headline is the median; p25 and iqm (mean of the middle half) are reported beside it because ` +
    `the noise of a shared machine is one-sided (other processes' CPU, garbage collection: gcMs is the median ` +
    `main-thread GC pause time per block, V8's gc entries) — iqmTwins is the twin check on the iqm`
  );
}

/**
 * The workloads to run: those named by `--only a,b` on the command line (an unknown name is an error naming
 * the known ones), else all of them.
 */
export function selectedWorkloads<W>(all: Readonly<Record<string, W>>): Array<[string, W]> {
  const i = process.argv.indexOf("--only");
  if (i === -1) return Object.entries(all);
  const names = (process.argv[i + 1] ?? "").split(",").filter((x) => x !== "");
  const unknown = names.filter((x) => !(x in all));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(`--only: unknown workload "${unknown.join(",")}"; known: ${Object.keys(all).join(", ")}`);
  return names.map((x) => [x, all[x] as W]);
}

/** Median of `xs`, NaN for none. */
function middle(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * The CPU side of a configuration's samples next to sequential's: the medians of its main-thread CPU time and —
 * over the samples that ran in parallel only (a fallback block has no worker time) — of its worker CPU time, and `mainCpuRatio` = sequential's main-thread CPU / this one's — the speedup an otherwise idle 2-core
 * machine allows while the main thread is the critical path (it ignores waits for a worker lane). Shared
 * machines stretch wall times by other processes' load; CPU times much less.
 */
export function cpuFigures(
  samples: readonly BlockSample[],
  sequential: readonly BlockSample[],
): { mainCpuMs: number; workerCpuMs: number; mainCpuRatio: number } {
  const main = middle(samples.map((s) => s.mainCpuMs));
  // A sequential block's statistics have no phase timings (it is typed as a parallel one here).
  const timings = (s: BlockSample): Partial<ParallelExecutionStats["timings"]> | undefined => s.stats?.timings;
  const parallel = samples.filter((s) => s.stats !== undefined && s.stats.strategy !== "sequential");
  const worker = parallel.length === 0 ? 0 : middle(parallel.map((s) => timings(s)?.workerCpuMs ?? 0));
  const ratio = middle(sequential.map((s) => s.mainCpuMs)) / main;
  const r = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
  return { mainCpuMs: r(main, 1), workerCpuMs: r(worker, 1), mainCpuRatio: r(ratio, 2) };
}

/**
 * Deploys `count` AMM pools in one sequential block from `deployer`, naming them `Pool#0`… in the world's
 * contracts (the pool workloads of the executor and sharded benchmarks).
 */
export async function deployPools(
  w: FuzzWorld,
  count: number,
  deployer: string,
  settings: { readonly coinbase: string; readonly gasLimit: bigint },
): Promise<void> {
  const txs = Array.from({ length: count }, () =>
    tx(w, deployer, undefined, fromHex(w.bytecode.Pool ?? "0x"), 0n, 400_000n),
  );
  const result = await runBlock(w, w.sequential, txs, settings.coinbase, settings.gasLimit);
  result.executed.forEach((e, i) => (w.contracts[`Pool#${i}`] = e.createdAddress ?? ""));
  w.blockNumber++;
}

/**
 * What one parallel block execution reports (through `parallel_getBlockStatistics` and to the report):
 * executions per transaction, validation failures with the locations that caused them, wasted gas, the
 * dependency edges of the final execution (tx j read a location whose last writer was tx i < j), worker
 * faults, timings, and the strategy with the reason it was chosen. Every field is JSON-ready (numbers,
 * strings, arrays) so the provider can return it as is.
 */
import type { ExecutedTx, ExecutionStats } from "../exec/block-execution.js";
import type { LocationKey, TxIndex } from "../vocabulary.js";

/** A worker fault seen during the block. */
export interface FaultRecord {
  readonly lane: number;
  readonly kind: "error" | "crash" | "timeout";
  readonly message: string;
  /** Transactions of the lane, re-executed at their commit points instead. */
  readonly transactions: number;
}

/** Statistics of a block executed by Block-STM or the sharded executor (or their sequential fallback). */
export interface ParallelExecutionStats extends ExecutionStats {
  readonly strategy: "sequential" | "block-stm" | "sharded";
  readonly reason: string;
  readonly executions: number;
  readonly transactions: number;
  /** Execution threads used: the main thread plus pool workers. */
  readonly lanes: number;
  readonly reExecutions: number;
  /** Executions of each transaction (speculative plus at its commit point), by block position. */
  readonly executionsPerTx: number[];
  readonly validationFailures: number;
  /** Speculative results that needed the chain (BLOCKHASH, console.log) and ran at their commit point. */
  readonly deferred: number;
  /** Gas of speculative executions thrown away. */
  readonly wastedGas: number;
  /** Locations whose values invalidated speculative reads, most frequent first. */
  readonly conflicts: Array<{ location: LocationKey; count: number }>;
  /** [i, j]: transaction j read a location last written (or credited) by transaction i < j. */
  readonly dependencies: Array<[TxIndex, TxIndex]>;
  readonly faults: FaultRecord[];
  /**
   * Milliseconds: `speculativeMs` is the main lane, `commitMs` the in-order commit, of which `waitMs` waiting
   * for worker lanes and `applyMs` writing the block to the committed state; `dispatchMs` preparing and
   * sending worker lanes; `stealMs` the main thread running stolen worker-lane tails; `workerCpuMs` the CPU time
   * the worker threads spent on their lanes (replica sync included, `workerSyncCpuMs` of it) — on a busy machine their wall time
   * exceeds it. The `…CpuMs` figures are the main thread's CPU time: on the whole block (`mainCpuMs`, statistics
   * included) and in its phases; other processes stretch wall times much more than CPU times.
   */
  readonly timings: Timings;
  /** Transactions in each lane (main first), as planned. */
  readonly laneSizes: number[];
  /** Worker-lane transactions the main thread took back and ran itself (lanes/tail-steal.ts). */
  readonly stolen: number;
}

/** Phase timings of one block. */
export interface Timings {
  totalMs: number;
  probeMs: number;
  dispatchMs: number;
  speculativeMs: number;
  commitMs: number;
  waitMs: number;
  applyMs: number;
  stealMs: number;
  workerCpuMs: number;
  workerSyncCpuMs: number;
  mainCpuMs: number;
  dispatchCpuMs: number;
  laneCpuMs: number;
  stealCpuMs: number;
  commitCpuMs: number;
}

/**
 * Starts timing a phase of the block on the main thread: the returned function adds its wall time to
 * `timings[wall]` and its CPU time to `timings[cpu]`, and returns the wall time.
 */
export function startPhase(
  timings: Timings,
  wall: "dispatchMs" | "speculativeMs" | "stealMs" | "commitMs",
  cpu: "dispatchCpuMs" | "laneCpuMs" | "stealCpuMs" | "commitCpuMs",
): () => number {
  const started = performance.now();
  const startedCpu = threadCpuMs();
  return () => {
    const ms = performance.now() - started;
    timings[wall] += ms;
    timings[cpu] += threadCpuMs() - startedCpu;
    return ms;
  };
}

/**
 * CPU time of the calling thread so far, in ms; the process's on Node before 22.15, which has no
 * `process.threadCpuUsage` (the plugin supports Node 22.13 and later).
 */
export function threadCpuMs(): number {
  const perThread = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  const used = typeof perThread === "function" ? perThread.call(process) : process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Collects the statistics of one block. */
export class StatsRecorder {
  readonly #executions: number[];
  #failures = 0;
  #deferred = 0;
  #wasted = 0n;
  #reExecutions = 0;
  readonly #conflicts = new Map<LocationKey, number>();
  readonly faults: FaultRecord[] = [];
  readonly timings: Timings = {
    totalMs: 0,
    probeMs: 0,
    dispatchMs: 0,
    speculativeMs: 0,
    commitMs: 0,
    waitMs: 0,
    applyMs: 0,
    stealMs: 0,
    workerCpuMs: 0,
    workerSyncCpuMs: 0,
    mainCpuMs: 0,
    dispatchCpuMs: 0,
    laneCpuMs: 0,
    stealCpuMs: 0,
    commitCpuMs: 0,
  };
  laneSizes: number[] = [];
  stolen = 0;
  readonly #started = performance.now();
  readonly #startedCpu = threadCpuMs();

  constructor(readonly transactions: number) {
    this.#executions = new Array<number>(transactions).fill(0);
  }

  /** A speculative execution of `tx` happened. */
  speculated(tx: TxIndex): void {
    this.#executions[tx] = (this.#executions[tx] ?? 0) + 1;
  }

  /** Transactions that ran at their commit point, with the time it took. */
  readonly #commitMs = new Map<TxIndex, number>();

  /** `tx` ran at its commit point (a re-execution when a speculative execution preceded it). */
  executedAtCommit(tx: TxIndex, ms: number): void {
    if ((this.#executions[tx] ?? 0) > 0) this.#reExecutions++;
    this.#executions[tx] = (this.#executions[tx] ?? 0) + 1;
    this.#commitMs.set(tx, ms);
  }

  /** Transactions executed at their commit point. */
  get commitExecuted(): Iterable<TxIndex> {
    return this.#commitMs.keys();
  }

  /** Time tx spent executing at its commit point. */
  commitMsOf(tx: TxIndex): number {
    return this.#commitMs.get(tx) ?? 0;
  }

  /** The speculative result of a transaction failed validation on `location`. */
  validationFailed(location: LocationKey, gas: bigint): void {
    this.#failures++;
    this.#wasted += gas;
    this.#conflicts.set(location, (this.#conflicts.get(location) ?? 0) + 1);
  }

  /** A speculative result was deferred to the commit point. */
  deferredOne(): void {
    this.#deferred++;
  }

  /**
   * The final statistics; `finals` are the executed transactions with their block positions. The dependency
   * edges are worked out when first read (`parallel_getBlockStatistics`, a report), not on the main thread of
   * every block: 2.5–6 ms per 1,000-transaction block (measured 2026-12-06) that only statistics need.
   */
  finish(
    base: { strategy: ParallelExecutionStats["strategy"]; reason: string; lanes: number },
    finals: ReadonlyArray<readonly [TxIndex, ExecutedTx]>,
    extra: Record<string, unknown> = {},
  ): ParallelExecutionStats {
    const conflicts = [...this.#conflicts].map(([location, count]) => ({ location, count }));
    conflicts.sort((a, b) => b.count - a.count || a.location.localeCompare(b.location));
    this.timings.totalMs = performance.now() - this.#started;
    this.timings.mainCpuMs = threadCpuMs() - this.#startedCpu;
    const stats = {
      ...base,
      executions: this.#executions.reduce((a, b) => a + b, 0),
      transactions: this.transactions,
      reExecutions: this.#reExecutions,
      executionsPerTx: [...this.#executions],
      validationFailures: this.#failures,
      deferred: this.#deferred,
      wastedGas: Number(this.#wasted),
      conflicts,
      dependencies: [] as Array<[TxIndex, TxIndex]>,
      faults: this.faults,
      timings: roundTimings(this.timings),
      laneSizes: this.laneSizes,
      stolen: this.stolen,
      ...extra,
    };
    return withLazyDependencies(stats, finals);
  }
}

/** `stats` whose `dependencies` are computed on first read (an enumerable property: JSON and spreads see it). */
function withLazyDependencies<T extends { dependencies: Array<[TxIndex, TxIndex]> }>(
  stats: T,
  finals: ReadonlyArray<readonly [TxIndex, ExecutedTx]>,
): T {
  let edges: Array<[TxIndex, TxIndex]> | undefined;
  return Object.defineProperty(stats, "dependencies", {
    enumerable: true,
    get: () => (edges ??= dependencyEdges(finals)),
  });
}

/** Edges i → j where j read a location whose last writer before it was i (final incarnations). */
export function dependencyEdges(finals: ReadonlyArray<readonly [TxIndex, ExecutedTx]>): Array<[TxIndex, TxIndex]> {
  const lastWriter = new Map<LocationKey, TxIndex>();
  const edges: Array<[TxIndex, TxIndex]> = [];
  for (const [j, executed] of finals) {
    const from = new Set<TxIndex>();
    for (const key of executed.access.reads.keys()) {
      const i = lastWriter.get(key);
      if (i !== undefined) from.add(i);
    }
    for (const i of [...from].sort((a, b) => a - b)) edges.push([i, j]);
    for (const key of executed.access.writes.keys()) lastWriter.set(key, j);
    for (const key of executed.access.deltas.keys()) lastWriter.set(key, j);
  }
  return edges;
}

function roundTimings(timings: Timings): Timings {
  const rounded = { ...timings };
  for (const key of Object.keys(rounded) as Array<keyof Timings>) rounded[key] = Math.round(rounded[key] * 100) / 100;
  return rounded;
}

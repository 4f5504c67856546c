/**
 * The main thread's side of the analysis thread (analysis-thread.ts): the report's analyses run on the
 * machine's second core while the workloads are recorded. It shares the recording's measure lock
 * (measure-lock.ts, {@link REPORT_LOCK_SLOTS}): the thread parks before each piece of work while a recording thread
 * measures, and a measured mining waits for the piece in hand, so no analysis runs beside a measured mining.
 * Requests are answered in order; a workload's checks are sent in the report's order.
 *
 * On by default on a machine with two cores or more; `HARDHAT_PARALLEL_ANALYSIS_THREAD=0` keeps every analysis
 * on the main thread after the recording (the results are the same). It pays when the second core is free.
 * Idle on this project's 2-core machine, the merged code with and without it (bench/report.ts --rounds 3
 * --against . --against-env HARDHAT_PARALLEL_ANALYSIS_THREAD=0, 2026-12-07 08:50): 18.8 s against 21.1 s wall,
 * CPU 27.6 against 26.9 s, peak RSS 706 against 565 MiB.
 * Earlier, on its branch with the sample report (bench/report.ts, medians of 3 alternating
 * rounds, load from other jobs): this checkout with and without the thread at load 2.5–4, 14.2 s against
 * 15.4 s wall (CPU +1 %); against the code before the thread, 19.6 s against 21.8 s at load 4–5 (CPU +1.5 %),
 * but 27.8 s against 27.1 s at load 5.5–6 (CPU +7 %), and the first version lost at load 7–9 (35.5 s against
 * 27.9 s). Peak RSS +100–140 MB (the thread's heap, the recordings' copies).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import type { AnalysisResult } from "../../analyzer/index.js";
import { unrelayError } from "../errors.js";
import { PART_SEPARATOR, type PhaseTimer } from "../phase-timer.js";
import { MeasureLock, measureLockBuffer, REPORT_LOCK_SLOTS, type MeasureGate } from "../record/measure-lock.js";
import type { PrecisionReport, WorkloadReport } from "../report-model.js";
import { threadEntry } from "../thread-entry.js";

import {
  analyzedWorkload,
  chainsOf,
  type AnalysisMessage,
  type AnalysisRequest,
  type AnalysisThreadData,
  type AnalyzedWorkload,
  type Soundness,
} from "./analysis-thread.js";
import type { AnalysisPaths } from "./project-analysis.js";
import type { Acknowledgements } from "./static-view.js";

/** Whether the report's analyses run on a thread of their own beside the recording (on two cores or more). */
export function analysisThreadWanted(): boolean {
  return process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD !== "0" && availableParallelism() >= 2;
}

/** What the analysis thread answers at the end. */
export interface FinishedAnalyses {
  /** Each workload's report entry, in the report's order. */
  readonly workloads: WorkloadReport[];
  readonly testProfile: WorkloadReport | undefined;
  readonly precision: PrecisionReport | undefined;
  readonly soundness: Soundness;
}

/** Chains of the test-run profile (one per test connection) checked per request. */
const PROFILE_CHAINS_PER_REQUEST = 8;

/** Indices 0, 1, 2… let through in order whatever order they arrive in. */
export class InOrder {
  readonly #arrived = new Set<number>();
  #next = 0;

  /** Notes that `index` arrived; returns the indices now let through, ascending (each once). */
  arrive(index: number): number[] {
    this.#arrived.add(index);
    const ready: number[] = [];
    for (; this.#arrived.has(this.#next); this.#next++) ready.push(this.#next);
    return ready;
  }
}

/** The analysis thread, seen from the main thread. */
export class AnalysisThread implements MeasureGate {
  readonly #worker: Worker;
  readonly #timer: PhaseTimer;
  readonly #lock: SharedArrayBuffer;
  /** The main thread's handle on the lock, for its measured minings. */
  readonly #gate: MeasureLock;
  readonly #reports = new Map<number, WorkloadReport>();
  readonly #sent = new Set<number>();
  /** The test-run profile's requests, until sent. */
  #profile: AnalysisRequest[] = [];
  /** Workloads whose checks may go: checks go in the report's order. */
  readonly #checkable = new InOrder();
  readonly #static: Promise<{ result: AnalysisResult | undefined; acks: Acknowledgements }>;
  #finished: ((message: Extract<AnalysisMessage, { type: "finished" }>) => void) | undefined;
  #failure: Error | undefined;
  #onFailure: Array<(error: Error) => void> = [];

  /**
   * Starts the thread: it begins with the static analysis of `paths`. It parks before each piece of work while
   * a thread holding `lock` (the recording's measure lock, {@link REPORT_LOCK_SLOTS} slots) measures.
   */
  constructor(
    paths: AnalysisPaths,
    timer: PhaseTimer,
    lock: SharedArrayBuffer = measureLockBuffer(REPORT_LOCK_SLOTS.count),
  ) {
    this.#timer = timer;
    this.#lock = lock;
    this.#gate = new MeasureLock(lock, REPORT_LOCK_SLOTS.main);
    const entry = threadEntry(new URL("./analysis-thread.js", import.meta.url));
    const { artifactsDir, testsDir, sourcesDirs } = paths;
    const workerData: AnalysisThreadData = {
      artifactsDir,
      testsDir,
      sourcesDirs,
      lock,
      slot: REPORT_LOCK_SLOTS.analysis,
    };
    // Busy from the start (the static analysis): a measurer waits for it until the thread parks or is idle.
    new MeasureLock(lock, REPORT_LOCK_SLOTS.analysis).markRunning();
    this.#worker = new Worker(entry.filename, { workerData, execArgv: entry.execArgv });
    this.#static = new Promise((resolve, reject) => {
      this.#onFailure.push(reject);
      this.#worker.on("message", (message: AnalysisMessage) => {
        if (message.type === "static") resolve(message);
        this.#receive(message);
      });
    });
    this.#static.catch(() => {});
    this.#worker.on("error", (error) => this.#fail(error));
    this.#worker.on("exit", (code) => this.#fail(new Error(`the analysis thread exited (code ${code})`)));
  }

  /** Before each request of the recording on this thread: parks while another recording thread measures. */
  step(): Promise<void> {
    return this.#gate.step();
  }

  /** Before a measured mining: waits for the analysis in hand (and any other recording thread) to park. */
  async acquire(): Promise<void> {
    const started = performance.now();
    await this.#gate.acquire();
    // What holding the thread back costs the recording: the wait for its request in hand.
    this.#timer.add(`run workloads${PART_SEPARATOR}wait for the analysis thread`, performance.now() - started);
  }

  release(): void {
    this.#gate.release();
  }

  /** The analyzer's result and the acknowledgements (rejects with the static analysis's error). */
  staticAnalysis(): Promise<{ result: AnalysisResult | undefined; acks: Acknowledgements }> {
    return this.#static;
  }

  /**
   * Queues the report entry of the workload at `index` (once per index), and the checks of every workload whose
   * entry and those of all before it are queued: the precision and soundness figures keep the report's order
   * whatever order the workloads were recorded in.
   */
  add(index: number, workload: AnalyzedWorkload): void {
    if (this.#sent.has(index) || this.#failure !== undefined) return;
    this.#sent.add(index);
    this.#post({ type: "workload", index, workload: analyzedWorkload(workload) });
    for (const ready of this.#checkable.arrive(index)) this.#post({ type: "checks", index: ready });
    this.#postProfile();
  }

  /**
   * Queues the test-run profile's entry and checks, a few chains at a time (read before the recording: analysed
   * while the workloads are recorded, its checks joining the figures after every workload's). They are sent
   * with the first recorded workload's: the static analysis already runs beside the first workload, and a
   * measured mining waits for the piece in hand.
   */
  profile(profile: AnalyzedWorkload): void {
    const count = chainsOf(profile.run).length;
    this.#profile = [{ type: "profile", workload: analyzedWorkload(profile) }];
    for (let from = 0; from < count; from += PROFILE_CHAINS_PER_REQUEST)
      this.#profile.push({
        type: "profile checks",
        chains: [from, Math.min(count, from + PROFILE_CHAINS_PER_REQUEST)],
      });
  }

  /** Sends the test-run profile's requests, if not yet sent. */
  #postProfile(): void {
    for (const request of this.#profile) this.#post(request);
    this.#profile = [];
  }

  /**
   * The workloads' entries (`count` of them, every index queued), the test-run profile's (when queued) and the
   * precision oracle's and the soundness check's over all of them.
   */
  finish(count: number): Promise<FinishedAnalyses> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const finished = new Promise<Extract<AnalysisMessage, { type: "finished" }>>((resolve, reject) => {
      this.#finished = resolve;
      this.#onFailure.push(reject);
    });
    this.#postProfile();
    this.#post({ type: "finish" });
    return finished.then((message) => {
      for (const [phase, ms] of Object.entries(message.phases)) this.#timer.add(phase, ms);
      const workloads = Array.from({ length: count }, (_, index) => {
        const report = this.#reports.get(index);
        if (report === undefined) throw new Error(`the analysis thread has no report of workload ${index}`);
        return report;
      });
      const { testProfile, precision, soundness } = message;
      return { workloads, testProfile, precision, soundness };
    });
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners("exit");
    await this.#worker.terminate();
    new MeasureLock(this.#lock, REPORT_LOCK_SLOTS.analysis).finish();
  }

  #post(request: AnalysisRequest): void {
    if (this.#failure === undefined) this.#worker.postMessage(request);
  }

  #receive(message: AnalysisMessage): void {
    if (message.type === "failed") return this.#fail(unrelayError(message.error));
    if (message.type === "static") this.#timer.add("static analysis", message.ms);
    if (message.type === "workload") this.#reports.set(message.index, message.report);
    if (message.type === "workload" || message.type === "checked" || message.type === "profiled")
      for (const [phase, ms] of Object.entries(message.phases)) this.#timer.add(phase, ms);
    if (message.type === "finished") this.#finished?.(message);
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    // A thread that failed analyses nothing more: measurers no longer wait for it.
    new MeasureLock(this.#lock, REPORT_LOCK_SLOTS.analysis).finish();
    for (const reject of this.#onFailure) reject(error);
  }
}

/**
 * The main thread's side of the analysis thread (analysis-thread.ts): the report's analyses run on the
 * machine's second core while this thread records the workloads. It is the recording's measure gate: before a
 * measured mining, `acquire` waits until the thread has answered its request in hand and holds the next ones
 * back until `release`, so no analysis runs beside a measured mining. Requests go one at a time, in order.
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
import type { MeasureGate } from "../record/measure-lock.js";
import type { PrecisionReport, WorkloadReport } from "../report-model.js";
import { threadEntry } from "../thread-entry.js";

import {
  analyzedWorkload,
  type AnalysisMessage,
  type AnalysisRequest,
  type AnalyzedWorkload,
  type Soundness,
} from "./analysis-thread.js";
import type { AnalysisPaths } from "./project-analysis.js";
import type { Acknowledgements } from "./static-view.js";

/**
 * Whether the report's analyses run on a thread of their own beside the recording: not when the recording
 * takes both cores itself (`HARDHAT_PARALLEL_RECORD_THREADS=2`, whose threads it could not hold back).
 */
export function analysisThreadWanted(): boolean {
  const recordThreads = Number(process.env.HARDHAT_PARALLEL_RECORD_THREADS ?? 1);
  return process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD !== "0" && availableParallelism() >= 2 && !(recordThreads > 1);
}

/** What the analysis thread answers at the end. */
export interface FinishedAnalyses {
  /** Each workload's report entry, in the report's order. */
  readonly workloads: WorkloadReport[];
  readonly testProfile: WorkloadReport | undefined;
  readonly precision: PrecisionReport | undefined;
  readonly soundness: Soundness;
}

/** The analysis thread, seen from the main thread. */
export class AnalysisThread implements MeasureGate {
  readonly #worker: Worker;
  readonly #timer: PhaseTimer;
  readonly #waiting: AnalysisRequest[] = [];
  readonly #reports = new Map<number, WorkloadReport>();
  readonly #sent = new Set<number>();
  readonly #static: Promise<{ result: AnalysisResult | undefined; acks: Acknowledgements }>;
  #finished: ((message: Extract<AnalysisMessage, { type: "finished" }>) => void) | undefined;
  /** Settles when the thread has answered every request sent so far (the static analysis first). */
  #idle: Promise<void>;
  #answered: () => void = () => {};
  #busy = true;
  #paused = false;
  #failure: Error | undefined;
  #onFailure: Array<(error: Error) => void> = [];

  /** Starts the thread: it begins with the static analysis of `paths`. */
  constructor(paths: AnalysisPaths, timer: PhaseTimer) {
    this.#timer = timer;
    const entry = threadEntry(new URL("./analysis-thread.js", import.meta.url));
    const { artifactsDir, testsDir, sourcesDirs } = paths;
    const workerData: AnalysisPaths = { artifactsDir, testsDir, sourcesDirs };
    this.#worker = new Worker(entry.filename, { workerData, execArgv: entry.execArgv });
    this.#idle = new Promise((resolve) => (this.#answered = resolve));
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

  /** Nothing to do before each request of the recording: the thread is held back by `acquire` alone. */
  async step(): Promise<void> {}

  /** Before a measured mining: waits for the request in hand, holds the next ones back. */
  async acquire(): Promise<void> {
    this.#paused = true;
    const started = performance.now();
    await this.#idle;
    // What holding the thread back costs the recording: the wait for its request in hand.
    this.#timer.add(`run workloads${PART_SEPARATOR}wait for the analysis thread`, performance.now() - started);
  }

  release(): void {
    this.#paused = false;
    this.#pump();
  }

  /** The analyzer's result and the acknowledgements (rejects with the static analysis's error). */
  staticAnalysis(): Promise<{ result: AnalysisResult | undefined; acks: Acknowledgements }> {
    return this.#static;
  }

  /** Queues the report entry of the workload at `index`, then its checks (once per index). */
  add(index: number, workload: AnalyzedWorkload): void {
    if (this.#sent.has(index)) return;
    this.#sent.add(index);
    this.#waiting.push({ type: "workload", index, workload: analyzedWorkload(workload) }, { type: "checks", index });
    this.#pump();
  }

  /**
   * The workloads' entries (`count` of them, every index queued), the test-run profile's and the precision
   * oracle's and the soundness check's over all of them.
   */
  finish(count: number, profile: AnalyzedWorkload | undefined): Promise<FinishedAnalyses> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const finished = new Promise<Extract<AnalysisMessage, { type: "finished" }>>((resolve, reject) => {
      this.#finished = resolve;
      this.#onFailure.push(reject);
    });
    this.#waiting.push({ type: "finish", profile: profile === undefined ? undefined : analyzedWorkload(profile) });
    this.#pump();
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
  }

  #pump(): void {
    if (this.#busy || this.#paused || this.#failure !== undefined) return;
    const next = this.#waiting.shift();
    if (next === undefined) return;
    this.#busy = true;
    this.#idle = new Promise((resolve) => (this.#answered = resolve));
    this.#worker.postMessage(next);
  }

  #receive(message: AnalysisMessage): void {
    if (message.type === "failed") return this.#fail(unrelayError(message.error));
    if (message.type === "static") this.#timer.add("static analysis", message.ms);
    if (message.type === "workload") this.#reports.set(message.index, message.report);
    if (message.type === "workload" || message.type === "checked")
      for (const [phase, ms] of Object.entries(message.phases)) this.#timer.add(phase, ms);
    if (message.type === "finished") this.#finished?.(message);
    this.#busy = false;
    this.#answered();
    this.#pump();
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#busy = false;
    this.#answered();
    for (const reject of this.#onFailure) reject(error);
  }
}

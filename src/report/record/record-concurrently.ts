/**
 * Records the workloads on two threads at once — the main thread and one workload thread (workload-thread.ts)
 * — since recording (setup, the stream's blocks) is one thread's work and the machine has a second core. Each
 * thread claims the next unclaimed workload in the report's order; a workload thread only takes
 * `parallel.workloads` entries (a workload file's code lives in this thread). Every measured mining holds the
 * shared measure lock, so it runs while the other thread is parked: the measured figures are taken as on one
 * thread (measure-lock.ts). Results keep the report's order; the first failure stops both threads.
 *
 * The report's `run workloads › …` parts then add up the two threads' time and may exceed `run workloads`,
 * which stays wall time. Opt-in: `HARDHAT_PARALLEL_RECORD_THREADS=2` (see {@link recordThreads}).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { relayError, ReportError, unrelayError } from "../errors.js";
import { PhaseTimer } from "../phase-timer.js";
import { threadEntry } from "../thread-entry.js";
import type { LoadedWorkload, WorkloadSpec } from "../workloads/workload-loader.js";

import { MeasureLock, measureLockBuffer, REPORT_LOCK_SLOTS } from "./measure-lock.js";
import type { CompletedWorkload, RecordHooks, RecordHost, RecordSettings } from "./record-workloads.js";
import { measureRuntimes, runJob, timeParked } from "./workload-job.js";
import type { WorkloadRun } from "./workload-runner.js";
import { type ArtifactAnswer, type ThreadData, type ThreadMessage } from "./workload-thread.js";

/**
 * The config entry a workload thread can build `w` from: undefined for a workload file, or for options that
 * cannot cross to a thread (a function in a template's options): those run on the main thread.
 */
function threadSpec(w: LoadedWorkload): WorkloadSpec | undefined {
  if (w.spec === undefined) return undefined;
  try {
    return structuredClone(w.spec);
  } catch {
    return undefined;
  }
}

/**
 * Threads to record `loaded` on: `HARDHAT_PARALLEL_RECORD_THREADS` (1 or 2; default 1), at most the machine's
 * cores, and 1 unless there are several workloads and a workload thread could take one. Two threads did not
 * pay on this project's 2-core machine (the sample report: 15.9–20.5 s against 16.4–18.8 s on one thread,
 * +10–30 % CPU, +150 MB resident), so they are opt-in.
 */
export function recordThreads(loaded: readonly LoadedWorkload[]): number {
  const configured = Number(process.env.HARDHAT_PARALLEL_RECORD_THREADS ?? 1);
  const wanted = Number.isInteger(configured) && configured >= 1 ? Math.min(configured, 2) : 1;
  const threads = Math.min(wanted, availableParallelism());
  return loaded.length >= 2 && loaded.some((w) => threadSpec(w) !== undefined) ? threads : 1;
}

/** One aggregated progress display for workloads running on several threads: `update(index, done)`, `close()`. */
function sharedProgress(
  loaded: readonly LoadedWorkload[],
  host: RecordHost,
): { update: (index: number, done: number) => void; close: () => void } {
  const bar = host.progress?.(`${loaded.length} workloads`);
  const done = loaded.map(() => 0);
  const total = loaded.reduce((n, w) => n + w.params.transactions, 0);
  const update = (index: number, count: number) => {
    done[index] = count;
    bar?.update(
      done.reduce((a, b) => a + b, 0),
      total,
    );
  };
  return { update, close: () => bar?.done() };
}

/** The workload thread, seen from the main thread. */
interface RecordThread {
  /** Settles when the thread has run its last job: rejects with its first failure. */
  readonly finished: Promise<void>;
  /** Its first failure, once there is one (the main thread then stops claiming). */
  failure(): Error | undefined;
  terminate(): Promise<void>;
}

/** The recording state both threads share on the main thread. */
interface Shared {
  readonly runs: Array<WorkloadRun | undefined>;
  readonly progress: (index: number, done: number) => void;
  readonly timer: PhaseTimer;
  /** Keeps a workload's run and tells the hooks. */
  readonly done: (index: number, run: WorkloadRun) => void;
}

function startThread(data: ThreadData, host: RecordHost, shared: Shared): RecordThread {
  const entry = threadEntry(new URL("./workload-thread.js", import.meta.url));
  const worker = new Worker(entry.filename, { workerData: data, execArgv: entry.execArgv });
  let failure: Error | undefined;
  let settled = false;
  const finished = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      failure ??= error;
      new MeasureLock(data.lock, data.slot).finish();
      reject(failure);
    };
    worker.on("message", (message: ThreadMessage) => {
      if (message.type === "artifact") void answerArtifact(worker, host, message);
      else if (message.type === "progress") shared.progress(message.index, message.done);
      else if (message.type === "done") {
        for (const [phase, ms] of Object.entries(message.phases)) shared.timer.add(phase, ms);
        shared.done(message.index, message.run);
      } else if (message.type === "failed") failure ??= unrelayError(message.error);
      else if (failure === undefined) {
        settled = true;
        resolve();
      } else fail(failure);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the workload thread exited (code ${code}) before finishing`)));
  });
  finished.catch(() => {});
  return { finished, failure: () => failure, terminate: async () => void (await worker.terminate()) };
}

async function answerArtifact(
  worker: Worker,
  host: RecordHost,
  request: { readonly id: number; readonly workload: string; readonly name: string },
): Promise<void> {
  let answer: ArtifactAnswer;
  try {
    answer = { id: request.id, artifact: await host.artifacts(request.workload)(request.name) };
  } catch (error) {
    answer = { id: request.id, error: relayError(error) };
  }
  const a = answer.artifact;
  // Only what a workload uses crosses (an artifact object may carry more than structured cloning accepts).
  const artifact =
    a === undefined
      ? undefined
      : { contractName: a.contractName, sourceName: a.sourceName, abi: a.abi, bytecode: a.bytecode };
  worker.postMessage({ ...answer, artifact } satisfies ArtifactAnswer);
}

/**
 * Records `loaded` on the main thread and one workload thread; the completed workloads in `loaded`'s order.
 * `hooks.recorded` hears of each as soon as it is recorded; `hooks.lock` is the measure lock when other threads
 * (the analysis thread) park at it too.
 */
export async function recordConcurrently(
  loaded: readonly LoadedWorkload[],
  settings: RecordSettings,
  host: RecordHost,
  timer: PhaseTimer,
  hooks: RecordHooks = {},
): Promise<CompletedWorkload[]> {
  const { hardfork, strategy, workers, shards } = settings;
  const lock = hooks.lock ?? measureLockBuffer(2);
  const claims = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * loaded.length);
  // The thread counts as running until it has booted and parks at its first step.
  new MeasureLock(lock, REPORT_LOCK_SLOTS.workloadThread).markRunning();
  const runs: Array<WorkloadRun | undefined> = loaded.map(() => undefined);
  const bar = sharedProgress(loaded, host);
  const done = (index: number, run: WorkloadRun) => {
    runs[index] = run;
    const w = loaded[index];
    if (w !== undefined) hooks.recorded?.(index, { ...w, run });
  };
  const shared = { runs, progress: bar.update, timer, done };
  const jobs = loaded.flatMap((w, index) => {
    const spec = threadSpec(w);
    return spec === undefined ? [] : [{ index, spec }];
  });
  const settingsOfJobs = { hardfork, strategy, workers, shards };
  const artifacts = new Map(await host.projectArtifacts?.());
  const data = { settings: settingsOfJobs, jobs, claims, lock, slot: REPORT_LOCK_SLOTS.workloadThread, artifacts };
  const thread = startThread(data, host, shared);
  try {
    const main = { ...shared, lock: new MeasureLock(lock, REPORT_LOCK_SLOTS.main), claims };
    await runOnMainThread(loaded, settings, host, main, thread);
    await thread.finished;
  } finally {
    bar.close();
    await thread.terminate();
  }
  return loaded.map((w, index) => {
    const run = runs[index];
    if (run === undefined) throw new ReportError("WORKLOAD_FAILED", missing(w));
    return { ...w, run };
  });
}

function missing(w: LoadedWorkload): Record<string, string> {
  return {
    name: w.definition.name,
    phase: "recording",
    problem: "no thread recorded it",
    hint: "Run the report again with HARDHAT_PARALLEL_RECORD_THREADS=1 and report the problem.",
  };
}

async function runOnMainThread(
  loaded: readonly LoadedWorkload[],
  settings: RecordSettings,
  host: RecordHost,
  shared: Shared & { readonly lock: MeasureLock; readonly claims: SharedArrayBuffer },
  thread: RecordThread,
): Promise<void> {
  const claims = new Int32Array(shared.claims);
  const runtimes = measureRuntimes(settings);
  // This thread's parts, without the time it was parked (see phase-timer.ts).
  const timer = new PhaseTimer();
  timeParked(shared.lock, timer);
  try {
    for (const [index, w] of loaded.entries()) {
      const failure = thread.failure();
      if (failure !== undefined) throw failure;
      if (Atomics.compareExchange(claims, index, 0, 1) !== 0) continue;
      const bar = () => ({ update: (done: number) => shared.progress(index, done), done: () => {} });
      const jobHost = { artifacts: host.artifacts, progress: bar };
      const run = await runJob(w, settings, jobHost, runtimes.measure, { timer: shared.timer, gate: shared.lock });
      shared.done(index, run);
    }
  } finally {
    shared.lock.finish();
    await runtimes.close();
    for (const [phase, ms] of Object.entries(timer.phases)) shared.timer.add(phase, ms);
  }
}

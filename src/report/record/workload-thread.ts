/**
 * A workload thread: records `parallel.workloads` entries beside the main thread (record-concurrently.ts).
 * It claims jobs from the shared claim list, runs each on its own chain with its own parallel runtimes, steps
 * through the shared measure lock (so its recording never overlaps another thread's measured mining) and
 * sends each run back. Contract artifacts come from the main thread, which holds Hardhat's artifacts.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";

import { relayError, unrelayError, type RelayedError } from "../errors.js";
import { PhaseTimer } from "../phase-timer.js";
import type { ArtifactLoader, WorkloadArtifact } from "../workloads/runtime-workload-api.js";
import { configWorkload, type WorkloadSpec } from "../workloads/workload-loader.js";

import { MeasureLock } from "./measure-lock.js";
import { measureRuntimes, runJob, timeParked, type JobSettings, type MeasureRuntimes } from "./workload-job.js";
import type { WorkloadRun } from "./workload-runner.js";

/** What the main thread gives a workload thread. */
export interface ThreadData {
  readonly settings: JobSettings;
  /** The config workloads this thread may run, with their index in the report's order. */
  readonly jobs: ReadonlyArray<{ readonly index: number; readonly spec: WorkloadSpec }>;
  /** One Int32 per workload of the report: 1 once a thread has claimed it. */
  readonly claims: SharedArrayBuffer;
  readonly lock: SharedArrayBuffer;
  readonly slot: number;
  /** Artifacts by unique contract name, known up front; any other name is asked of the main thread. */
  readonly artifacts: ReadonlyMap<string, WorkloadArtifact>;
}

/** Messages from a workload thread. */
export type ThreadMessage =
  | { readonly type: "artifact"; readonly id: number; readonly workload: string; readonly name: string }
  | { readonly type: "progress"; readonly index: number; readonly done: number }
  | {
      readonly type: "done";
      readonly index: number;
      readonly run: WorkloadRun;
      readonly phases: Record<string, number>;
    }
  | { readonly type: "failed"; readonly index: number; readonly error: RelayedError }
  | { readonly type: "finished" };

/** The main thread's answer to an artifact request. */
export interface ArtifactAnswer {
  readonly id: number;
  readonly artifact?: WorkloadArtifact;
  readonly error?: RelayedError;
}

/**
 * Artifacts from `known`, else by request to the main thread (which answers between its own pieces of work,
 * so a request may wait for a block it is mining).
 */
function artifactClient(
  port: MessagePort,
  known: ReadonlyMap<string, WorkloadArtifact>,
): (workload: string) => ArtifactLoader {
  const waiting = new Map<number, { resolve: (a: WorkloadArtifact) => void; reject: (e: Error) => void }>();
  let next = 0;
  port.on("message", (answer: ArtifactAnswer) => {
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.artifact !== undefined) pending?.resolve(answer.artifact);
    else pending?.reject(unrelayError(answer.error ?? { message: "no artifact" }));
  });
  return (workload) => (name) =>
    new Promise((resolve, reject) => {
      const artifact = known.get(name);
      if (artifact !== undefined) return resolve(artifact);
      const id = next++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ type: "artifact", id, workload, name } satisfies ThreadMessage);
    });
}

/**
 * Waits for the runtimes' worker threads (started by `measureRuntimes`) before the first job, so their boot
 * never overlaps a measurement.
 */
async function bootRuntimes(runtimes: MeasureRuntimes): Promise<void> {
  await runtimes.measure?.ready;
}

async function runJobs(port: MessagePort, data: ThreadData): Promise<void> {
  const lock = new MeasureLock(data.lock, data.slot);
  const claims = new Int32Array(data.claims);
  const runtimes = measureRuntimes(data.settings);
  const artifacts = artifactClient(port, data.artifacts);
  try {
    await bootRuntimes(runtimes);
    for (const { index, spec } of data.jobs) {
      if (Atomics.compareExchange(claims, index, 0, 1) !== 0) continue;
      const timer = new PhaseTimer();
      timeParked(lock, timer);
      const progress = () => ({
        update: (done: number) => port.postMessage({ type: "progress", index, done } satisfies ThreadMessage),
        done: () => {},
      });
      try {
        const run = await runJob(configWorkload(spec), data.settings, { artifacts, progress }, runtimes.measure, {
          timer,
          gate: lock,
        });
        port.postMessage({ type: "done", index, run, phases: timer.phases } satisfies ThreadMessage);
      } catch (error) {
        port.postMessage({ type: "failed", index, error: relayError(error) } satisfies ThreadMessage);
        break;
      }
    }
  } finally {
    lock.finish();
    await runtimes.close();
    // The main thread ends this thread when it gets this (the artifact listener would keep it alive).
    port.postMessage({ type: "finished" } satisfies ThreadMessage);
  }
}

if (parentPort !== null) await runJobs(parentPort, workerData as ThreadData);

/**
 * The record stage of the report: every selected workload run on a fresh parallel-network chain (and re-mined
 * with the real parallel executor to measure it), plus the test-run profile when one was recorded. A workload
 * whose setup fails, or whose every transaction reverts, stops the report with a catalogued error.
 */
import type { ExecutionStrategy } from "../../runtime/vocabulary.js";
import type { PhaseTimer } from "../phase-timer.js";
import type { MeasureGate } from "./measure-lock.js";
import type { WorkloadDefinition, WorkloadParams } from "../workloads/define-workload.js";
import type { ArtifactLoader, WorkloadArtifact } from "../workloads/runtime-workload-api.js";
import { loadWorkloads, type WorkloadSpec } from "../workloads/workload-loader.js";

import { recordConcurrently, recordThreads } from "./record-concurrently.js";
import { loadTestProfile, type ArtifactCodes } from "./test-profile.js";
import { measureRuntimes, runJob } from "./workload-job.js";
import type { Progress, WorkloadRun } from "./workload-runner.js";

/** A finished workload with what it ran. */
export interface CompletedWorkload {
  readonly definition: WorkloadDefinition<unknown>;
  readonly params: WorkloadParams;
  readonly run: WorkloadRun;
}

/** What the record stage needs to know. */
export interface RecordSettings {
  readonly hardfork: string;
  readonly strategy: ExecutionStrategy;
  readonly workers: number;
  readonly shards: number;
  /** Configured workloads (built-in templates with parameters). */
  readonly workloads: readonly WorkloadSpec[];
  /** Project root: workload files are read from `<root>/parallel/workloads/`. */
  readonly root: string;
  /** Run only the workload with this name. */
  readonly only: string | undefined;
  /** Folder of test-run profiles. */
  readonly profileDir: string;
  /** Whether test-run profiles are on (`parallel.profile`): when off, none is read, however old. */
  readonly profile: boolean;
}

/** What the record stage gets from its host (the Hardhat task): artifacts and progress display. */
export interface RecordHost {
  /** Contract artifacts for one workload (throws `ARTIFACT_MISSING` naming it). */
  readonly artifacts: (workload: string) => ArtifactLoader;
  /** The project's artifacts whose contract name is unique, by name (for a second recording thread), if known. */
  readonly projectArtifacts?: () => Promise<ReadonlyMap<string, WorkloadArtifact>>;
  /** Creation codes and selectors of the project's contracts, to name a test-run profile's transactions. */
  readonly artifactCodes: () => Promise<ArtifactCodes>;
  /** A progress display for one workload, if any. */
  readonly progress?: (workload: string) => { readonly update: Progress; readonly done: () => void } | undefined;
}

/** What else runs while the workloads are recorded (the analysis thread, analysis-client.ts). */
export interface RecordHooks {
  /** Held around every measured mining on this thread when it records alone, so nothing else runs beside it. */
  readonly gate?: MeasureGate;
  /**
   * The measure lock the other threads park at (`REPORT_LOCK_SLOTS`), when workloads are recorded on two threads:
   * every measured mining of either holds it.
   */
  readonly lock?: SharedArrayBuffer;
  /** Told of each workload once it is recorded, with its index in the report's order (in any order). */
  readonly recorded?: (index: number, workload: CompletedWorkload) => void;
}

/**
 * Loads and runs the selected workloads one after another on this thread, or on two threads
 * (record-concurrently.ts, see `recordThreads`).
 */
export async function recordWorkloads(
  settings: RecordSettings,
  host: RecordHost,
  timer: PhaseTimer,
  hooks: RecordHooks = {},
): Promise<CompletedWorkload[]> {
  const loaded = await timer.time("load workloads", () =>
    loadWorkloads(settings.workloads, settings.root, settings.only),
  );
  if (recordThreads(loaded) > 1) {
    return timer.time("run workloads", () => recordConcurrently(loaded, settings, host, timer, hooks));
  }
  const runtimes = measureRuntimes(settings);
  const completed: CompletedWorkload[] = [];
  try {
    for (const w of loaded) {
      const options = { timer, gate: hooks.gate };
      const run = await timer.time("run workloads", () => runJob(w, settings, host, runtimes.measure, options));
      completed.push({ ...w, run });
      hooks.recorded?.(completed.length - 1, { ...w, run });
    }
  } finally {
    await runtimes.close();
  }
  return completed;
}

/** The test-run profile as a completed workload, or undefined when none was recorded. */
export async function recordTestProfile(
  settings: RecordSettings,
  host: RecordHost,
): Promise<CompletedWorkload | undefined> {
  if (!settings.profile) return undefined;
  const run = await loadTestProfile(settings.profileDir, host.artifactCodes);
  if (run === undefined) return undefined;
  const definition = {
    name: "test-run profile",
    template: "test-profile",
    description:
      "Calls of the project's tests on the parallel network, in windows of 100" +
      (run.deploymentsLeftOut === 0
        ? ""
        : ` (${run.deploymentsLeftOut} deployments left out: setup, not traffic; a call depends on its contract's creation by construction)`),
    setup: async () => undefined,
    next: (): never => {
      throw new Error("a test-run profile is recorded, not generated");
    },
  };
  return {
    definition,
    params: { accounts: 0, transactions: run.transactions, blockSize: 100, hotRatio: 0, zipf: 0, seed: 0 },
    run,
  };
}

/**
 * The record stage of the report: every selected workload run on a fresh parallel-network chain (and re-mined
 * with the real parallel executor to measure it), plus the test-run profile when one was recorded. A workload
 * whose setup fails, or whose every transaction reverts, stops the report with a catalogued error.
 */
import { ParallelRuntime } from "../../runtime/network/parallel-network.js";
import type { ExecutionStrategy } from "../../runtime/vocabulary.js";
import { ReportError } from "../errors.js";
import type { PhaseTimer } from "../phase-timer.js";
import type { WorkloadDefinition, WorkloadParams } from "../workloads/define-workload.js";
import type { ArtifactLoader } from "../workloads/runtime-workload-api.js";
import { loadWorkloads, type LoadedWorkload, type WorkloadSpec } from "../workloads/workload-loader.js";

import { loadTestProfile, type ArtifactCodes } from "./test-profile.js";
import type { MeasureOptions } from "./measure-block.js";
import { runWorkload, type Progress, type WorkloadRun } from "./workload-runner.js";

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
  /** Creation codes and selectors of the project's contracts, to name a test-run profile's transactions. */
  readonly artifactCodes: () => Promise<ArtifactCodes>;
  /** A progress display for one workload, if any. */
  readonly progress?: (workload: string) => { readonly update: Progress; readonly done: () => void } | undefined;
}

/** The real parallel runtime for measured runs (none for the sequential strategy). */
function measuredRuntime(settings: RecordSettings): MeasureOptions | undefined {
  if (settings.strategy === "sequential") return undefined;
  const { strategy, workers, shards } = settings;
  return { workers, runtime: new ParallelRuntime({ strategy, workers, shards, log: () => {} }) };
}

async function runOne(
  w: LoadedWorkload,
  settings: RecordSettings,
  host: RecordHost,
  measure: MeasureOptions | undefined,
  timer: PhaseTimer,
  sharded: ShardedRuntime | undefined,
): Promise<WorkloadRun> {
  const bar = host.progress?.(w.definition.name);
  // One sharded runtime (its workers started once) for every workload; its partitioner learns each workload's
  // access graph from scratch.
  sharded?.runtime.resetPartition();
  try {
    const run = await runWorkload(w.definition, w.params, {
      hardfork: settings.hardfork,
      artifacts: host.artifacts(w.definition.name),
      progress: bar?.update,
      measure: measure === undefined ? undefined : { ...measure, sharded },
      timer,
    });
    if (run.transactions > 0 && run.reverted === run.transactions) {
      throw new ReportError("WORKLOAD_FAILED", {
        name: w.definition.name,
        phase: "the transaction stream",
        problem: `all ${run.transactions} transactions reverted (${[...run.revertReasons.keys()].slice(0, 3).join("; ")})`,
        hint: "Fix the workload's options or setup so that its transactions can succeed.",
      });
    }
    return run;
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError("WORKLOAD_FAILED", {
      name: w.definition.name,
      phase: "setup or execution",
      problem: (error as Error).message,
      hint: "Check the workload's options (contract names, arguments) and the contracts' requirements.",
    });
  } finally {
    bar?.done();
  }
}

/** The sharded executor with the access-graph partition, measured beside the configured strategy. */
interface ShardedRuntime {
  readonly runtime: ParallelRuntime;
  readonly shards: number;
}

function shardedRuntime(settings: RecordSettings): ShardedRuntime {
  const { workers, shards } = settings;
  const runtime = new ParallelRuntime({ strategy: "sharded", partitioner: "graph", workers, shards, log: () => {} });
  return { runtime, shards };
}

/** Loads and runs the selected workloads, one after another. */
export async function recordWorkloads(
  settings: RecordSettings,
  host: RecordHost,
  timer: PhaseTimer,
): Promise<CompletedWorkload[]> {
  const loaded = await timer.time("load workloads", () =>
    loadWorkloads(settings.workloads, settings.root, settings.only),
  );
  const measure = measuredRuntime(settings);
  const sharded = measure === undefined ? undefined : shardedRuntime(settings);
  const completed: CompletedWorkload[] = [];
  try {
    for (const w of loaded) {
      const run = await timer.time("run workloads", () => runOne(w, settings, host, measure, timer, sharded));
      completed.push({ ...w, run });
    }
  } finally {
    await measure?.runtime.close();
    await sharded?.runtime.close();
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
    description: "Transactions of the project's tests on the parallel network, in windows of 100",
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

/**
 * The report pipeline, free of Hardhat: record (run the workloads, read the test-run profile) → simulate and
 * assemble (contention simulations, static view, labels, soundness) → gate (compare with or write the
 * baseline). The `parallel-report` task resolves the settings, compiles, supplies artifacts and renders what
 * this returns; every user fault here is a catalogued {@link ReportError}.
 */
import type { AnalysisResult } from "../analyzer/index.js";

import { contractReports, soundnessOf, workloadReport } from "./assemble/build-report.js";
import { analyzeProject, readAcknowledgements } from "./assemble/static-view.js";
import { baselineOf, checkAgainstBaseline, readBaseline, writeBaseline } from "./gate/baseline.js";
import type { PhaseTimer } from "./phase-timer.js";
import {
  recordTestProfile,
  recordWorkloads,
  type CompletedWorkload,
  type RecordHost,
  type RecordSettings,
} from "./record/record-workloads.js";
import {
  REPORT_SCHEMA_VERSION,
  type ContractReport,
  type ParallelReport,
  type WorkloadReport,
} from "./report-model.js";
import { DEFAULT_THREADS } from "./simulate/simulate-workload.js";

/** Everything the pipeline needs, resolved by its host. */
export interface ReportSettings extends RecordSettings {
  /** Version of hardhat-parallel, shown in the report. */
  readonly version: string;
  /** Hardhat's artifacts folder (build infos for the static analysis). */
  readonly artifactsDir: string;
  /** Allowed relative drop of simulated speedup before the gate fails. */
  readonly tolerance: number;
  /** Path of the baseline file. */
  readonly baseline: string;
  /** Compare with the baseline. */
  readonly check: boolean;
  /** Write the baseline from this run. */
  readonly updateBaseline: boolean;
}

function worst16(workloads: readonly WorkloadReport[]): number | undefined {
  const values = workloads
    .map((w) => w.speedups.find((s) => s.threads === 16)?.blockStm)
    .filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : Math.min(...values);
}

function summaryOf(
  workloads: readonly WorkloadReport[],
  contracts: readonly ContractReport[],
  soundnessMisses: number,
): ParallelReport["summary"] {
  return {
    workloads: workloads.length,
    transactions: workloads.reduce((n, w) => n + w.transactions, 0),
    contracts: contracts.length,
    alwaysConflictingPairs: contracts.reduce((n, c) => n + c.pairs.filter((p) => p.conflict === "always").length, 0),
    unknownFunctions: contracts.reduce((n, c) => n + c.unknownFunctions.length, 0),
    soundnessMisses,
    worstSpeedup16: worst16(workloads),
  };
}

async function assemble(
  settings: ReportSettings,
  host: RecordHost,
  timer: PhaseTimer,
  completed: readonly CompletedWorkload[],
): Promise<ParallelReport> {
  const result: AnalysisResult | undefined = await timer.time("static analysis", () =>
    analyzeProject(settings.artifactsDir),
  );
  const acks = await readAcknowledgements(settings.artifactsDir, result);
  const contractsByName = new Map((result?.contracts ?? []).map((c) => [c.name, c]));
  const workloads = await timer.time("dynamic analysis", async () =>
    completed.map((w) => workloadReport(w, contractsByName, acks)),
  );
  const contracts = contractReports(result, acks);
  const profile = await timer.time("test profile", () => recordTestProfile(settings, host));
  const testProfile = profile === undefined ? undefined : workloadReport(profile, contractsByName, acks);
  const soundness = await timer.time("soundness check", async () =>
    soundnessOf(result, profile === undefined ? completed : [...completed, profile]),
  );
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "hardhat-parallel", version: settings.version },
    settings: {
      hardfork: settings.hardfork,
      strategy: settings.strategy,
      workers: settings.workers,
      threads: [...DEFAULT_THREADS],
      tolerance: settings.tolerance,
    },
    summary: summaryOf(workloads, contracts, soundness.misses.length),
    workloads,
    contracts,
    soundness,
    ...(testProfile === undefined ? {} : { testProfile }),
    check: undefined,
    timing: { totalMs: 0, phases: {} },
  };
}

/**
 * Runs the pipeline: the report with its check verdict (when `check`) and its timing. `timer` may already
 * hold the host's phases (compile). Writes the baseline when `updateBaseline`.
 */
export async function createReport(
  settings: ReportSettings,
  host: RecordHost,
  timer: PhaseTimer,
): Promise<ParallelReport> {
  const completed = await recordWorkloads(settings, host, timer);
  let report = await assemble(settings, host, timer, completed);
  if (settings.check) {
    const baseline = await readBaseline(settings.baseline);
    report = { ...report, check: checkAgainstBaseline(report, baseline, settings.tolerance) };
  }
  if (settings.updateBaseline) await writeBaseline(settings.baseline, baselineOf(report));
  return { ...report, timing: { totalMs: timer.total(), phases: timer.phases } };
}

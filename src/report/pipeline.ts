/**
 * The report pipeline, free of Hardhat: record (run the workloads, read the test-run profile) → simulate and
 * assemble (contention simulations, static view, labels, soundness) → gate (compare with or write the
 * baseline). The `parallel-report` task resolves the settings, compiles, supplies artifacts and renders what
 * this returns; every user fault here is a catalogued {@link ReportError}.
 */
import { existsSync } from "node:fs";

import type { AnalysisResult } from "../analyzer/index.js";

import { AnalysisThread, analysisThreadWanted } from "./assemble/analysis-client.js";
import { contractReports, soundnessOf, workloadReport } from "./assemble/build-report.js";
import { currentBuildInfos } from "./assemble/current-build-infos.js";
import { assertFreshBuild, type FreshnessCheck } from "./assemble/stale-sources.js";
import { precisionOf } from "./assemble/precision-oracle.js";
import { contractsByName, sourceTexts, staticAnalysis } from "./assemble/project-analysis.js";
import { mergeFindings } from "./assemble/workload-findings.js";
import { ReportError } from "./errors.js";
import { baselineOf, readBaseline, writeBaseline, type Baseline } from "./gate/baseline.js";
import { checkAgainstBaseline } from "./gate/check.js";
import type { PhaseTimer } from "./phase-timer.js";
import { measureLockBuffer, REPORT_LOCK_SLOTS } from "./record/measure-lock.js";
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
import { DEFAULT_THREADS } from "./simulate/simulation-model.js";

/** Everything the pipeline needs, resolved by its host. */
export interface ReportSettings extends RecordSettings {
  /** Version of hardhat-parallel, shown in the report. */
  readonly version: string;
  /** Hardhat's artifacts folder (build infos for the static analysis). */
  readonly artifactsDir: string;
  /** The Solidity tests folder relative to the root (`test`): its contracts are tests, not production code. */
  readonly testsDir: string | undefined;
  /** The Solidity sources folders relative to the root: their files are contracts unless `*.t.sol`. */
  readonly sourcesDirs?: readonly string[];
  /** Allowed relative drop of simulated speedup before the gate fails. */
  readonly tolerance: number;
  /** Path of the baseline file. */
  readonly baseline: string;
  /** Compare with the baseline. */
  readonly check: boolean;
  /** Write the baseline from this run. */
  readonly updateBaseline: boolean;
  /** Static-only mode: the analyzer's findings and the gate on them, no workloads (`--static`). */
  readonly staticOnly: boolean;
  /** Set when the run did not compile first: the artifacts must still match the sources. */
  readonly freshness?: FreshnessCheck | undefined;
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

/** The parts of the report the analyses give, before the summary ties them together. */
interface Assembled {
  readonly result: AnalysisResult | undefined;
  readonly workloads: WorkloadReport[];
  readonly contracts: ContractReport[];
  readonly testProfile: WorkloadReport | undefined;
  readonly soundness: ReturnType<typeof soundnessOf>;
  readonly precision: ParallelReport["precision"];
}

/** Every analysis on this thread, after the recording. */
async function assembleHere(
  settings: ReportSettings,
  host: RecordHost,
  timer: PhaseTimer,
  completed: readonly CompletedWorkload[],
): Promise<Assembled> {
  const { buildInfos, result, acks } = await timer.time("static analysis", () => staticAnalysis(settings));
  const byName = contractsByName(result);
  const sources =
    completed.length === 0 && !settings.profile
      ? new Map<string, string>()
      : await timer.time("static analysis", () => sourceTexts({ buildInfos, result, acks }));
  const workloads = timer.timeSync("dynamic analysis", () =>
    completed.map((w) => workloadReport(w, byName, acks, sources)),
  );
  const contracts = timer.timeSync("contract findings", () => contractReports(result, acks));
  const profile = await timer.time("test profile", () => recordTestProfile(settings, host));
  const testProfile =
    profile === undefined
      ? undefined
      : timer.timeSync("test profile", () => workloadReport(profile, byName, acks, sources));
  const executed = profile === undefined ? completed : [...completed, profile];
  const soundness = timer.timeSync("soundness check", () => soundnessOf(result, executed));
  const precision =
    result === undefined ? undefined : timer.timeSync("precision check", () => precisionOf(result, executed));
  return { result, workloads, contracts, testProfile, soundness, precision };
}

/**
 * The analyses with the analysis thread, which ran the static analysis, the test-run profile's and each
 * workload's (its entry, its precision and soundness shares) while the workloads were recorded.
 */
async function assembleWithThread(
  timer: PhaseTimer,
  completed: readonly CompletedWorkload[],
  thread: AnalysisThread,
): Promise<Assembled> {
  completed.forEach((w, index) => thread.add(index, w));
  const { result, acks } = await thread.staticAnalysis();
  const contracts = timer.timeSync("contract findings", () => contractReports(result, acks));
  const { workloads, testProfile, precision, soundness } = await thread.finish(completed.length);
  return { result, workloads, contracts, testProfile, soundness, precision };
}

function reportOf(settings: ReportSettings, completed: readonly CompletedWorkload[], a: Assembled): ParallelReport {
  const { workloads, contracts, soundness, precision, testProfile } = a;
  const findings = mergeFindings([...contracts.map((c) => c.findings), ...workloads.map((w) => w.findings)]);
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
    mode: completed.length === 0 ? "static" : "full",
    findings,
    workloads,
    contracts,
    soundness,
    ...(precision === undefined ? {} : { precision }),
    ...(testProfile === undefined ? {} : { testProfile }),
    check: undefined,
    timing: { totalMs: 0, phases: {} },
  };
}

/**
 * Records the workloads and runs the analyses: on the analysis thread beside the recording when there is one
 * (analysis-client.ts), else on this thread after it.
 */
async function recordAndAssemble(
  settings: ReportSettings,
  host: RecordHost,
  timer: PhaseTimer,
): Promise<ParallelReport> {
  if (settings.staticOnly || !analysisThreadWanted()) {
    const completed = settings.staticOnly ? [] : await recordWorkloads(settings, host, timer);
    return reportOf(settings, completed, await assembleHere(settings, host, timer, completed));
  }
  const lock = measureLockBuffer(REPORT_LOCK_SLOTS.count);
  const thread = new AnalysisThread(settings, timer, lock);
  try {
    // Read first: the thread analyses the test-run profile while the workloads are recorded, not after them.
    const profile = await timer.time("test profile", () => recordTestProfile(settings, host));
    if (profile !== undefined) thread.profile(profile);
    const recorded = (index: number, w: CompletedWorkload) => thread.add(index, w);
    const hooks = { gate: thread, lock, recorded };
    const completed = await recordWorkloads(settings, host, timer, hooks);
    return reportOf(settings, completed, await assembleWithThread(timer, completed, thread));
  } finally {
    await thread.close();
  }
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
  if (settings.check && settings.updateBaseline) throw new ReportError("CHECK_AND_UPDATE");
  // Before any workload runs: a missing baseline or a stale build is said at once, not after the workloads.
  const baseline = settings.check ? await readBaseline(settings.baseline) : undefined;
  if (settings.freshness !== undefined) {
    const buildInfos = await currentBuildInfos(settings.artifactsDir, {
      testsDir: settings.testsDir,
      sourcesDirs: settings.sourcesDirs,
    });
    await assertFreshBuild(buildInfos, settings.freshness, {
      testsDir: settings.testsDir,
      sourcesDirs: settings.sourcesDirs,
    });
  }
  let report = await recordAndAssemble(settings, host, timer);
  if (baseline !== undefined) {
    const scope = { allWorkloads: !settings.staticOnly && settings.only === undefined };
    report = { ...report, check: checkAgainstBaseline(report, baseline, settings.tolerance, scope) };
  }
  if (settings.updateBaseline) {
    const previous = report.mode === "static" ? await previousBaseline(settings.baseline) : undefined;
    await writeBaseline(settings.baseline, baselineOf(report, previous));
  }
  return { ...report, timing: { totalMs: timer.total(), phases: timer.phases } };
}

/** The baseline a static run updates (its workloads are kept), or undefined when there is none. */
async function previousBaseline(file: string): Promise<Baseline | undefined> {
  if (!existsSync(file)) return undefined;
  return readBaseline(file);
}

/**
 * `parallel-report`: compile, run every workload on the parallel runtime, analyse contention (dynamic) and
 * the contracts (static), check soundness, then print and write the report and, with `--check` /
 * `--update-baseline`, gate or record it. Each phase's time is measured and shown in the report.
 *
 * Exit codes: 0 — report written (and `--check` passed); 1 — `--check` found a regression, or an error
 * (bad baseline, unknown workload, failing workload setup...) was reported.
 */
import { mkdir } from "node:fs/promises";

import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";

import { REPORT_FORMATS } from "../../plugin/config/defaults.js";
import type { ReportFormat } from "../../plugin/config/types.js";
import { pluginError } from "../../plugin/errors.js";

import { baselineOf, checkAgainstBaseline, readBaseline, writeBaseline } from "./baseline.js";
import { contractReports, soundnessOf, workloadReport, type CompletedWorkload } from "./build-report.js";
import { renderTerminal } from "./outputs/terminal.js";
import { writeOutputs } from "./outputs/write-outputs.js";
import { REPORT_SCHEMA_VERSION, type ParallelReport, type WorkloadReport } from "./report-model.js";
import { analyzeProject, readAcknowledgements } from "./static-analysis.js";
import { reportToGitHub } from "./github-output.js";
import { loadTestProfile } from "./test-profile.js";
import { loadWorkloads } from "./workloads/workload-loader.js";
import { runWorkload, type MeasureOptions } from "./workloads/workload-runner.js";
import { progressBar } from "./progress-bar.js";
import { artifactLoader } from "./artifact-loader.js";

/** Arguments of `parallel-report`, as declared in src/index.ts. */
export interface ParallelReportArguments {
  check: boolean;
  updateBaseline: boolean;
  workload: string | undefined;
  format: string | undefined;
  out: string | undefined;
  workers: number;
  noCompile: boolean;
  quiet: boolean;
}

const VERSION = "0.1.0";

function formatsOf(args: ParallelReportArguments, configured: readonly ReportFormat[]): ReportFormat[] {
  if (args.format === undefined) return [...configured];
  const asked = args.format
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  const bad = asked.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (bad.length > 0) throw pluginError("BAD_FORMAT", { formats: bad.join(", ") });
  return asked as ReportFormat[];
}

class PhaseTimer {
  readonly phases: Record<string, number> = {};
  readonly #start = performance.now();

  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] = Math.round((this.phases[name] ?? 0) + performance.now() - started);
    }
  }

  total(): number {
    return Math.round(performance.now() - this.#start);
  }
}

async function runAll(
  hre: HardhatRuntimeEnvironment,
  args: ParallelReportArguments,
  timer: PhaseTimer,
  measure: MeasureOptions | undefined,
): Promise<CompletedWorkload[]> {
  const loaded = await timer.time("load workloads", () =>
    loadWorkloads(hre.config.parallel.workloads, hre.config.paths.root, args.workload),
  );
  const completed: CompletedWorkload[] = [];
  for (const w of loaded) {
    const bar = args.quiet ? undefined : progressBar(w.definition.name);
    const artifacts = artifactLoader(hre, w.definition.name);
    try {
      const run = await timer.time("run workloads", () =>
        runWorkload(w.definition, w.params, {
          hardfork: hre.config.parallel.hardfork,
          artifacts,
          progress: bar?.update,
          measure,
        }),
      );
      if (run.transactions > 0 && run.reverted === run.transactions) {
        throw pluginError("WORKLOAD_FAILED", {
          name: w.definition.name,
          phase: "the transaction stream",
          problem: `all ${run.transactions} transactions reverted (${[...run.revertReasons.keys()].slice(0, 3).join("; ")})`,
          hint: "Fix the workload's options or setup so that its transactions can succeed.",
        });
      }
      completed.push({ ...w, run });
    } catch (error) {
      if (HardhatPluginError.isHardhatPluginError(error)) throw error;
      throw pluginError("WORKLOAD_FAILED", {
        name: w.definition.name,
        phase: "setup or execution",
        problem: (error as Error).message,
        hint: "Check the workload's options (contract names, arguments) and the contracts' requirements.",
      });
    } finally {
      bar?.done();
    }
  }
  return completed;
}

async function testProfileWorkload(hre: HardhatRuntimeEnvironment): Promise<CompletedWorkload | undefined> {
  const run = await loadTestProfile(hre, process.env.HARDHAT_PARALLEL_PROFILE_DIR ?? hre.config.parallel.profileDir);
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

/** The real parallel executor for measured runs (none for the sequential strategy). */
async function parallelExecution(
  strategy: "block-stm" | "sharded" | "sequential",
  workers: number,
  shards: number,
): Promise<{ measure: MeasureOptions; close: () => Promise<void> } | undefined> {
  if (strategy === "sequential") return undefined;
  const { ParallelExecution } = await import("../../runtime/parallel/parallel-execution.js");
  const current: { provider?: ParallelProvider } = {};
  const execution = new ParallelExecution({
    strategy,
    workers,
    shards,
    blockHash: (n) => current.provider?.chain.blockByNumber(n)?.block.hash(),
  });
  return {
    measure: {
      workers,
      executorFor: (sequential) => execution.executorFor(sequential),
      onProvider: (p) => (current.provider = p),
    },
    close: () => execution.close(),
  };
}

function worst16(workloads: readonly WorkloadReport[]): number | undefined {
  const values = workloads
    .map((w) => w.speedups.find((s) => s.threads === 16)?.blockStm)
    .filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : Math.min(...values);
}

/** The `parallel-report` task. */
export default async function parallelReport(
  args: ParallelReportArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const timer = new PhaseTimer();
  const config = hre.config.parallel;
  const formats = formatsOf(args, config.report.formats);
  if (!args.noCompile) await timer.time("compile", () => hre.tasks.getTask("build").run({ quiet: true }));
  const workers = args.workers > 0 ? args.workers : config.workers;
  const execution = await parallelExecution(config.strategy, workers, config.shards);
  let completed: CompletedWorkload[];
  try {
    completed = await runAll(hre, args, timer, execution?.measure);
  } finally {
    await execution?.close();
  }
  const result = await timer.time("static analysis", () => analyzeProject(hre.config.paths.artifacts));
  const acks = await readAcknowledgements(hre.config.paths.artifacts, result);
  const contractsByName = new Map((result?.contracts ?? []).map((c) => [c.name, c]));
  const workloads = await timer.time("dynamic analysis", async () =>
    completed.map((w) => workloadReport(w, contractsByName, acks)),
  );
  const contracts = contractReports(result, acks);
  const profile = await timer.time("test profile", () => testProfileWorkload(hre));
  const testProfile = profile === undefined ? undefined : workloadReport(profile, contractsByName, acks);
  const soundness = await timer.time("soundness check", async () =>
    soundnessOf(result, profile === undefined ? completed : [...completed, profile]),
  );
  let report: ParallelReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "hardhat-parallel", version: VERSION },
    settings: {
      hardfork: config.hardfork,
      strategy: config.strategy,
      workers: args.workers > 0 ? args.workers : config.workers,
      threads: [1, 2, 4, 8, 16, 32, 64],
      tolerance: config.tolerance,
    },
    summary: {
      workloads: workloads.length,
      transactions: workloads.reduce((n, w) => n + w.transactions, 0),
      contracts: contracts.length,
      alwaysConflictingPairs: contracts.reduce((n, c) => n + c.pairs.filter((p) => p.conflict === "always").length, 0),
      unknownFunctions: contracts.reduce((n, c) => n + c.unknownFunctions.length, 0),
      soundnessMisses: soundness.misses.length,
      worstSpeedup16: worst16(workloads),
    },
    workloads,
    contracts,
    soundness,
    ...(testProfile === undefined ? {} : { testProfile }),
    check: undefined,
    timing: { totalMs: 0, phases: {} },
  };
  if (args.check)
    report = { ...report, check: checkAgainstBaseline(report, await readBaseline(config.baseline), config.tolerance) };
  if (args.updateBaseline) await writeBaseline(config.baseline, baselineOf(report));
  report = { ...report, timing: { totalMs: timer.total(), phases: timer.phases } };
  const outDir = args.out ?? config.report.outDir;
  await mkdir(outDir, { recursive: true });
  const written = (await writeOutputs(report, { outDir, formats: formats.filter((f) => f !== "terminal") })).map(
    (w) => w.path,
  );
  if (formats.includes("terminal") || args.quiet) console.log(renderTerminal(report, { quiet: args.quiet }));
  if (!args.quiet) for (const file of written) console.log(`wrote ${file}`);
  if (args.updateBaseline) console.log(`baseline written to ${config.baseline}`);
  await reportToGitHub(report);
  if (report.check?.passed === false) process.exitCode = 1;
}

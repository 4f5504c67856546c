/**
 * `parallel-report`: the Hardhat adapter of the report pipeline (src/report/), loaded by task-action.ts (from
 * the single-file build when there is one). It reads the arguments and the
 * resolved `parallel` config, compiles, supplies the artifacts and the progress bar, runs the pipeline, then
 * writes and prints the outputs, reports to GitHub Actions and sets the exit code. Report faults are turned
 * and analyzer faults are turned into Hardhat plugin errors with the same text.
 *
 * Exit codes: 0 — report written (and `--check` passed); 1 — `--check` found a regression, or an error
 * (bad baseline, unknown workload, failing workload setup...) was reported.
 */
import { existsSync } from "node:fs";

import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { artifactCodes } from "../../plugin/artifact-codes.js";
import { PLUGIN_ID } from "../../plugin/errors.js";
import { PACKAGE_VERSION } from "../../shared/package-version.js";
import { CataloguedError } from "../../shared/error-catalog.js";
import { testSourceRule } from "../../report/assemble/current-build-infos.js";
import { ReportError } from "../../report/errors.js";
import { PhaseTimer } from "../../report/phase-timer.js";
import { createReport, type ReportSettings } from "../../report/pipeline.js";
import type { OutputFormat } from "../../report/render/format-helpers.js";
import { renderTerminal } from "../../report/render/terminal.js";
import { writeOutputs } from "../../report/render/write-outputs.js";
import type { ParallelReport } from "../../report/report-model.js";

import { artifactLoader, projectArtifacts } from "./artifact-loader.js";
import { checkBaselineWritable, checkOutDir, formatsOf, measuredWorkers } from "./preflight.js";
import { reportToGitHub } from "./github-output.js";
import { progressBar } from "./progress-bar.js";

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
  static: boolean;
}

function settingsOf(args: ParallelReportArguments, hre: HardhatRuntimeEnvironment): ReportSettings {
  const config = hre.config.parallel;
  return {
    version: PACKAGE_VERSION,
    hardfork: config.hardfork,
    strategy: config.strategy,
    workers: measuredWorkers(args.workers, config.workers, (line) => console.log(line)),
    shards: config.shards,
    workloads: config.workloads,
    root: hre.config.paths.root,
    only: args.workload,
    profileDir: process.env.HARDHAT_PARALLEL_PROFILE_DIR ?? config.profileDir,
    profile: config.profile || process.env.HARDHAT_PARALLEL_PROFILE_DIR !== undefined,
    artifactsDir: hre.config.paths.artifacts,
    ...testSourceRule(hre.config.paths),
    tolerance: config.tolerance,
    baseline: config.baseline,
    check: args.check,
    updateBaseline: args.updateBaseline,
    staticOnly: args.static,
    freshness: args.noCompile
      ? { root: hre.config.paths.root, sourcesDirs: [...hre.config.paths.sources.solidity] }
      : undefined,
  };
}

async function output(
  report: ParallelReport,
  timer: PhaseTimer,
  formats: readonly OutputFormat[],
  args: ParallelReportArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const config = hre.config.parallel;
  const outDir = args.out ?? config.report.outDir;
  const files = formats.filter((f) => f !== "terminal");
  const written = (await writeOutputs(report, { outDir, formats: files, timer })).map((w) => w.path);
  if (formats.includes("terminal") || args.quiet)
    console.log(
      renderTerminal(report, {
        quiet: args.quiet,
        baselineWritten: args.updateBaseline,
        baselineExists: existsSync(config.baseline),
      }),
    );
  if (!args.quiet) for (const file of written) console.log(`wrote ${file}`);
  if (args.updateBaseline) console.log(`baseline written to ${config.baseline}`);
  await reportToGitHub(report);
  const page = written.find((file) => file.endsWith(".html"));
  if (page !== undefined) console.log(`\nNext: open ${page} for the full report (workloads, charts, hotspots).`);
}

async function run(args: ParallelReportArguments, hre: HardhatRuntimeEnvironment): Promise<void> {
  if (args.check && args.updateBaseline) throw new ReportError("CHECK_AND_UPDATE");
  // Before compiling: a missing baseline is said at once.
  if (args.check && !existsSync(hre.config.parallel.baseline))
    throw new ReportError("BASELINE_MISSING", { path: hre.config.parallel.baseline });
  // From the process's start: Hardhat's start-up (config, plugins) shows as the phase "start-up".
  const timer = new PhaseTimer(0);
  const formats = formatsOf(args.format, hre.config.parallel.report.formats);
  // Before compiling: an output folder or baseline that cannot be written is said at once, not after the run.
  if (formats.some((f) => f !== "terminal")) await checkOutDir(args.out ?? hre.config.parallel.report.outDir);
  if (args.updateBaseline) await checkBaselineWritable(hre.config.parallel.baseline);
  if (!args.noCompile) await timer.time("compile", () => hre.tasks.getTask("build").run({ quiet: true }));
  const report = await createReport(
    settingsOf(args, hre),
    {
      artifacts: (workload) => artifactLoader(hre, workload),
      projectArtifacts: () => projectArtifacts(hre),
      artifactCodes: () => artifactCodes(hre),
      progress: (workload) => (args.quiet ? undefined : progressBar(workload)),
    },
    timer,
  );
  await output(report, timer, formats, args, hre);
  if (report.check?.passed === false) process.exitCode = 1;
}

/** The `parallel-report` task. */
export default async function parallelReport(
  args: ParallelReportArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  try {
    await run(args, hre);
  } catch (error) {
    // Report and analyzer faults (a corrupt build-info...) are the user's to fix: shown as plugin errors.
    if (error instanceof CataloguedError) throw new HardhatPluginError(PLUGIN_ID, error.message, error);
    throw error;
  }
}

/**
 * The `parallel-report` action as Hardhat loads it: a small module that loads the real one (report-task.ts)
 * from the single-file build of the report (`dist/bundle/parallel-report.js`, written by
 * `scripts/bundle-runtime.mjs`) when the package was built, else from the sources (tests, `tsx`). The report
 * pulls in the runtime, the analyzer and ethers — about 700 modules whose loading and linking cost
 * 0.7–0.9 s of CPU per run on this project's machine, against about 0.2 s for the one file. Both are built
 * from the same code.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type * as ReportTaskModule from "./report-task.js";

export type { ParallelReportArguments } from "./report-task.js";

/** Where the single-file report task of this build is, if it has one. */
export function reportTaskBundle(): URL | undefined {
  const bundle = new URL("../../../bundle/parallel-report.js", import.meta.url);
  return import.meta.url.endsWith(".js") && existsSync(fileURLToPath(bundle)) ? bundle : undefined;
}

async function loadReportTask(): Promise<typeof ReportTaskModule> {
  const bundle = reportTaskBundle();
  if (bundle !== undefined) return (await import(bundle.href)) as typeof ReportTaskModule;
  return import("./report-task.js");
}

/** The `parallel-report` task. */
export default async function parallelReport(
  args: ReportTaskModule.ParallelReportArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const task = await loadReportTask();
  return task.default(args, hre);
}

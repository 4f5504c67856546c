/**
 * GitHub Actions integration of `parallel-report`: when `GITHUB_ACTIONS=true`, every check finding is also
 * printed as a workflow command (`::error file=…,line=…::…`) so it appears as an annotation on the pull
 * request's diff, and when `GITHUB_STEP_SUMMARY` names a file the Markdown report is appended to it.
 */
import { appendFile } from "node:fs/promises";

import { renderMarkdown } from "../../report/render/markdown.js";
import type { CheckFinding, ParallelReport } from "../../report/report-model.js";

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The workflow command of one finding. */
export function annotation(finding: CheckFinding): string {
  const command = finding.severity === "error" ? "error" : finding.severity === "warning" ? "warning" : "notice";
  const where =
    finding.source === undefined
      ? ""
      : ` file=${escapeProperty(finding.source.file)},line=${finding.source.line},col=${finding.source.column},`;
  const title = `title=parallel-report ${escapeProperty(finding.kind)}`;
  return `::${command}${where === "" ? " " : where}${title}::${escapeData(finding.message)}`;
}

/** Emits annotations and the step summary when running on GitHub Actions. */
export async function reportToGitHub(report: ParallelReport, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.GITHUB_ACTIONS === "true") for (const f of report.check?.findings ?? []) console.log(annotation(f));
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary !== undefined && summary !== "") await appendFile(summary, renderMarkdown(report));
}

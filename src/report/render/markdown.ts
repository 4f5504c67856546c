/**
 * Markdown report for pull-request comments and `$GITHUB_STEP_SUMMARY`: GitHub-flavoured tables, the check
 * verdict as a bold text marker (**PASS** / **FAIL**, no emoji), a summary table, the check findings (one row
 * per cause, with the compact diff of the figure that changed) and the hint once after them, one collapsible
 * `<details>` per workload (speedups, hotspots, what-if, reverts) and a table of the contracts' static
 * figures. Cell text is escaped so labels with `|`, `<` or `>` cannot break the table or inject HTML.
 */
import type { CheckFinding, ContractReport, ParallelReport, WorkloadReport } from "../report-model.js";
import {
  checkVerdict,
  compactDiff,
  countFindings,
  formatFix,
  formatGain,
  formatInteger,
  formatPercent,
  formatSource,
  formatSpeedup,
  pointAt,
  sortFindings,
  SUMMARY_THREADS,
} from "./format-helpers.js";
import { findingsMarkdown, testProfileMarkdown } from "./findings-sections.js";
import { shardingMarkdown } from "./sharding-markdown.js";
import { escapeCell, markdownTable } from "./markdown-table.js";
import { FIGURES_NOTE, measuredReasonLine, whatIfRowLabel } from "./workload-headline.js";

export { escapeCell, markdownTable };

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Heading level of the title (`##` by default; the sections are one level below). */
  readonly headingLevel?: number;
  /** Hotspots listed per workload. Default 10. */
  readonly hotspotLimit?: number;
}

function summarySection(report: ParallelReport, heading: string): string[] {
  const verdict = checkVerdict(report);
  const counts = report.check === undefined ? "" : countFindings(report.check.findings);
  const summary = report.summary;
  return [
    report.check === undefined
      ? `${heading} hardhat-parallel report (check not run: \`--check\` compares with the baseline)`
      : `${heading} hardhat-parallel report: **${verdict}**${counts === "" ? "" : ` (${counts})`}`,
    "",
    ...markdownTable(
      ["Workloads", "Transactions", `Worst speedup @${SUMMARY_THREADS} (Block-STM)`, "Always-conflicting pairs"].concat(
        ["Unknown functions", "Soundness misses"],
      ),
      [
        [
          String(summary.workloads),
          formatInteger(summary.transactions),
          formatSpeedup(summary.worstSpeedup16),
          String(summary.alwaysConflictingPairs),
          String(summary.unknownFunctions),
          `${summary.soundnessMisses} of ${formatInteger(report.soundness.checkedTransactions)}`,
        ],
      ],
      [0, 1, 2, 3, 4, 5],
    ),
  ];
}

function checkSection(report: ParallelReport, heading: string): string[] {
  if (report.check === undefined) return [];
  const findings = sortFindings(report.check.findings);
  const rows = findings.map((finding) => [
    `**${finding.severity.toUpperCase()}**`,
    finding.kind,
    finding.message,
    diffCell(finding.diff),
    formatSource(finding.source),
  ]);
  const headers = ["Severity", "Kind", "Finding", "Change", "Source"];
  const body = rows.length === 0 ? ["No findings."] : markdownTable(headers, rows);
  const hint = report.check.hint === undefined ? [] : ["", `**Hint:** ${report.check.hint}`];
  return ["", `${heading}# Check: **${checkVerdict(report)}**`, "", ...body, ...hint];
}

/** The compact diff of a check finding as a cell: `~~6.20x~~ → **0.99x** at 16 threads`, `-` without one. */
function diffCell(diff: CheckFinding["diff"]): string {
  if (diff === undefined) return "-";
  const d = compactDiff(diff);
  return `~~${d.before}~~ → **${d.after}**${d.context === "" ? "" : ` ${d.context}`}`;
}

function workloadTable(report: ParallelReport): string[] {
  const rows = report.workloads.map((workload) => {
    const point = pointAt(workload.speedups, SUMMARY_THREADS);
    return [
      workload.name,
      formatInteger(workload.transactions),
      String(workload.reverted),
      formatSpeedup(point?.dag),
      formatSpeedup(point?.blockStm),
      formatSpeedup(point?.sharded),
      workload.hotspots[0]?.label ?? "-",
    ];
  });
  const at = `@${SUMMARY_THREADS}`;
  const headers = ["Workload", "Transactions", "Reverted", `DAG ${at}`, `Block-STM ${at}`, `Sharded ${at}`];
  return markdownTable([...headers, "Top hotspot"], rows, [1, 2, 3, 4, 5]);
}

function speedupRows(workload: WorkloadReport): string[] {
  const measured = workload.measured;
  const rows = workload.speedups.map((point) => [
    String(point.threads),
    formatSpeedup(point.dag),
    formatSpeedup(point.blockStm),
    formatSpeedup(point.sharded),
    formatSpeedup(point.bound),
    measured?.workers === point.threads
      ? `${formatSpeedup(measured.speedup)} (predicted ${formatSpeedup(measured.predicted)})`
      : "",
  ]);
  const headers = ["Threads", "DAG ideal", "Block-STM simulated", "Sharded", "Bound", "Measured"];
  const why = measuredReasonLine(measured);
  return [...markdownTable(headers, rows, [0, 1, 2, 3, 4, 5]), ...(why === undefined ? [] : ["", `_${why}_`])];
}

function hotspotRows(workload: WorkloadReport, limit: number): string[] {
  if (workload.hotspots.length === 0) return ["No hotspots."];
  const rows = workload.hotspots
    .slice(0, limit)
    .map((spot) => [
      spot.label,
      formatSource(spot.declaration),
      formatPercent(spot.edgeShare),
      formatInteger(spot.serializedGas),
      spot.remedy.text === "" ? spot.remedy.kind : spot.remedy.text,
      spot.acknowledged ?? "no",
    ]);
  return markdownTable(
    ["Hotspot", "Declared at", "Edge share", "Serialized gas", "Remedy", "Acknowledged"],
    rows,
    [2, 3],
  );
}

function whatIfRows(workload: WorkloadReport): string[] {
  const rows = workload.whatIf.map((result) => [
    whatIfRowLabel(workload, result),
    formatFix(result.fix, result.parts),
    `${formatSpeedup(result.dag.before)} → ${formatSpeedup(result.dag.after)} (${formatGain(result.dag.gain)})`,
    `${formatSpeedup(result.blockStm.before)} → ${formatSpeedup(result.blockStm.after)} (${formatGain(result.blockStm.gain)})`,
  ]);
  const threads = workload.whatIf[0]?.threads ?? SUMMARY_THREADS;
  return markdownTable(["Hotspot", "Fix", `DAG @${threads}`, `Block-STM @${threads}`], rows);
}

function workloadDetails(workload: WorkloadReport, limit: number): string[] {
  const point = pointAt(workload.speedups, SUMMARY_THREADS);
  const title =
    `<b>${escapeCell(workload.name)}</b>: Block-STM ${formatSpeedup(point?.blockStm)} @${SUMMARY_THREADS}, ` +
    `${workload.hotspots.length} hotspot${workload.hotspots.length === 1 ? "" : "s"}`;
  const lines = ["", "<details>", `<summary>${title}</summary>`, "", escapeCell(workload.description), ""];
  lines.push(
    `${formatInteger(workload.transactions)} transactions in ${workload.blocks} blocks, ` +
      `conflict density ${formatPercent(workload.conflictDensity)}, critical path ${formatPercent(workload.criticalPathRatio)} of gas.`,
  );
  lines.push("", ...speedupRows(workload), "", ...hotspotRows(workload, limit));
  if (workload.whatIf.length > 0) lines.push("", ...whatIfRows(workload));
  const reasons = workload.revertReasons.map((revert) => `${revert.count} × ${escapeCell(revert.reason)}`);
  lines.push("", `Reverted: ${workload.reverted}${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}.`);
  lines.push(...shardingMarkdown(workload.sharding, "####"));
  return [...lines, "", "</details>"];
}

function contractRows(contracts: readonly ContractReport[]): string[] {
  const rows = contracts.map((contract) => {
    const always = contract.pairs.filter((pair) => pair.conflict === "always");
    return [
      contract.name,
      contract.method,
      String(contract.functions.length),
      always.map((pair) => `${pair.first} × ${pair.second}`).join(", ") || "-",
      String(contract.counts["key-dependent"] ?? 0),
      contract.unknownFunctions.join(", ") || "-",
      contract.hotspots.map((spot) => `${spot.variable} (${formatSource(spot.declaration)})`).join(", ") || "-",
    ];
  });
  const headers = ["Contract", "Analysis", "Functions", "Always-conflicting pairs", "Key-dependent pairs"];
  return markdownTable([...headers, "Unknown functions", "Static hotspots"], rows, [2, 4]);
}

/** Renders the report as GitHub-flavoured Markdown ending with a newline. */
export function renderMarkdown(report: ParallelReport, options: MarkdownOptions = {}): string {
  const heading = "#".repeat(Math.min(5, Math.max(1, options.headingLevel ?? 2)));
  const lines = [...summarySection(report, heading), ...checkSection(report, heading)];
  if (report.workloads.length > 0)
    lines.push("", `${heading}# Workloads`, "", ...workloadTable(report), "", FIGURES_NOTE);
  for (const workload of report.workloads) lines.push(...workloadDetails(workload, options.hotspotLimit ?? 10));
  lines.push(...findingsMarkdown(`${heading}#`, "Findings", report.findings));
  if (report.contracts.length > 0) lines.push("", `${heading}# Contracts`, "", ...contractRows(report.contracts));
  lines.push(...testProfileMarkdown(report, heading));
  return `${lines.join("\n")}\n`;
}

/**
 * Sections of the terminal report (terminal.ts assembles them): one workload, one contract's static view,
 * the check findings. Every function returns lines; colour only emphasises what the text already says.
 */
import type { ChalkInstance } from "chalk";

import type { CheckFinding, CheckResult, ContractReport, ParallelReport, WorkloadReport } from "../report-model.js";
import {
  compactDiff,
  CONFLICT_CLASSES,
  conflictLetter,
  formatFix,
  formatGain,
  formatInteger,
  formatPercent,
  formatSource,
  formatSpeedup,
  sortFindings,
  staticPairLookup,
} from "./format-helpers.js";
import { shardingTerminal } from "./sharding-terminal.js";
import { pad, renderTable } from "./table.js";
import { measuredReasonLine, whatIfRowLabel } from "./workload-headline.js";

/** Largest function count drawn as a grid; bigger contracts list their conflicting pairs instead. */
export const MAX_GRID_FUNCTIONS = 12;

const INDENT = "    ";

function speedupTable(workload: WorkloadReport, threads: readonly number[]): string[] {
  const measured = workload.measured;
  const rows = workload.speedups
    .filter((point) => threads.includes(point.threads))
    .map((point) => {
      const row = [String(point.threads), formatSpeedup(point.dag), formatSpeedup(point.blockStm)];
      row.push(formatSpeedup(point.sharded), formatSpeedup(point.bound));
      const here = measured !== undefined && measured.workers === point.threads;
      if (measured !== undefined)
        row.push(here ? `${formatSpeedup(measured.speedup)} (predicted ${formatSpeedup(measured.predicted)})` : "");
      return row;
    });
  const columns = [
    { header: "threads", align: "right" as const },
    { header: "DAG ideal", align: "right" as const },
    { header: "Block-STM sim", align: "right" as const },
    { header: "sharded", align: "right" as const },
    { header: "bound", align: "right" as const },
  ];
  if (measured !== undefined) columns.push({ header: `measured (${measured.strategy})`, align: "right" });
  const why = measuredReasonLine(measured);
  return [...renderTable(columns, rows, INDENT), ...(why === undefined ? [] : [`${INDENT}${why}`])];
}

function hotspotTable(workload: WorkloadReport, chalk: ChalkInstance, limit: number): string[] {
  if (workload.hotspots.length === 0) return [`${INDENT}no hotspots`];
  const rows = workload.hotspots
    .slice(0, limit)
    .map((spot, at) => [
      String(at + 1),
      chalk.bold(spot.label),
      formatSource(spot.declaration),
      formatPercent(spot.edgeShare),
      formatInteger(spot.serializedGas),
      spot.remedy.kind === "none" ? "-" : spot.remedy.kind,
      spot.acknowledged === undefined ? "no" : chalk.dim(`yes: ${spot.acknowledged}`),
    ]);
  return renderTable(
    [
      { header: "#", align: "right" },
      { header: "hotspot" },
      { header: "declared at" },
      { header: "edge share", align: "right" },
      { header: "serialized gas", align: "right" },
      { header: "remedy" },
      { header: "acknowledged" },
    ],
    rows,
    INDENT,
  );
}

function whatIfTable(workload: WorkloadReport): string[] {
  const rows = workload.whatIf.map((result) => [
    whatIfRowLabel(workload, result),
    formatFix(result.fix, result.parts),
    `${formatSpeedup(result.dag.before)} -> ${formatSpeedup(result.dag.after)} (${formatGain(result.dag.gain)})`,
    `${formatSpeedup(result.blockStm.before)} -> ${formatSpeedup(result.blockStm.after)} (${formatGain(result.blockStm.gain)})`,
  ]);
  const threads = workload.whatIf[0]?.threads ?? 16;
  return renderTable(
    [{ header: "hotspot" }, { header: "fix" }, { header: `DAG @${threads}` }, { header: `Block-STM @${threads}` }],
    rows,
    INDENT,
  );
}

function remedyLines(workload: WorkloadReport, limit: number): string[] {
  return workload.hotspots
    .slice(0, limit)
    .filter((spot) => spot.remedy.text !== "")
    .map((spot, at) => `${INDENT}${at + 1}. ${spot.label}: ${spot.remedy.text}`);
}

/** Lines of one workload: header, speedup table, hotspots, what-if, reverts. */
export function workloadSection(
  workload: WorkloadReport,
  report: ParallelReport,
  chalk: ChalkInstance,
  hotspotLimit: number,
): string[] {
  const lines = [
    chalk.bold.cyan(`Workload ${workload.name}`) + ` (${workload.template}, ${workload.contracts.join(", ")})`,
    `  ${workload.description}`,
    `  ${formatInteger(workload.transactions)} transactions in ${workload.blocks} blocks, ${formatInteger(workload.gas)} gas; ` +
      `conflict density ${formatPercent(workload.conflictDensity)}, critical path ${formatPercent(workload.criticalPathRatio)} of gas`,
    "",
    "  Speedup by threads (simulated from gas; measured is wall time)",
    ...speedupTable(workload, report.settings.threads),
    "",
    `  Hotspots (${workload.hotspots.length})`,
    ...hotspotTable(workload, chalk, hotspotLimit),
    ...remedyLines(workload, hotspotLimit),
  ];
  if (workload.whatIf.length > 0) lines.push("", "  What-if (fix one hotspot, re-simulate)", ...whatIfTable(workload));
  lines.push("", `  Reverted: ${workload.reverted} of ${formatInteger(workload.transactions)}`);
  for (const revert of workload.revertReasons) lines.push(`${INDENT}${revert.count} x ${revert.reason}`);
  lines.push(...shardingTerminal(workload.sharding, chalk));
  return lines;
}

function matrixGrid(contract: ContractReport): string[] {
  const lookup = staticPairLookup(contract);
  const names = contract.functions;
  const width = Math.max(...names.map((name) => name.length));
  const header = `${INDENT}${" ".repeat(width + 4)}${names.map((_, at) => String(at + 1).padStart(2)).join(" ")}`;
  const rows = names.map((first, row) => {
    const cells = names.map((second) => conflictLetter(lookup(first, second)?.conflict ?? "unknown").padStart(2));
    return `${INDENT}${pad(`${row + 1}. ${first}`, width + 4)}${cells.join(" ")}`;
  });
  const legend = CONFLICT_CLASSES.map((entry) => `${entry.letter} ${entry.name}`).join(", ");
  return [header, ...rows, `${INDENT}legend: ${legend}`];
}

function pairList(contract: ContractReport): string[] {
  const pairs = contract.pairs.filter((pair) => pair.conflict !== "none");
  if (pairs.length === 0) return [`${INDENT}no conflicting pairs`];
  return renderTable(
    [{ header: "class" }, { header: "pair" }, { header: "variables" }, { header: "condition" }],
    pairs.map((pair) => [pair.conflict, `${pair.first} x ${pair.second}`, pair.variables.join(", "), pair.condition]),
    INDENT,
  );
}

/** Lines of one contract: static conflict matrix (grid or list), unknown functions, static hotspots. */
export function contractSection(contract: ContractReport, chalk: ChalkInstance): string[] {
  const counts = CONFLICT_CLASSES.map((entry) => `${entry.name} ${contract.counts[entry.name] ?? 0}`).join(", ");
  const lines = [
    chalk.bold.cyan(`Contract ${contract.name}`) + ` (${contract.sourceName}, ${contract.method} analysis)`,
    `  pairs: ${counts}`,
    ...(contract.functions.length <= MAX_GRID_FUNCTIONS && contract.functions.length > 0
      ? matrixGrid(contract)
      : pairList(contract)),
  ];
  if (contract.unknownFunctions.length > 0) lines.push(`  unknown functions: ${contract.unknownFunctions.join(", ")}`);
  if (contract.hotspots.length > 0) {
    const rows = contract.hotspots.map((spot) => [
      chalk.bold(spot.variable),
      formatSource(spot.declaration),
      String(spot.pairs),
      spot.remedy.kind === "none" ? "-" : spot.remedy.kind,
      spot.acknowledged === undefined ? "no" : `yes: ${spot.acknowledged}`,
    ]);
    const columns = [
      { header: "variable" },
      { header: "declared at" },
      { header: "always pairs", align: "right" as const },
    ];
    lines.push(
      "  Static hotspots",
      ...renderTable([...columns, { header: "remedy" }, { header: "acknowledged" }], rows, INDENT),
    );
  }
  return lines;
}

/** `[ERROR]`-style marker of a finding, coloured by severity. */
export function severityMarker(severity: CheckFinding["severity"], chalk: ChalkInstance): string {
  const text = `[${severity.toUpperCase()}]`;
  if (severity === "error") return chalk.red.bold(text);
  return severity === "warning" ? chalk.yellow.bold(text) : chalk.blue(text);
}

/** Lines of the check findings (errors only when `failuresOnly`; each with its compact diff unless `diffs` is false). */
export function findingLines(
  findings: readonly CheckFinding[],
  chalk: ChalkInstance,
  failuresOnly: boolean,
  diffs = true,
): string[] {
  return sortFindings(findings)
    .filter((finding) => !failuresOnly || finding.severity === "error")
    .flatMap((finding) => {
      const where = finding.source === undefined ? "" : chalk.dim(` (${formatSource(finding.source)})`);
      const line = `  ${severityMarker(finding.severity, chalk)} ${finding.message}${where}`;
      return [line, ...(diffs ? diffLines(finding, chalk) : [])];
    });
}

/**
 * The compact diff under a check finding when a figure changed, `was 6.20x, now 0.99x at 16 threads` (a bare
 * `- 6.20x  + 0.99x` reads as arithmetic in a CI log without colour); colour marks the old figure red and the
 * new one green.
 */
function diffLines(finding: CheckFinding, chalk: ChalkInstance): string[] {
  if (finding.diff === undefined) return [];
  const d = compactDiff(finding.diff);
  const context = d.context === "" ? "" : chalk.dim(` ${d.context}`);
  return [`      was ${chalk.red(d.before)}, now ${chalk.green(d.after)}${context}`];
}

/** The check's hint (acknowledge or `--update-baseline`), once, when something changed. */
export function hintLines(check: CheckResult | undefined, chalk: ChalkInstance): string[] {
  return check?.hint === undefined ? [] : ["", `${chalk.bold("Hint:")} ${check.hint}`];
}

/**
 * Terminal report: summary first (workloads, transactions, worst speedup, always-conflicting pairs,
 * unknown functions, soundness misses, check verdict), one line per workload, the next steps (the fix worth
 * most per workload and how to gate or accept a change), then per workload the speedup table of the three
 * models (with the measured speedup next to its prediction), hotspots, what-if gains and reverts, then per
 * contract the static conflict matrix and hotspots, then the check findings (one line per cause, the compact
 * diff of the figure that changed under it) and the check's hint once at the end.
 *
 * Colour comes from chalk at the environment's level by default (none when stdout is not a TTY, unless
 * FORCE_COLOR says otherwise) and never carries meaning alone: verdicts and severities are also words.
 * `quiet` prints only the summary and the failures (with their diffs), then the hint.
 */
import { Chalk, type ChalkInstance, type ColorSupportLevel, supportsColor } from "chalk";

import type { ParallelReport } from "../report-model.js";
import {
  checkVerdict,
  countFindings,
  formatInteger,
  formatPercent,
  formatSpeedup,
  SUMMARY_THREADS,
} from "./format-helpers.js";
import { findingsTerminal, testProfileTerminal } from "./findings-sections.js";
import { pad, renderTable } from "./table.js";
import { contractSection, findingLines, hintLines, workloadSection } from "./terminal-sections.js";
import { FIGURES_NOTE, formatHeadlineFix, remedySentence, workloadHeadline } from "./workload-headline.js";

/** Options of {@link renderTerminal}. */
export interface TerminalOptions {
  /** Colour level: 0 none, 1 basic, 2 256, 3 truecolor. Default: what the environment supports on stdout. */
  readonly level?: ColorSupportLevel;
  /** Only the summary and the failures. Default false. */
  readonly quiet?: boolean;
  /** The run wrote the baseline (`--update-baseline`): the next step is to commit it. Default false. */
  readonly baselineWritten?: boolean;
  /** A baseline file exists (a run without `--check` then points at `--check`, not at writing one). Default false. */
  readonly baselineExists?: boolean;
  /** Hotspots listed per workload. Default 5. */
  readonly hotspotLimit?: number;
}

function verdictText(report: ParallelReport, chalk: ChalkInstance): string {
  const verdict = checkVerdict(report);
  const counts = report.check === undefined ? "" : countFindings(report.check.findings);
  const detail = counts === "" ? "" : ` (${counts})`;
  if (verdict === "PASS") return chalk.green.bold("PASS") + detail;
  if (verdict === "FAIL") return chalk.red.bold("FAIL") + detail;
  return "not run (use --check)";
}

function flag(count: number, chalk: ChalkInstance): string {
  return count > 0 ? chalk.yellow(formatInteger(count)) : formatInteger(count);
}

/**
 * The analyzer precision oracle's line, in words a user acts on: of the executed transaction pairs the analyzer
 * flags as possibly conflicting, the share that did conflict (a flag it cannot rule out is not a bug: nothing to
 * fix), the contract flagged most loosely, and the conflicts it missed (a bug to report), in red.
 */
function precisionEntry(report: ParallelReport, chalk: ChalkInstance): Array<[string, string]> {
  const p = report.precision;
  if (p === undefined || p.confirmedRate === null) return [];
  const missed =
    p.misses.length > 0
      ? chalk.red.bold(`${p.misses.length} conflicts MISSED (an analyzer bug: please report it with the contract)`)
      : "0 missed";
  const rate = (r: number) => `${(r * 100).toFixed(1)} %`;
  const lowest = [...p.contracts].sort((a, b) => a.confirmedRate - b.confirmedRate)[0];
  const loose =
    lowest !== undefined && lowest.confirmedRate < 1 ? `; lowest ${lowest.contract} ${rate(lowest.confirmedRate)}` : "";
  return [
    [
      "Analyzer flags confirmed",
      `${rate(p.confirmedRate)} of ${formatInteger(p.predictedPairs)} flagged transaction pairs conflicted when run, ` +
        `${missed} (a flag means "may conflict": the rest it could not rule out, nothing to fix${loose})`,
    ],
  ];
}

function summaryLines(report: ParallelReport, chalk: ChalkInstance): string[] {
  const summary = report.summary;
  const worst = report.workloads
    .map((workload) => ({ workload, point: workload.speedups.find((p) => p.threads === SUMMARY_THREADS) }))
    .sort((a, b) => (a.point?.blockStm ?? Infinity) - (b.point?.blockStm ?? Infinity))[0];
  const worstText =
    summary.worstSpeedup16 === undefined
      ? "-"
      : `${formatSpeedup(summary.worstSpeedup16)} Block-STM simulated` + (worst ? ` (${worst.workload.name})` : "");
  const entries: Array<[string, string]> = [
    ["Workloads", `${summary.workloads} (${formatInteger(summary.transactions)} transactions)`],
    ["Contracts", String(summary.contracts)],
    [`Worst speedup @${SUMMARY_THREADS} threads`, worstText],
    ["Always-conflicting pairs", flag(summary.alwaysConflictingPairs, chalk)],
    ["Unknown functions", flag(summary.unknownFunctions, chalk)],
    [
      "Soundness misses",
      `${summary.soundnessMisses > 0 ? chalk.red.bold(String(summary.soundnessMisses)) : "0"} ` +
        `(${formatInteger(report.soundness.checkedTransactions)} transactions checked)`,
    ],
    ...precisionEntry(report, chalk),
    ["Check", verdictText(report, chalk)],
  ];
  const width = Math.max(...entries.map(([label]) => label.length));
  return [
    chalk.bold(`hardhat-parallel ${report.tool.version} parallelism report`),
    ...entries.map(([label, value]) => `  ${pad(label, width)}  ${value}`),
  ];
}

/** One row per workload: the simulated speedups at 16 threads and the main hotspot, to compare variants. */
function glanceLines(report: ParallelReport): string[] {
  if (report.workloads.length === 0) return [];
  const rows = report.workloads.map((w) => {
    const point = w.speedups.find((p) => p.threads === SUMMARY_THREADS);
    const top = w.hotspots.find((h) => h.edgeShare >= 0.1);
    const hotspot =
      top === undefined ? "none above 10 % of conflicts" : `${top.label} (${formatPercent(top.edgeShare)})`;
    return [w.name, formatSpeedup(point?.blockStm), formatSpeedup(point?.dag), hotspot];
  });
  const columns = [
    { header: "workload" },
    { header: `Block-STM @${SUMMARY_THREADS}`, align: "right" as const },
    { header: `DAG @${SUMMARY_THREADS}`, align: "right" as const },
    { header: "main hotspot (share of conflicts)" },
  ];
  return ["", ...renderTable(columns, rows, "  ")];
}

/** What to do next: per workload the fix worth most, then how to gate it in CI. */
export function nextStepLines(
  report: ParallelReport,
  chalk: ChalkInstance,
  baselineWritten = false,
  baselineExists = false,
): string[] {
  const fixes = report.workloads.flatMap((workload) => {
    const fix = workloadHeadline(workload).fix;
    if (fix === undefined) return [];
    const where = fix.where === undefined ? "" : ` (${fix.where})`;
    return [`  - ${workload.name}${where}: ${remedySentence(fix.remedy)}${formatHeadlineFix(fix, "->")}`];
  });
  const gate = baselineWritten
    ? "  - Gate it in CI: commit parallel-baseline.json (just written), then run `npx hardhat parallel-report --check`."
    : report.check === undefined
      ? baselineExists
        ? "  - Compare with the baseline: `npx hardhat parallel-report --check` (what CI runs)."
        : "  - Gate it in CI: commit the baseline (`--update-baseline`), then run `npx hardhat parallel-report --check`."
      : report.check.passed
        ? "  - The check passed: after an intended change, refresh the baseline with `--update-baseline`."
        : "  - The check failed: fix, acknowledge or accept each change listed below (see the hint after them).";
  const empty =
    report.contracts.length === 0
      ? ["  - No contract was compiled: add Solidity sources to the project (contracts/), then run this again."]
      : report.workloads.length === 0
        ? ["  - Static analysis only (no workload): `npx hardhat parallel-init` writes one per contract."]
        : [];
  return ["", chalk.bold("Next steps"), ...empty, ...fixes, gate];
}

function soundnessLines(report: ParallelReport, chalk: ChalkInstance): string[] {
  return report.soundness.misses.map(
    (miss) =>
      `  ${chalk.red.bold("[MISS]")} ${miss.contract}.${miss.function} ${miss.access} of slot ${miss.slot} ` +
      `not predicted (tx ${miss.transaction})`,
  );
}

function failureLines(report: ParallelReport, chalk: ChalkInstance): string[] {
  const findings = report.check?.findings ?? [];
  const lines = [...findingLines(findings, chalk, true), ...soundnessLines(report, chalk)];
  // Warnings and notices one line each, without their diffs: the hint below may be about them.
  const others = findingLines(
    findings.filter((f) => f.severity !== "error"),
    chalk,
    false,
    false,
  );
  return [
    ...(lines.length === 0 ? [] : ["", chalk.bold("Failures"), ...lines]),
    ...(others.length === 0 ? [] : ["", chalk.bold("Warnings and notices"), ...others]),
    ...hintLines(report.check, chalk),
  ];
}

/** At most this many contracts get their matrix in the terminal; the rest are named on one line. */
export const MAX_TERMINAL_CONTRACTS = 12;

/**
 * The contracts' sections: all of them up to {@link MAX_TERMINAL_CONTRACTS}, else those with the most
 * always-conflicting pairs and hotspots first (ties by name, Vault2 before Vault10), then one line naming the
 * others and where their matrices are (a 40-contract project printed a thousand lines).
 */
function contractLines(report: ParallelReport, chalk: ChalkInstance): string[] {
  const weight = (c: ParallelReport["contracts"][number]): number => (c.counts["always"] ?? 0) + c.hotspots.length;
  const ranked =
    report.contracts.length <= MAX_TERMINAL_CONTRACTS
      ? report.contracts
      : [...report.contracts].sort(
          (a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name, undefined, { numeric: true }),
        );
  const shown = ranked.slice(0, MAX_TERMINAL_CONTRACTS);
  const rest = ranked.slice(MAX_TERMINAL_CONTRACTS).map((c) => c.name);
  const names = rest.length > 8 ? `${rest.slice(0, 8).join(", ")} and ${rest.length - 8} more` : rest.join(", ");
  return [
    ...shown.flatMap((contract) => ["", ...contractSection(contract, chalk)]),
    ...(rest.length === 0
      ? []
      : [
          "",
          `${rest.length} more contracts (${names}): their conflict matrices and hotspots are in the Markdown, HTML and JSON reports (\`--format all\`).`,
        ]),
  ];
}

function fullLines(report: ParallelReport, chalk: ChalkInstance, hotspotLimit: number): string[] {
  const lines: string[] = report.workloads.length === 0 ? [] : ["", chalk.dim(FIGURES_NOTE)];
  for (const workload of report.workloads) lines.push("", ...workloadSection(workload, report, chalk, hotspotLimit));
  lines.push(...findingsTerminal("Findings", report.findings, chalk));
  lines.push(...contractLines(report, chalk));
  lines.push(...testProfileTerminal(report, chalk));
  if (report.soundness.misses.length > 0)
    lines.push("", chalk.bold("Soundness misses"), ...soundnessLines(report, chalk));
  if (report.check !== undefined) {
    const findings = findingLines(report.check.findings, chalk, false);
    lines.push(
      "",
      chalk.bold(`Check findings (${report.check.findings.length})`),
      ...(findings.length > 0 ? findings : ["  none"]),
      ...hintLines(report.check, chalk),
    );
  }
  return lines;
}

/**
 * Renders the report for a terminal. The result ends with a newline; with level 0 it holds no escape code.
 */
export function renderTerminal(report: ParallelReport, options: TerminalOptions = {}): string {
  const level = options.level ?? (supportsColor === false ? 0 : supportsColor.level);
  const chalk = new Chalk({ level });
  const lines = [
    ...summaryLines(report, chalk),
    ...glanceLines(report),
    ...nextStepLines(report, chalk, options.baselineWritten, options.baselineExists),
  ];
  if (options.quiet === true) lines.push(...failureLines(report, chalk));
  else lines.push(...fullLines(report, chalk, options.hotspotLimit ?? 5));
  return `${lines.join("\n")}\n`;
}

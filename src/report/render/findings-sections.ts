/**
 * The findings table and the test-run profile section, for the terminal, Markdown and HTML renderers. One row
 * per finding in the shared vocabulary (hot slot, sequential id, hot key, ...): where it is, its share of the
 * conflicts, the fix, what the fix costs in gas and what it gains in simulated speedup. The test-run profile
 * section shows which function pairs conflicted in the project's own test traffic and the findings it hit.
 */
import type { ChalkInstance } from "chalk";

import { FINDING_TABLE } from "../assemble/finding-kinds.js";
import type { Finding, ParallelReport, WorkloadReport } from "../report-model.js";

import { formatInteger, formatPercent, formatSource, formatSpeedup } from "./format-helpers.js";
import { escapeHtml } from "./html-escape.js";
import { collapsed, htmlTable } from "./html-sections.js";
import { markdownTable } from "./markdown-table.js";
import { shardingHtml } from "./sharding-html.js";
import { shardingMarkdown } from "./sharding-markdown.js";
import { shardingTerminal } from "./sharding-terminal.js";

/** Findings listed per section. */
const LIMIT = 10;
/** Function pairs listed in the test-run profile section. */
const PAIR_LIMIT = 10;

/** The cells of one finding row, as text. */
export interface FindingRow {
  readonly kind: string;
  readonly subject: string;
  readonly source: string;
  readonly share: string;
  readonly fix: string;
  readonly gas: string;
  readonly gain: string;
  readonly acknowledged: string;
}

/** One finding as row cells. */
export function findingRow(f: Finding): FindingRow {
  const s = f.tradeOff.speedup;
  return {
    kind: FINDING_TABLE[f.kind].title,
    subject: f.subject,
    source: f.source === undefined ? "-" : formatSource(f.source),
    share: f.edgeShare === undefined ? "static" : formatPercent(f.edgeShare),
    fix: f.remedy.text,
    gas: f.tradeOff.gasText,
    gain: s === undefined ? "-" : `${formatSpeedup(s.now)} → ${formatSpeedup(s.fixed)} @${s.threads}`,
    acknowledged: f.acknowledged ?? "",
  };
}

/** Terminal lines of a findings table (empty when there is none). */
export function findingsTerminal(title: string, findings: readonly Finding[], chalk: ChalkInstance): string[] {
  if (findings.length === 0) return [];
  const lines = findings.slice(0, LIMIT).flatMap((f) => {
    const r = findingRow(f);
    const ack = r.acknowledged === "" ? "" : chalk.dim(` (acknowledged: ${r.acknowledged})`);
    return [
      `  ${chalk.bold(`[${r.kind}]`)} ${r.subject}  ${chalk.dim(r.source)}  ${r.share}${ack}`,
      `      fix: ${r.fix}`,
      `      cost: ${r.gas}${r.gain === "-" ? "" : `; gain: ${r.gain} threads`}`,
    ];
  });
  const more = findings.length > LIMIT ? [`  … ${findings.length - LIMIT} more in the JSON report`] : [];
  return ["", chalk.bold(`${title} (${findings.length})`), ...lines, ...more];
}

/** Markdown lines of a findings table (empty when there is none). */
export function findingsMarkdown(heading: string, title: string, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const rows = findings.slice(0, LIMIT).map((f) => {
    const r = findingRow(f);
    const ack = r.acknowledged === "" ? "" : ` (acknowledged: ${r.acknowledged})`;
    return [r.kind, r.subject + ack, r.source, r.share, r.fix, r.gas, r.gain];
  });
  const headers = ["Kind", "Where", "Source", "Share", "Fix", "Gas cost", "Speedup gain"];
  return ["", `${heading} ${title}`, "", ...markdownTable(headers, rows, [3])];
}

/** An HTML findings table (empty string when there is none). */
export function findingsHtml(id: string, title: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return "";
  const rows = findings.slice(0, LIMIT).map((f) => {
    const r = findingRow(f);
    const ack = r.acknowledged === "" ? "" : ` (acknowledged: ${r.acknowledged})`;
    return [
      { text: r.kind },
      { text: r.subject + ack },
      { text: r.source },
      { text: r.share, value: f.edgeShare ?? -1, numeric: true },
      { text: r.fix },
      { text: r.gas },
      { text: r.gain },
    ];
  });
  const headers = [
    { text: "Kind" },
    { text: "Where" },
    { text: "Source" },
    { text: "Share", numeric: true },
    { text: "Fix" },
    { text: "Gas cost" },
    { text: "Speedup gain" },
  ];
  const summary = `${escapeHtml(title)} <span class="muted">(${findings.length})</span>`;
  return collapsed(id, "findings", summary, htmlTable(headers, rows, "findings"));
}

function topPairs(profile: WorkloadReport): WorkloadReport["functionPairs"] {
  return [...profile.functionPairs]
    .filter((p) => p.conflicts > 0)
    .sort((a, b) => b.conflicts - a.conflicts || a.first.localeCompare(b.first) || a.second.localeCompare(b.second))
    .slice(0, PAIR_LIMIT);
}

function profileTitle(profile: WorkloadReport): string {
  return `Test-run profile: ${formatInteger(profile.transactions)} transactions of the project's tests`;
}

function pairText(p: WorkloadReport["functionPairs"][number]): string[] {
  return [`${p.first} × ${p.second}`, formatInteger(p.conflicts), formatPercent(p.rate)];
}

/** Terminal lines of the test-run profile section (empty without a profile). */
export function testProfileTerminal(report: ParallelReport, chalk: ChalkInstance): string[] {
  const profile = report.testProfile;
  if (profile === undefined) return [];
  const pairs = topPairs(profile).map((p) => {
    const [pair = "", conflicts = "", rate = ""] = pairText(p);
    return `  ${pair}: ${conflicts} conflicts (${rate} of their pairs)`;
  });
  return [
    "",
    chalk.bold(profileTitle(profile)),
    chalk.dim("  Function pairs that conflicted in the tests' traffic:"),
    ...(pairs.length > 0 ? pairs : ["  none"]),
    ...findingsTerminal("Findings in the tests' traffic", profile.findings, chalk),
    ...shardingTerminal(profile.sharding, chalk),
  ];
}

/** Markdown lines of the test-run profile section (empty without a profile). */
export function testProfileMarkdown(report: ParallelReport, heading: string): string[] {
  const profile = report.testProfile;
  if (profile === undefined) return [];
  const rows = topPairs(profile).map(pairText);
  const table = rows.length > 0 ? markdownTable(["Function pair", "Conflicts", "Rate"], rows, [1, 2]) : ["None."];
  return [
    "",
    `${heading}# ${profileTitle(profile)}`,
    "",
    "Function pairs that conflicted in the tests' traffic:",
    "",
    ...table,
    ...findingsMarkdown(`${heading}##`, "Findings in the tests' traffic", profile.findings),
    ...shardingMarkdown(profile.sharding, `${heading}##`),
  ];
}

/** The HTML test-run profile section (empty string without a profile). */
export function testProfileHtml(report: ParallelReport): string {
  const profile = report.testProfile;
  if (profile === undefined) return "";
  const rows = topPairs(profile).map((p) => [
    { text: `${p.first} × ${p.second}` },
    { text: formatInteger(p.conflicts), value: p.conflicts, numeric: true },
    { text: formatPercent(p.rate), value: p.rate, numeric: true },
  ]);
  const headers = [{ text: "Function pair" }, { text: "Conflicts", numeric: true }, { text: "Rate", numeric: true }];
  const pairs = rows.length > 0 ? htmlTable(headers, rows) : `<p class="empty">No conflicting function pairs.</p>`;
  const findings = findingsHtml("test-profile-findings", "Findings in the tests' traffic", profile.findings);
  const sharding = shardingHtml(profile.sharding, "the test-run profile");
  const body = `<p class="muted">Function pairs that conflicted in the tests' traffic.</p>${pairs}${findings}${sharding}`;
  return collapsed("test-profile", "test-profile", escapeHtml(profileTitle(profile)), body);
}

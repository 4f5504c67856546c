/**
 * Sections of the HTML report (html.ts assembles the page): summary cards, check findings, the sortable
 * hotspot table, one section per workload (speedup curves, observed heatmap, what-if) and one per contract
 * (static heatmap with its legend, static hotspots). Every function returns an HTML string.
 */
import type { CheckFinding, ContractReport, ParallelReport, WorkloadReport } from "../report-model.js";
import {
  checkVerdict,
  compactDiff,
  CONFLICT_CLASSES,
  countFindings,
  formatFix,
  formatGain,
  formatInteger,
  formatPercent,
  formatSource,
  formatSpeedup,
  sortFindings,
  SUMMARY_THREADS,
} from "./format-helpers.js";
import { whatIfRowLabel } from "./workload-headline.js";
import { CLASS_COLORS, dynamicHeatmap, rateColor, staticHeatmap } from "./heatmap.js";
import { escapeHtml } from "./html-escape.js";
import { speedupChart } from "./svg-chart.js";

/** A header cell: numeric columns are right-aligned and sort as numbers. */
interface Header {
  readonly text: string;
  readonly numeric?: boolean;
}

/** A body cell: `value` is the sort key when it differs from the text. */
interface Cell {
  readonly text: string;
  readonly value?: number | string;
  readonly numeric?: boolean;
  readonly html?: boolean;
}

/** An HTML table; `sortable` adds the click-to-sort behaviour of the page script. */
export function htmlTable(headers: readonly Header[], rows: readonly (readonly Cell[])[], className = ""): string {
  const head = headers
    .map(
      (h) => `<th${h.numeric === true ? ' class="num" data-type="number"' : ""} scope="col">${escapeHtml(h.text)}</th>`,
    )
    .join("");
  const body = rows
    .map((row) => {
      const cells = row.map((cell, at) => {
        const value = cell.value === undefined ? "" : ` data-value="${escapeHtml(String(cell.value))}"`;
        const label = ` data-label="${escapeHtml(headers[at]?.text ?? "")}"`;
        const content = cell.html === true ? cell.text : escapeHtml(cell.text);
        return `<td${cell.numeric === true ? ' class="num"' : ""}${value}${label}>${content}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const attributes = className === "" ? "" : ` class="${className}"`;
  return `<div class="table-wrap"><table${attributes}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A collapsed section: `summary` is what shows while it is closed. */
export function collapsed(id: string, className: string, summary: string, body: string): string {
  return (
    `<details class="${className}" id="${id}"><summary><h2>${summary}</h2></summary>` +
    `<div class="details-body">${body}</div></details>`
  );
}

function card(value: string, label: string): string {
  return `<div class="card"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

/** Title, settings and verdict. */
export function titleSection(report: ParallelReport): string {
  const verdict = checkVerdict(report);
  const counts = report.check === undefined ? "" : countFindings(report.check.findings);
  const settings = report.settings;
  return (
    `<header><h1>hardhat-parallel report</h1>` +
    `<p class="meta">${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}; hardfork ${escapeHtml(settings.hardfork)}, ` +
    `strategy ${escapeHtml(settings.strategy)}, ${settings.workers} workers, speedup tolerance ${formatPercent(settings.tolerance)}</p>` +
    `<p>Check: <span class="verdict ${verdict.toLowerCase().replace(" ", "-")}" id="verdict">${verdict}</span>` +
    `${counts === "" ? "" : ` <span class="muted">${escapeHtml(counts)}</span>`}</p></header>`
  );
}

/** The summary cards over all workloads and contracts. */
export function summaryCards(report: ParallelReport): string {
  const summary = report.summary;
  const cards = [
    card(String(summary.workloads), "workloads"),
    card(formatInteger(summary.transactions), "transactions"),
    card(formatSpeedup(summary.worstSpeedup16), `worst Block-STM speedup @${SUMMARY_THREADS} threads`),
    card(String(summary.alwaysConflictingPairs), "always-conflicting pairs"),
    card(String(summary.unknownFunctions), "unknown functions"),
    card(
      String(summary.soundnessMisses),
      `soundness misses (${formatInteger(report.soundness.checkedTransactions)} tx checked)`,
    ),
  ];
  return `<div class="cards" id="summary">${cards.join("")}</div>`;
}

/** The check findings, errors first, each with the compact diff of the figure that changed; the hint once after them. */
export function findingsSection(report: ParallelReport): string {
  if (report.check === undefined) return "";
  const rows = sortFindings(report.check.findings).map((finding) => [
    { text: `<span class="sev ${finding.severity}">${finding.severity.toUpperCase()}</span>`, html: true },
    { text: finding.kind },
    { text: finding.message },
    { text: diffHtml(finding.diff), html: true },
    { text: formatSource(finding.source), html: false },
  ]);
  const headers = [{ text: "Severity" }, { text: "Kind" }, { text: "Finding" }, { text: "Change" }, { text: "Source" }];
  const table = rows.length === 0 ? `<p class="empty">No findings.</p>` : htmlTable(headers, rows);
  const hint =
    report.check.hint === undefined
      ? ""
      : `<p class="hint" id="check-hint"><strong>Hint:</strong> ${escapeHtml(report.check.hint)}</p>`;
  return `<section id="check"><h2>Check findings</h2>${table}${hint}</section>`;
}

/** A finding's {@link compactDiff} as escaped HTML (`- 6.20x` struck out, `+ 0.99x`, then the shared words); `-` without one. */
function diffHtml(diff: CheckFinding["diff"]): string {
  if (diff === undefined) return "-";
  const d = compactDiff(diff);
  const context = d.context === "" ? "" : ` <span class="diff-context">${escapeHtml(d.context)}</span>`;
  return (
    `<span class="diff"><del class="diff-before">- ${escapeHtml(d.before)}</del> ` +
    `<ins class="diff-after">+ ${escapeHtml(d.after)}</ins>${context}</span>`
  );
}

/** Hotspots worth a row: those causing ≥ 5 % of a workload's conflicts, at least the top 3, at most 8. */
function mainHotspots(workload: WorkloadReport): WorkloadReport["hotspots"] {
  return workload.hotspots.filter((spot, i) => i < 3 || spot.edgeShare >= 0.05).slice(0, 8);
}

/** The main workload hotspots in one sortable table. */
export function hotspotSection(report: ParallelReport): string {
  const rows = report.workloads.flatMap((workload) =>
    mainHotspots(workload).map((spot) => [
      { text: workload.name },
      { text: spot.label },
      { text: formatSource(spot.declaration) },
      { text: formatPercent(spot.edgeShare), value: spot.edgeShare, numeric: true },
      { text: formatInteger(spot.transactions), value: spot.transactions, numeric: true },
      { text: formatInteger(spot.serializedGas), value: spot.serializedGas, numeric: true },
      { text: spot.remedy.text === "" ? spot.remedy.kind : spot.remedy.text },
      { text: spot.acknowledged === undefined ? "no" : `yes: ${spot.acknowledged}` },
    ]),
  );
  const headers = [
    { text: "Workload" },
    { text: "Hotspot" },
    { text: "Declared at" },
    { text: "Edge share", numeric: true },
  ];
  const rest = [
    { text: "Transactions", numeric: true },
    { text: "Serialized gas", numeric: true },
    { text: "Remedy" },
    { text: "Acknowledged" },
  ];
  const table =
    rows.length === 0
      ? `<p class="empty">No hotspots.</p>`
      : htmlTable([...headers, ...rest], rows, "sortable hotspots");
  const shown = rows.length;
  const total = report.workloads.reduce((n, w) => n + w.hotspots.length, 0);
  const note =
    shown < total
      ? ` Showing ${shown} of ${total} locations: per workload those causing at least 5 % of its conflicts (at least the top 3); the JSON report has all.`
      : "";
  const title = `All hotspots <span class="muted">(${shown} of ${total} locations)</span>`;
  return collapsed("hotspots", "hotspots", title, `<p class="muted">Click a column header to sort.${note}</p>${table}`);
}

function whatIfTable(workload: WorkloadReport): string {
  if (workload.whatIf.length === 0) return "";
  const threads = workload.whatIf[0]?.threads ?? SUMMARY_THREADS;
  const change = (c: { before: number; after: number; gain: number }): Cell => ({
    text: `${formatSpeedup(c.before)} → ${formatSpeedup(c.after)} (${formatGain(c.gain)})`,
    value: c.gain,
    numeric: true,
  });
  const rows = workload.whatIf.map((r) => [
    { text: whatIfRowLabel(workload, r) },
    { text: formatFix(r.fix, r.parts) },
    change(r.dag),
    change(r.blockStm),
  ]);
  const headers = [
    { text: "Hotspot" },
    { text: "Fix" },
    { text: `DAG @${threads}`, numeric: true },
    { text: `Block-STM @${threads}`, numeric: true },
  ];
  return `<h3>What-if</h3>${htmlTable(headers, rows, "sortable")}`;
}

function rateLegend(): string {
  const steps = [0, 0.25, 0.5, 0.75, 1].map(
    (rate) => `<li><span class="swatch" style="background:${rateColor(rate)}"></span>${rate * 100}%</li>`,
  );
  return `<ul class="legend-row">${steps.join("")}<li><span class="swatch" style="background:#e5e5e5">-</span>never in one block</li></ul>`;
}

/** One workload: figures, speedup curves, observed heatmap, what-if, reverts, then `extra` (its sharding block). */
export function workloadSection(workload: WorkloadReport, id: string, extra = ""): string {
  const point = workload.speedups.find((p) => p.threads === SUMMARY_THREADS);
  const reverts = workload.revertReasons.map((r) => `${r.count} × ${r.reason}`).join(", ");
  const title = `Speedup of ${workload.name} by thread count`;
  const heading = `Workload ${escapeHtml(workload.name)} <span class="muted">(${formatSpeedup(point?.blockStm)} Block-STM @${SUMMARY_THREADS})</span>`;
  return collapsed(
    id,
    "workload",
    heading,
    `<p>${escapeHtml(workload.description)} <span class="muted">(${escapeHtml(workload.template)}; ${escapeHtml(workload.contracts.join(", "))})</span></p>` +
      `<p class="meta">${formatInteger(workload.transactions)} transactions in ${workload.blocks} blocks, ${formatInteger(workload.gas)} gas; ` +
      `conflict density ${formatPercent(workload.conflictDensity)}; critical path ${formatPercent(workload.criticalPathRatio)} of gas; ` +
      `Block-STM ${formatSpeedup(point?.blockStm)} @${SUMMARY_THREADS}; reverted ${workload.reverted}${reverts === "" ? "" : ` (${escapeHtml(reverts)})`}</p>` +
      `<div class="row"><figure class="figure"><figcaption>Simulated speedup per model (from gas)</figcaption>${speedupChart(workload.speedups, title, workload.measured)}</figure>` +
      `<figure class="figure"><figcaption>Observed function-pair conflict rate (%)</figcaption>${dynamicHeatmap(workload)}${rateLegend()}</figure></div>` +
      `${whatIfTable(workload)}${extra}`,
  );
}

function classLegend(): string {
  const items = CONFLICT_CLASSES.map(
    (c) =>
      `<li><span class="swatch" style="background:${CLASS_COLORS[c.name] ?? "#7f7f7f"}">${escapeHtml(c.letter)}</span>${escapeHtml(c.name)}</li>`,
  );
  return `<ul class="legend-row">${items.join("")}</ul>`;
}

/** One contract: static heatmap with legend, class counts, unknown functions, static hotspots. */
export function contractSection(contract: ContractReport, id: string): string {
  const counts = CONFLICT_CLASSES.map((c) => `${c.name} ${contract.counts[c.name] ?? 0}`).join(", ");
  const unknown =
    contract.unknownFunctions.length === 0
      ? ""
      : `<p>Unknown functions: <code>${escapeHtml(contract.unknownFunctions.join(", "))}</code></p>`;
  const rows = contract.hotspots.map((spot) => [
    { text: spot.variable },
    { text: formatSource(spot.declaration) },
    { text: String(spot.pairs), value: spot.pairs, numeric: true },
    { text: spot.remedy.text === "" ? spot.remedy.kind : spot.remedy.text },
    { text: spot.acknowledged === undefined ? "no" : `yes: ${spot.acknowledged}` },
  ]);
  const headers = [
    { text: "Variable" },
    { text: "Declared at" },
    { text: "Always pairs", numeric: true },
    { text: "Remedy" },
    { text: "Acknowledged" },
  ];
  const hotspots = rows.length === 0 ? "" : `<h3>Static hotspots</h3>${htmlTable(headers, rows)}`;
  return collapsed(
    id,
    "contract",
    `Contract ${escapeHtml(contract.name)} <span class="muted">(${contract.counts["always"] ?? 0} always-conflicting pairs)</span>`,
    `<p class="meta"><code>${escapeHtml(contract.sourceName)}</code>, ${contract.method} analysis; pairs: ${escapeHtml(counts)}</p>` +
      `<figure class="figure"><figcaption>Static conflict matrix</figcaption>${staticHeatmap(contract)}${classLegend()}</figure>` +
      `${unknown}${hotspots}`,
  );
}

/** Soundness misses (empty string when there are none). */
export function soundnessSection(report: ParallelReport): string {
  if (report.soundness.misses.length === 0) return "";
  const rows = report.soundness.misses.map((m) => [
    { text: m.contract },
    { text: m.function },
    { text: m.access },
    { text: m.slot },
    { text: m.transaction },
  ]);
  const headers = [
    { text: "Contract" },
    { text: "Function" },
    { text: "Access" },
    { text: "Slot" },
    { text: "Transaction" },
  ];
  return `<section id="soundness"><h2>Soundness misses</h2>${htmlTable(headers, rows)}</section>`;
}

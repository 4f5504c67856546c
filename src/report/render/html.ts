/**
 * HTML report: ONE self-contained file — inline CSS and JavaScript, inline SVG rendered here (readable
 * without JavaScript), no external URL, and a Content-Security-Policy that forbids any network load. The
 * first screen answers "how parallel is my code and what should I change": the verdict, then per workload
 * the speedups, the main hotspot and the fix worth most (html-overview.ts), the figures explained in words,
 * the summary cards and the check findings. The details follow collapsed (`<details>`): a sortable hotspot
 * table, per workload the speedup curves (log2 thread axis) and the observed function-pair heatmap, per
 * contract the static conflict heatmap. The report data is embedded as JSON in `<script type="application/json">`.
 */
import type { ParallelReport } from "../report-model.js";
import { REPORT_CSS, REPORT_JS } from "./html-assets.js";
import { escapeHtml, jsonForScript } from "./html-escape.js";
import { findingsHtml, testProfileHtml } from "./findings-sections.js";
import { shardingHtml } from "./sharding-html.js";
import { overviewSection } from "./html-overview.js";
import {
  contractSection,
  findingsSection,
  hotspotSection,
  soundnessSection,
  summaryCards,
  titleSection,
  workloadSection,
} from "./html-sections.js";

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Page title. Default `hardhat-parallel report`. */
  readonly title?: string;
}

/** Content-Security-Policy of the page: nothing but inline style, inline script and data: images. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** A DOM id from a name (`workload-arena-battles`). */
function anchor(prefix: string, name: string, at: number): string {
  return `${prefix}-${at}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

function navigation(report: ParallelReport): string {
  const links = [
    ...(report.check === undefined ? [] : [`<a href="#check">Check</a>`]),
    `<a href="#hotspots">Hotspots</a>`,
    ...(report.findings.length === 0 ? [] : [`<a href="#findings">Findings</a>`]),
    ...(report.testProfile === undefined ? [] : [`<a href="#test-profile">Test-run profile</a>`]),
    ...report.workloads.map((w, at) => `<a href="#${anchor("workload", w.name, at)}">${escapeHtml(w.name)}</a>`),
    ...report.contracts.map((c, at) => `<a href="#${anchor("contract", c.name, at)}">${escapeHtml(c.name)}</a>`),
  ];
  return `<nav class="muted">Details (click to open): ${links.join(" · ")}</nav>`;
}

/** Renders the report as one self-contained HTML document (ends with a newline). */
export function renderHtml(report: ParallelReport, options: HtmlOptions = {}): string {
  const title = options.title ?? "hardhat-parallel report";
  const workloadAnchors = report.workloads.map((workload, at) => anchor("workload", workload.name, at));
  const body = [
    titleSection(report),
    overviewSection(report, workloadAnchors),
    summaryCards(report),
    findingsSection(report),
    soundnessSection(report),
    navigation(report),
    hotspotSection(report),
    findingsHtml("findings", "Findings", report.findings),
    ...report.workloads.map((workload, at) =>
      workloadSection(workload, workloadAnchors[at] ?? "", shardingHtml(workload.sharding, workload.name)),
    ),
    ...report.contracts.map((contract, at) => contractSection(contract, anchor("contract", contract.name, at))),
    testProfileHtml(report),
    `<footer>Simulated figures derive from gas and are deterministic; measured figures are wall time.</footer>`,
  ];
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    `<main>${body.filter((part) => part !== "").join("\n")}</main>`,
    `<script type="application/json" id="report-data">${jsonForScript(report)}</script>`,
    `<script>${REPORT_JS}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

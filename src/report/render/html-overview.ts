/**
 * The first screen of the HTML report: per workload how parallel it is and what to change (speedups, the
 * main hotspot, the fix worth most and its gain), then what the figures mean in words — simulated against
 * measured, and the sharded comparison. Everything else on the page sits in collapsed sections below it.
 */
import type { ParallelReport } from "../report-model.js";
import { formatPercent, formatSource, formatSpeedup, SUMMARY_THREADS } from "./format-helpers.js";
import { escapeHtml } from "./html-escape.js";
import {
  formatHeadlineFix,
  formatMeasured,
  remedySentence,
  type WorkloadHeadline,
  workloadHeadline,
} from "./workload-headline.js";

/** Share of a workload's conflicts from which one location is called its main hotspot (as in the terminal). */
const DOMINANT_SHARE = 0.1;

function headlineCard(headline: WorkloadHeadline, href: string): string {
  const speedups =
    `<p class="speedups"><span class="big">${formatSpeedup(headline.blockStm)}</span> Block-STM @${SUMMARY_THREADS} threads` +
    ` <span class="muted">· ${formatSpeedup(headline.dag)} ideal · measured ${escapeHtml(formatMeasured(headline.measured))}</span></p>`;
  const spot = headline.hotspot;
  const where =
    spot?.declaration === undefined
      ? ""
      : ` <span class="muted">at ${escapeHtml(formatSource(spot.declaration))}</span>`;
  const named =
    spot === undefined
      ? ""
      : `<code>${escapeHtml(spot.label)}</code> (${formatPercent(spot.edgeShare)} of conflicts)${where}`;
  const hotspot =
    spot === undefined
      ? `<p><b>Main hotspot:</b> none, no transaction waited for another.</p>`
      : spot.edgeShare < DOMINANT_SHARE
        ? `<p><b>Main hotspot:</b> none above ${DOMINANT_SHARE * 100} % of conflicts <span class="muted">(largest: ${named})</span></p>`
        : `<p><b>Main hotspot:</b> ${named}</p>`;
  const fix = headline.fix;
  const change =
    fix === undefined
      ? `<p><b>Change:</b> nothing to gain from fixing one hotspot.</p>`
      : `<p><b>Change:</b> ${escapeHtml(remedySentence(fix.remedy))}` +
        `<span class="gain">${escapeHtml(formatHeadlineFix(fix, "→"))}</span></p>`;
  return (
    `<article class="headline" data-workload="${escapeHtml(headline.name)}">` +
    `<h3><a href="#${href}">${escapeHtml(headline.name)}</a></h3>${speedups}${hotspot}${change}</article>`
  );
}

/** What the figures mean, in words: simulated, ideal, measured against predicted, and the sharded model. */
function explanation(report: ParallelReport): string {
  const workers = report.settings.workers;
  return (
    `<div class="explain" id="how-to-read"><p><b>How to read these figures.</b> ` +
    `<i>Block-STM @${SUMMARY_THREADS}</i> is the speedup the workload's transactions would get from Block-STM on ` +
    `${SUMMARY_THREADS} threads, simulated from their gas and the conflicts observed while running them; it is ` +
    `deterministic and is what <code>--check</code> compares. <i>Ideal</i> is the best any scheduler could do ` +
    `knowing every conflict in advance.</p>` +
    `<p><i>Measured</i> is wall time: this plugin's executor re-mining two blocks on this machine with ${workers} ` +
    `workers, against the sequential run; <i>predicted</i> is the simulation at the same worker count. Measured ` +
    `is usually lower, because the simulation counts gas only, not starting threads, copying state and ` +
    `validating reads, which dominate small blocks and busy machines. Compare code versions with the simulated ` +
    `figures; the measured one only checks the executor.</p>` +
    `<p><i>Sharded</i> (in the charts) is a comparison, not how this plugin runs: the same traffic on an ` +
    `account-sharded chain with one shard per thread, where a contract's storage lives on one shard and a ` +
    `cross-shard transaction costs twice its gas. Below 1.00x means such a chain would be slower than a single ` +
    `one for this traffic. Each workload's <i>Sharding what-if</i> compares placement policies (address hash, ` +
    `per contract, access graph) and lists the synchronous calls a shard boundary would break.</p></div>`
  );
}

/** The first screen: one card per workload, then the explanation. Empty without workloads. */
export function overviewSection(report: ParallelReport, anchors: readonly string[]): string {
  if (report.workloads.length === 0) return "";
  const cards = report.workloads.map((workload, at) => headlineCard(workloadHeadline(workload), anchors[at] ?? ""));
  return (
    `<section id="overview"><h2>How parallel is this code, and what to change</h2>` +
    `<div class="headlines">${cards.join("")}</div>${explanation(report)}</section>`
  );
}

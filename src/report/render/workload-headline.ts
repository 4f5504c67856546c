/**
 * The answer a reader wants first, per workload: how parallel it is (simulated speedups at the summary thread
 * count, the measured run next to its prediction), what limits it (the main hotspot) and what to change (the
 * what-if fix with the largest Block-STM gain, with its remedy in words). The HTML first screen and the
 * terminal's next steps render it; every figure comes from the report model.
 */
import type { HotspotEntry, MeasuredSpeedup, WorkloadReport } from "../report-model.js";
import { TOGETHER } from "../simulate/what-if.js";

import { formatFix, formatGain, formatPercent, formatSpeedup, pointAt, SUMMARY_THREADS } from "./format-helpers.js";

/** The most useful fix of a workload: the what-if result with the largest Block-STM gain. */
export interface HeadlineFix {
  /** Location label (`Arena.round`). */
  readonly label: string;
  /** `commutative` or `partitioned x16`. */
  readonly fix: string;
  /** The hotspot's remedy in words, empty when the report has none for it. */
  readonly remedy: string;
  /** Where to change it (`contracts/Vault.sol:5`), when the hotspot has a declaration in the project. */
  readonly where: string | undefined;
  readonly threads: number;
  readonly before: number;
  readonly after: number;
  readonly gain: number;
}

/** One workload's answer. */
export interface WorkloadHeadline {
  readonly name: string;
  readonly blockStm: number | undefined;
  readonly dag: number | undefined;
  readonly measured: MeasuredSpeedup | undefined;
  /** The hotspot causing the largest share of conflicts, if any. */
  readonly hotspot: HotspotEntry | undefined;
  /** The fix worth most, when a what-if result gains anything. */
  readonly fix: HeadlineFix | undefined;
}

/** Smallest Block-STM gain (after / before) worth suggesting as a next step. */
const MIN_USEFUL_GAIN = 1.05;

/** The remedy of the fix-them-together row: no single change pays. */
export const TOGETHER_REMEDY =
  "No single change pays here: these hotspots serialize the same transactions, so fix them together";

/** `contracts/Vault.sol:5`, or undefined when the hotspot has no declaration. */
function whereOf(hotspot: HotspotEntry | undefined): string | undefined {
  const at = hotspot?.declaration;
  return at === undefined ? undefined : `${at.file}:${at.line}`;
}

/** The change a remedy asks for, without its leading `<subject> is …:` diagnosis. */
function changeOf(remedy: string): string {
  const colon = remedy.indexOf(": ");
  return (colon < 0 ? remedy : remedy.slice(colon + 2)).replace(/\.\s*$/, "");
}

/** The together row's remedy: each hotspot with where it is and the change it needs. */
function togetherRemedy(workload: WorkloadReport, row: WorkloadReport["whatIf"][number]): string {
  const parts = row.location.split(TOGETHER).map((location) => {
    const spot = workload.hotspots.find((h) => h.location === location);
    const where = whereOf(spot);
    return `${spot?.label ?? location}${where === undefined ? "" : ` (${where})`}: ${changeOf(spot?.remedy.text ?? "")}`;
  });
  return `${TOGETHER_REMEDY} — ${parts.join("; ")}.`;
}

/**
 * Whether a contract change could make every hotspot of a together row commutative: not per-user state (nothing
 * to change) and not state the remedy calls inherent (a pool's reserves: every swap must see the previous one).
 */
function fixableTogether(workload: WorkloadReport, row: WorkloadReport["whatIf"][number]): boolean {
  return row.location.split(TOGETHER).every((location) => {
    const remedy = workload.hotspots.find((h) => h.location === location)?.remedy;
    return remedy !== undefined && remedy.kind !== "none" && !/inherent/.test(remedy.text);
  });
}

function bestFix(workload: WorkloadReport): HeadlineFix | undefined {
  const singles = workload.whatIf.filter((r) => !r.location.includes(TOGETHER));
  const best = [...singles].sort((a, b) => b.blockStm.gain - a.blockStm.gain)[0];
  if (best === undefined || best.blockStm.gain < MIN_USEFUL_GAIN) {
    const together = workload.whatIf.find((r) => r.location.includes(TOGETHER));
    if (together === undefined || together.blockStm.gain < MIN_USEFUL_GAIN || !fixableTogether(workload, together))
      return undefined;
    const { threads, blockStm } = together;
    const fix = "commutative, all together";
    const remedy = togetherRemedy(workload, together);
    return { label: together.label, fix, remedy, where: undefined, threads, ...blockStm };
  }
  const spot = workload.hotspots.find((h) => h.location === best.location);
  return {
    label: best.label,
    fix: formatFix(best.fix, best.parts),
    remedy: spot?.remedy.text ?? "",
    where: whereOf(spot),
    threads: best.threads,
    before: best.blockStm.before,
    after: best.blockStm.after,
    gain: best.blockStm.gain,
  };
}

/** The headline of one workload. */
export function workloadHeadline(workload: WorkloadReport): WorkloadHeadline {
  const point = pointAt(workload.speedups, SUMMARY_THREADS);
  const hotspot = [...workload.hotspots].sort((a, b) => b.edgeShare - a.edgeShare)[0];
  return {
    name: workload.name,
    blockStm: point?.blockStm,
    dag: point?.dag,
    measured: workload.measured,
    hotspot,
    fix: bestFix(workload),
  };
}

/** What the sharded and measured figures mean, in words (terminal and Markdown; the HTML says more). */
export const FIGURES_NOTE =
  "Sharded is a comparison, not how this plugin runs: the same traffic on an account-sharded chain (one shard " +
  "per thread, addresses hashed to shards, senders on their own shards); below 1.00x such a chain would be slower " +
  "than a single one. Each workload's Sharding what-if compares placements and says which calls to redesign. " +
  "Measured is wall time of this plugin's executor on this machine, usually below its prediction: the " +
  "simulation counts gas only, not threads, state copies and validation.";

/** A remedy as a sentence followed by a space (`Split it. `), or empty when there is none. */
export function remedySentence(remedy: string): string {
  const text = remedy.trim();
  if (text === "") return "";
  return /[.!?]$/.test(text) ? `${text} ` : `${text}. `;
}

/** `Arena.round (71.2% of conflicts)`, or a plain statement that nothing dominates. */
export function formatHotspot(hotspot: HotspotEntry | undefined): string {
  return hotspot === undefined ? "no conflicts" : `${hotspot.label} (${formatPercent(hotspot.edgeShare)} of conflicts)`;
}

/** The what-if in words: `if Arena.round no longer conflicted`, `with Arena.round split 16 ways`. */
function whatIfWords(fix: HeadlineFix): string {
  const parts = /^partitioned x(\d+)$/.exec(fix.fix)?.[1];
  return parts === undefined ? `if ${fix.label} no longer conflicted` : `with ${fix.label} split ${parts} ways`;
}

/**
 * `Simulated with that fix (if Arena.round no longer conflicted): Block-STM 1.42x -> 2.10x at 16 threads
 * (+47.8%)`; `arrow` is `->` or `→`.
 */
export function formatHeadlineFix(fix: HeadlineFix, arrow: string): string {
  return (
    `Simulated with that fix (${whatIfWords(fix)}): Block-STM ${formatSpeedup(fix.before)} ${arrow} ` +
    `${formatSpeedup(fix.after)} at ${fix.threads} threads (${formatGain(fix.gain)})`
  );
}

/** `measured 1.24x on 2 workers (predicted 1.34x)` (with the reason when it has one), or `not measured`. */
export function formatMeasured(measured: MeasuredSpeedup | undefined): string {
  if (measured === undefined) return "not measured";
  const why = measured.reason === undefined ? "" : `; why: ${measured.reason}`;
  return (
    `${formatSpeedup(measured.speedup)} on ${measured.workers} workers ` +
    `(predicted ${formatSpeedup(measured.predicted)}${why})`
  );
}

/** The line under a speedup table that says why the measured figure is low or off its prediction. */
export function measuredReasonLine(measured: MeasuredSpeedup | undefined): string | undefined {
  return measured?.reason === undefined ? undefined : `Measured ${formatSpeedup(measured.speedup)}: ${measured.reason}`;
}

/**
 * The hotspot cell of a what-if row: its label, except for the row that fixes the hotspots above it all at once,
 * which says so (`all 5 above together`) instead of repeating their labels joined into one very wide cell.
 */
export function whatIfRowLabel(workload: WorkloadReport, row: WorkloadReport["whatIf"][number]): string {
  if (!row.location.includes(TOGETHER)) return row.label;
  const parts = row.location.split(TOGETHER);
  const singles = new Set(workload.whatIf.filter((r) => !r.location.includes(TOGETHER)).map((r) => r.location));
  return parts.every((part) => singles.has(part)) ? `all ${parts.length} above together` : row.label;
}

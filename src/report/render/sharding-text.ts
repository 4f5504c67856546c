/**
 * The sharding section's rows as text, shared by the terminal, Markdown and HTML renderers (sharding-*.ts):
 * one wording for the placement figures, the atomicity breaks and the hot accounts in every format.
 */
import { REFERENCE_SHARDS } from "../sharding/sharding-model.js";
import type {
  AtomicityBreak,
  HotAccount,
  PlacementFigures,
  ShardingSection,
  SourceLine,
} from "../sharding/sharding-model.js";
import { formatPercent, formatSpeedup } from "./format-helpers.js";

/** Cells of one placement row: policy, shards, cross-shard, imbalance, cut, sync, async, latency. */
export function placementCells(p: PlacementFigures): string[] {
  return [
    p.policy,
    String(p.shards),
    formatPercent(p.crossShardRatio),
    `${p.loadImbalance.toFixed(2)}${p.emptyShards > 0 ? ` (${p.emptyShards} empty)` : ""}`,
    String(p.cutWeight),
    formatSpeedup(p.syncSpeedup),
    formatSpeedup(p.asyncSpeedup),
    p.asyncLatencyBlocks.toFixed(1),
  ];
}

/** Headers of {@link placementCells}. */
export const PLACEMENT_HEADERS = [
  "Policy",
  "Shards",
  "Cross-shard tx",
  "Load imbalance",
  "Cut weight",
  "Sync lock",
  "Async msgs",
  "Latency (blocks)",
] as const;

/** `file:line` of a source line. */
export function lineRef(line: SourceLine | undefined): string {
  return line === undefined ? "-" : `${line.file}:${line.line}`;
}

/** The call chain of a break (`A.f → B.g → C.h`). */
export function breakPath(b: AtomicityBreak): string {
  return b.path.length > 0
    ? b.path.join(" → ")
    : `${b.caller.name}.${b.callerFunction} → ${b.callee.name}.${b.calleeFunction}`;
}

/** The checks after a break's call as `line 12, line 14` (or `none`). */
export function checksText(b: AtomicityBreak): string {
  return b.checksAfter.length === 0
    ? "none"
    : b.checksAfter.map((c) => `line ${c.line}: ${c.text.replace(/;$/, "")}`).join("; ");
}

/** The recommendation in one sentence, or why there is none. */
export function recommendationText(section: ShardingSection): string {
  const r = section.recommended;
  if (r === undefined) return section.notes[0] ?? "No recommendation: nothing to place.";
  // No placement beating one chain is a recommendation too: not to shard this traffic (yet).
  if (r.syncSpeedup <= 1) return `Recommended: stay on one chain. ${r.reason}`;
  return `Recommended: ${r.policy} at ${r.shards} shards. ${r.reason}`;
}

/** A hot account's segmentation estimate in words. */
export function hotText(h: HotAccount): string {
  const slots =
    h.slots.length === 0 ? "" : ` (hottest: ${h.slots.map((s) => `${s.label} ${formatPercent(s.share)}`).join(", ")})`;
  return (
    `${h.account.name} is touched by ${formatPercent(h.share)} of the transactions${slots}. ${h.remedy} ` +
    `Estimated at ${REFERENCE_SHARDS} shards: cross-shard ${formatPercent(h.crossShardRatio.now)} → ` +
    `${formatPercent(h.crossShardRatio.segmented)}, load imbalance ${h.loadImbalance.now.toFixed(2)} → ` +
    `${h.loadImbalance.segmented.toFixed(2)}.`
  );
}

/** The measured sharded run next to the simulation, when the record has one. */
export function measuredText(section: ShardingSection): string | undefined {
  const m = section.measured;
  if (m === undefined) return undefined;
  const ratio = m.crossShardRatio === undefined ? "" : `, ${formatPercent(m.crossShardRatio)} cross-shard`;
  const by = m.partitioner === undefined ? "" : ` (${m.partitioner} partition)`;
  const fallback = m.fallbackReason === undefined ? "" : ` It fell back to sequential: ${m.fallbackReason}.`;
  return (
    `Measured sharded run${by}: ${m.shards} shards, ${formatSpeedup(m.speedup)} against sequential ` +
    `(${m.sequentialMs.toFixed(1)} ms → ${m.shardedMs.toFixed(1)} ms wall time${ratio}).${fallback}`
  );
}

/** The figures of the recommended policy at the reference shard count. */
export function recommendedFigures(section: ShardingSection): PlacementFigures | undefined {
  const r = section.recommended;
  return section.placements.find((p) => p.policy === r?.policy && p.shards === r.shards);
}

/**
 * The sharding what-if in the terminal, compact: the recommendation, the three policies at the reference shard
 * count, the pair to keep together, the first atomicity breaks with their source lines, the hot accounts and
 * the notes. The full tables are in the Markdown and HTML reports.
 */
import type { ChalkInstance } from "chalk";

import { REFERENCE_SHARDS, type ShardingSection } from "../sharding/sharding-model.js";
import { formatPercent, formatSpeedup } from "./format-helpers.js";
import { breakPath, hotText, lineRef, measuredText, recommendationText } from "./sharding-text.js";

const INDENT = "    ";
const BREAKS = 3;

function policyLine(section: ShardingSection): string[] {
  const at = section.placements.filter((p) => p.shards === REFERENCE_SHARDS);
  if (at.length === 0) return [];
  const parts = at.map((p) => `${p.policy} ${formatPercent(p.crossShardRatio)} / ${formatSpeedup(p.syncSpeedup)}`);
  return [`${INDENT}at ${REFERENCE_SHARDS} shards (cross-shard / sync-lock speedup): ${parts.join(" · ")}`];
}

function breakLines(section: ShardingSection, chalk: ChalkInstance): string[] {
  if (section.atomicityBreaks.length === 0)
    return section.atomicityNote === undefined ? [] : [`${INDENT}atomicity: ${section.atomicityNote}`];
  const lines = [`${INDENT}atomicity breaks (${section.atomicityBreaks.length} synchronous calls cross a shard):`];
  for (const b of section.atomicityBreaks.slice(0, BREAKS)) {
    const checks = b.checksAfter.length === 0 ? "" : `, ${b.checksAfter.length} check(s) after it`;
    lines.push(
      `${INDENT}  ${breakPath(b)}  ${chalk.dim(lineRef(b.call))}  ${b.transactions} tx${checks}; remedy: ${b.remedy.kind}`,
    );
  }
  return lines;
}

/** Terminal lines of one sharding section (a heading and indented lines). */
export function shardingTerminal(section: ShardingSection | undefined, chalk: ChalkInstance): string[] {
  if (section === undefined) return [];
  const lines = ["", "  Sharding what-if (simulated from gas; see the Markdown or HTML report for every policy)"];
  lines.push(...section.notes.map((n) => `${INDENT}${chalk.dim(n)}`));
  if (section.status === "empty") return lines;
  lines.push(`${INDENT}${recommendationText(section)}`, ...policyLine(section));
  const measured = measuredText(section);
  if (measured !== undefined) lines.push(`${INDENT}${measured}`);
  const apart = section.coLocate.find((c) => !c.together);
  const pair = apart ?? section.coLocate[0];
  if (pair !== undefined)
    lines.push(
      `${INDENT}${apart === undefined ? "kept together" : "want to be together"}: ${pair.first.name} + ${pair.second.name} ` +
        `(${pair.transactions} tx, ${formatPercent(pair.share)})`,
    );
  lines.push(...breakLines(section, chalk));
  for (const h of section.hotAccounts.slice(0, 2)) lines.push(`${INDENT}hot: ${hotText(h)}`);
  return lines;
}

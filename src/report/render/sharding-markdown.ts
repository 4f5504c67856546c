/**
 * The sharding what-if in Markdown: the stated cost model, the placement table (every policy at 2, 4, 8 and
 * 16 shards), the contracts that want to share a shard, the atomicity-break list with source lines and the
 * checks after each call, and the hot accounts with the segmentation estimate. Empty tables are replaced by a
 * sentence saying why.
 */
import type { ShardingSection } from "../sharding/sharding-model.js";
import { formatPercent } from "./format-helpers.js";
import { escapeCell, markdownTable } from "./markdown-table.js";
import {
  breakPath,
  checksText,
  hotText,
  lineRef,
  measuredText,
  PLACEMENT_HEADERS,
  placementCells,
  recommendationText,
} from "./sharding-text.js";

function breakRows(section: ShardingSection): string[] {
  if (section.atomicityBreaks.length === 0) return [escapeCell(section.atomicityNote ?? "No break.")];
  const rows = section.atomicityBreaks.map((b) => [
    breakPath(b),
    `${b.callerShard} → ${b.calleeShard}`,
    `${b.transactions} (${formatPercent(b.share)})`,
    b.call === undefined ? "-" : `${lineRef(b.call)} \`${b.call.text}\``,
    checksText(b),
    `${b.remedy.kind}: ${b.remedy.text}`,
  ]);
  return markdownTable(["Call", "Shards", "Transactions", "Call site", "Checks after the call", "Remedy"], rows, [2]);
}

function coLocateRows(section: ShardingSection): string[] {
  if (section.coLocate.length === 0) return ["No two accounts are touched by one transaction."];
  const rows = section.coLocate.map((c) => [
    `${c.first.name} + ${c.second.name}`,
    `${c.transactions} (${formatPercent(c.share)})`,
    c.together ? "yes" : "no",
  ]);
  return markdownTable(["Accounts", "Transactions together", "Same shard (recommended)"], rows, [1]);
}

/** Markdown lines of one sharding section under `heading` (`####`). */
export function shardingMarkdown(section: ShardingSection | undefined, heading: string): string[] {
  if (section === undefined) return [];
  const lines = ["", `${heading} Sharding what-if`, ""];
  for (const note of section.notes) lines.push(`- ${escapeCell(note)}`);
  if (section.status === "empty") return lines;
  if (section.notes.length > 0) lines.push("");
  lines.push(escapeCell(recommendationText(section)), "");
  const measured = measuredText(section);
  if (measured !== undefined) lines.push(escapeCell(measured), "");
  lines.push(`Cost model: ${escapeCell(section.costModel.text)}`, "");
  lines.push(...markdownTable(PLACEMENT_HEADERS, section.placements.map(placementCells), [1, 2, 3, 4, 5, 6, 7]));
  lines.push("", "Accounts that want to share a shard (heaviest co-access):", "", ...coLocateRows(section));
  lines.push("", "Synchronous calls the recommended placement cuts (atomicity breaks):", "", ...breakRows(section));
  if (section.hotAccounts.length > 0) {
    lines.push(
      "",
      `Hot accounts (touched by more than ${formatPercent(section.hotThreshold)} of the transactions):`,
      "",
    );
    for (const h of section.hotAccounts) lines.push(`- ${escapeCell(hotText(h))}`);
  }
  return lines;
}

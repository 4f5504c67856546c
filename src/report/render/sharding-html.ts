/**
 * The sharding what-if in HTML: the recommendation and notes, a shard-assignment picture (SVG: one column per
 * shard, one box per account, its height the account's share of the gas), the placement table, the contracts
 * that want to share a shard, the atomicity-break list and the hot accounts. The picture scales to the page
 * width (viewBox, `max-width: 100%`) so it never overflows a 390 px screen, labels are cut to fit their
 * column, and it carries a title and a description in words for screen readers (the table says the same).
 */
import type { ShardingSection } from "../sharding/sharding-model.js";
import { formatPercent } from "./format-helpers.js";
import { escapeHtml } from "./html-escape.js";
import { htmlTable } from "./html-sections.js";
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

const WIDTH = 640;
const COLUMN_GAP = 8;
const TOP = 22;
const BOX_MIN = 16;
const BOX_SCALE = 260;
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999"];

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

/** The shard-assignment picture of the recommended placement (empty string without one). */
export function shardPicture(section: ShardingSection, title: string): string {
  const r = section.recommended;
  if (r === undefined || section.assignment.length === 0) return "";
  const column = (WIDTH - COLUMN_GAP * (r.shards + 1)) / r.shards;
  const chars = Math.max(4, Math.floor((column - 8) / 6.6));
  const heights = new Array<number>(r.shards).fill(TOP);
  const boxes: string[] = [];
  for (const row of section.assignment) {
    const x = COLUMN_GAP + row.shard * (column + COLUMN_GAP);
    const y = heights[row.shard] ?? TOP;
    const h = Math.max(BOX_MIN, Math.round(row.gasShare * BOX_SCALE));
    heights[row.shard] = y + h + 2;
    const fill = PALETTE[row.shard % PALETTE.length] ?? "#999999";
    const label = `${row.account.name}: ${formatPercent(row.gasShare)} of the gas, shard ${row.shard}`;
    boxes.push(
      `<g class="shard-box"><title>${escapeHtml(label)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${column.toFixed(1)}" height="${h}" rx="3" fill="${fill}" fill-opacity="0.25" stroke="${fill}"/>` +
        `<text class="tick" x="${(x + 4).toFixed(1)}" y="${y + 12}">${escapeHtml(cut(row.account.name, chars))}</text></g>`,
    );
  }
  const heads = Array.from({ length: r.shards }, (_, s) => {
    const x = COLUMN_GAP + s * (column + COLUMN_GAP);
    return `<text class="axis-label" x="${(x + 4).toFixed(1)}" y="14">shard ${s}</text>`;
  });
  const height = Math.max(...heights) + 4;
  const desc = Array.from({ length: r.shards }, (_, s) => {
    const names = section.assignment.filter((a) => a.shard === s).map((a) => a.account.name);
    return `shard ${s}: ${names.length === 0 ? "nothing listed" : names.join(", ")}`;
  }).join("; ");
  return (
    `<svg class="shard-picture" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc>${heads.join("")}${boxes.join("")}</svg>`
  );
}

function breaksHtml(section: ShardingSection): string {
  if (section.atomicityBreaks.length === 0)
    return `<p class="empty">${escapeHtml(section.atomicityNote ?? "No break.")}</p>`;
  const rows = section.atomicityBreaks.map((b) => [
    { text: breakPath(b) },
    { text: `${b.callerShard} → ${b.calleeShard}` },
    { text: `${b.transactions} (${formatPercent(b.share)})`, value: b.transactions, numeric: true },
    { text: b.call === undefined ? "-" : `${lineRef(b.call)}: ${b.call.text}` },
    { text: checksText(b) },
    { text: `${b.remedy.kind}: ${b.remedy.text}` },
  ]);
  const headers = ["Call", "Shards", "Transactions", "Call site", "Checks after the call", "Remedy"];
  return htmlTable(
    headers.map((text) => ({ text, numeric: text === "Transactions" })),
    rows,
    "sharding-breaks",
  );
}

function coLocateHtml(section: ShardingSection): string {
  if (section.coLocate.length === 0) return `<p class="empty">No two accounts are touched by one transaction.</p>`;
  const rows = section.coLocate.map((c) => [
    { text: `${c.first.name} + ${c.second.name}` },
    { text: `${c.transactions} (${formatPercent(c.share)})`, value: c.transactions, numeric: true },
    { text: c.together ? "yes" : "no" },
  ]);
  return htmlTable(
    [{ text: "Accounts" }, { text: "Transactions together", numeric: true }, { text: "Same shard (recommended)" }],
    rows,
  );
}

/** The sharding block of a workload section (empty string without a section). */
export function shardingHtml(section: ShardingSection | undefined, subject: string): string {
  if (section === undefined) return "";
  const notes = section.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  const head = `<h3>Sharding what-if</h3>${notes === "" ? "" : `<ul class="notes">${notes}</ul>`}`;
  if (section.status === "empty") return `<section class="sharding">${head}</section>`;
  const measured = measuredText(section);
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7]);
  const placements = htmlTable(
    PLACEMENT_HEADERS.map((text, at) => ({ text, numeric: numeric.has(at) })),
    section.placements.map((p) => placementCells(p).map((text, at) => ({ text, numeric: numeric.has(at) }))),
    "sharding-placements",
  );
  const hot = section.hotAccounts.map((h) => `<li>${escapeHtml(hotText(h))}</li>`).join("");
  const picture = shardPicture(section, `Shard assignment of ${subject} under the recommended placement`);
  return (
    `<section class="sharding">${head}<p>${escapeHtml(recommendationText(section))}</p>` +
    (measured === undefined ? "" : `<p>${escapeHtml(measured)}</p>`) +
    (picture === ""
      ? ""
      : `<figure class="figure">${picture}<figcaption>Accounts by shard, box height ∝ share of the gas (recommended placement)</figcaption></figure>`) +
    `<p class="muted">${escapeHtml(section.costModel.text)}</p>${placements}` +
    `<h4>Accounts that want to share a shard</h4>${coLocateHtml(section)}` +
    `<h4>Atomicity breaks: synchronous calls the placement cuts</h4>${breaksHtml(section)}` +
    (hot === "" ? "" : `<h4>Hot accounts</h4><ul>${hot}</ul>`) +
    `</section>`
  );
}

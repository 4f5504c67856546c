/**
 * Function-pair conflict heatmaps as inline SVG: rows and columns are the functions (columns numbered,
 * rows numbered and named), one square per pair. The static heatmap of a contract shows the conflict class
 * (colour and letter); the dynamic heatmap of a workload shows the observed conflict rate (shade and
 * percentage). Every cell carries `data-first`, `data-second`, `data-value` and a `<title>` tooltip.
 */
import type { ContractReport, WorkloadReport } from "../report-model.js";
import { conflictLetter, dynamicPairMatrix, formatPercent, staticPairLookup } from "./format-helpers.js";
import { coordinate, escapeHtml } from "./html-escape.js";

const CELL = 30;
const CHAR_WIDTH = 7.8;

/** One cell of a heatmap. */
export interface HeatmapCell {
  readonly fill: string;
  readonly text: string;
  readonly textColor: string;
  readonly value: string;
  readonly title: string;
}

/** Fill colour of each static conflict class. */
export const CLASS_COLORS: Readonly<Record<string, string>> = {
  always: "#b2182b",
  "key-dependent": "#f4a582",
  "commutative-only": "#92c5de",
  unknown: "#7f7f7f",
  none: "#f7f7f7",
};

/** An SVG heatmap over `functions`, `cell` giving each (row, column) pair. */
export function heatmapSvg(
  functions: readonly string[],
  cell: (first: string, second: string) => HeatmapCell,
  label: string,
): string {
  if (functions.length === 0) return `<p class="empty">No function pairs.</p>`;
  const labels = functions.map((name, at) => `${at + 1}. ${name}`);
  const left = Math.ceil(Math.max(...labels.map((text) => text.length)) * CHAR_WIDTH) + 12;
  const top = 22;
  const width = left + functions.length * CELL + 4;
  const height = top + functions.length * CELL + 4;
  const parts = functions.map(
    (_, at) =>
      `<text class="tick" x="${coordinate(left + at * CELL + CELL / 2)}" y="${top - 8}" text-anchor="middle">${at + 1}</text>`,
  );
  functions.forEach((first, row) => {
    const y = top + row * CELL;
    parts.push(
      `<text class="fn" x="${left - 8}" y="${coordinate(y + CELL / 2)}" text-anchor="end" dy="0.35em">${escapeHtml(labels[row] ?? "")}</text>`,
    );
    functions.forEach((second, column) =>
      parts.push(cellSvg(first, second, cell(first, second), left + column * CELL, y)),
    );
  });
  return (
    `<svg class="heatmap" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${parts.join("")}</svg>`
  );
}

function cellSvg(first: string, second: string, cell: HeatmapCell, x: number, y: number): string {
  return (
    `<g class="cell" data-first="${escapeHtml(first)}" data-second="${escapeHtml(second)}" data-value="${escapeHtml(cell.value)}">` +
    `<title>${escapeHtml(cell.title)}</title>` +
    `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" rx="3" fill="${cell.fill}"/>` +
    `<text x="${coordinate(x + (CELL - 2) / 2)}" y="${coordinate(y + (CELL - 2) / 2)}" dy="0.35em" text-anchor="middle" ` +
    `fill="${cell.textColor}" class="cell-text">${escapeHtml(cell.text)}</text></g>`
  );
}

/** The static conflict matrix of a contract (class per pair). */
export function staticHeatmap(contract: ContractReport): string {
  const lookup = staticPairLookup(contract);
  return heatmapSvg(
    contract.functions,
    (first, second) => {
      const pair = lookup(first, second);
      const conflict = pair?.conflict ?? "unknown";
      const variables = pair === undefined || pair.variables.length === 0 ? "" : ` on ${pair.variables.join(", ")}`;
      return {
        fill: CLASS_COLORS[conflict] ?? "#7f7f7f",
        text: conflictLetter(conflict),
        textColor: conflict === "always" || conflict === "unknown" ? "#ffffff" : "#111111",
        value: conflict,
        title: `${first} x ${second}: ${conflict}${variables}${pair === undefined ? "" : ` (${pair.condition})`}`,
      };
    },
    `Static conflict matrix of ${contract.name}`,
  );
}

/** White to dark red by rate in [0, 1]. */
export function rateColor(rate: number): string {
  const clamped = Math.min(1, Math.max(0, rate));
  const channel = (from: number, to: number): string =>
    Math.round(from + (to - from) * clamped)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(0xf7, 0xb2)}${channel(0xf7, 0x18)}${channel(0xf7, 0x2b)}`;
}

/** The observed function-pair conflict rates of a workload. */
export function dynamicHeatmap(workload: WorkloadReport): string {
  const matrix = dynamicPairMatrix(workload);
  return heatmapSvg(
    matrix.functions,
    (first, second) => {
      const pair = matrix.rate(first, second);
      if (pair === undefined) {
        const title = `${first} x ${second}: never in the same block`;
        return { fill: "#e5e5e5", text: "-", textColor: "#555555", value: "", title };
      }
      return {
        fill: rateColor(pair.rate),
        text: String(Math.round(pair.rate * 100)),
        textColor: pair.rate > 0.55 ? "#ffffff" : "#111111",
        value: String(pair.rate),
        title: `${first} x ${second}: ${pair.conflicts} of ${pair.pairs} same-block pairs conflict (${formatPercent(pair.rate)})`,
      };
    },
    `Observed function-pair conflict rates of ${workload.name}`,
  );
}

/**
 * Speedup curves as inline SVG, rendered server-side: thread count on a log2 axis, speedup on a linear
 * axis, one polyline per model (ideal DAG, Block-STM simulation, the sharded-chain comparison) plus the
 * critical-path bound, and the measured speedup as a labelled diamond; the legend is an HTML list under it. Models differ by dash pattern and marker shape as well
 * as colour, so the chart reads in greyscale.
 */
import type { SpeedupPoint } from "../simulate/simulation-model.js";
import type { MeasuredSpeedup } from "../report-model.js";
import { coordinate, escapeHtml } from "./html-escape.js";

const WIDTH = 600;
const HEIGHT = 320;
const MARGIN = { left: 52, right: 48, top: 24, bottom: 44 } as const;

/** A model drawn by {@link speedupChart}. */
interface Series {
  readonly key: "dag" | "blockStm" | "sharded" | "bound";
  readonly label: string;
  readonly color: string;
  readonly dash: string;
  readonly marker: "circle" | "square" | "triangle" | "none";
}

/** The curves in legend order. */
export const CHART_SERIES: readonly Series[] = [
  { key: "dag", label: "DAG ideal", color: "#0072b2", dash: "", marker: "circle" },
  { key: "blockStm", label: "Block-STM simulated", color: "#d55e00", dash: "7 4", marker: "square" },
  { key: "sharded", label: "Sharded chain (comparison)", color: "#009e73", dash: "2 3", marker: "triangle" },
  { key: "bound", label: "Critical-path bound", color: "#777777", dash: "1 5", marker: "none" },
];

/** A round upper bound for the y axis and its tick step. */
export function niceScale(max: number): { readonly top: number; readonly step: number } {
  const raw = Math.max(max, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  return { top: Math.ceil(Math.max(max, 1) / step) * step, step };
}

interface Frame {
  readonly x: (threads: number) => number;
  readonly y: (speedup: number) => number;
  readonly ticks: readonly number[];
  readonly threads: readonly number[];
}

function frame(points: readonly SpeedupPoint[], measured: MeasuredSpeedup | undefined): Frame {
  const threads = points.map((point) => point.threads);
  const maxLog = Math.log2(Math.max(2, ...threads));
  const values = points.flatMap((point) => CHART_SERIES.map((series) => point[series.key]));
  const { top, step } = niceScale(Math.max(...values, measured?.speedup ?? 0));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, at) => at * step);
  return {
    x: (count) => MARGIN.left + (Math.log2(Math.max(1, count)) / maxLog) * plotWidth,
    y: (speedup) => MARGIN.top + plotHeight - (Math.min(speedup, top) / top) * plotHeight,
    ticks,
    threads,
  };
}

function axes(view: Frame): string[] {
  const bottom = HEIGHT - MARGIN.bottom;
  const right = WIDTH - MARGIN.right;
  const parts = [`<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>`];
  parts.push(`<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>`);
  for (const tick of view.ticks) {
    const y = coordinate(view.y(tick));
    parts.push(`<line class="grid" x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dy="0.35em">${tick}</text>`);
  }
  for (const count of view.threads) {
    parts.push(
      `<text class="tick" x="${coordinate(view.x(count))}" y="${bottom + 16}" text-anchor="middle">${count}</text>`,
    );
  }
  const middle = coordinate((MARGIN.left + right) / 2);
  parts.push(
    `<text class="axis-label" x="${middle}" y="${HEIGHT - 8}" text-anchor="middle">threads (log2 scale)</text>`,
  );
  const yMiddle = coordinate((MARGIN.top + bottom) / 2);
  parts.push(
    `<text class="axis-label" transform="translate(14 ${yMiddle}) rotate(-90)" text-anchor="middle">speedup</text>`,
  );
  return parts;
}

function marker(kind: Series["marker"], x: number, y: number, color: string): string {
  const [cx, cy] = [coordinate(x), coordinate(y)];
  if (kind === "circle") return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`;
  if (kind === "square")
    return `<rect x="${coordinate(x - 3.5)}" y="${coordinate(y - 3.5)}" width="7" height="7" fill="${color}"/>`;
  if (kind === "triangle") {
    const path = `M${coordinate(x)} ${coordinate(y - 4.5)} L${coordinate(x + 4.5)} ${coordinate(y + 3.5)} L${coordinate(x - 4.5)} ${coordinate(y + 3.5)} Z`;
    return `<path d="${path}" fill="${color}"/>`;
  }
  return "";
}

function curve(series: Series, points: readonly SpeedupPoint[], view: Frame): string {
  const coords = points.map((point) => `${coordinate(view.x(point.threads))},${coordinate(view.y(point[series.key]))}`);
  const dash = series.dash === "" ? "" : ` stroke-dasharray="${series.dash}"`;
  const markers = points.map((point) =>
    marker(series.marker, view.x(point.threads), view.y(point[series.key]), series.color),
  );
  const title = points.map((point) => `${point.threads}: ${point[series.key].toFixed(2)}x`).join(", ");
  return (
    `<g class="curve" data-model="${series.key}"><title>${escapeHtml(`${series.label}: ${title}`)}</title>` +
    `<polyline fill="none" stroke="${series.color}" stroke-width="2"${dash} points="${coords.join(" ")}"/>${markers.join("")}</g>`
  );
}

function swatch(series: Series): string {
  const dash = series.dash === "" ? "" : ` stroke-dasharray="${series.dash}"`;
  return (
    `<svg class="line-swatch" viewBox="0 0 26 12" width="26" height="12" aria-hidden="true">` +
    `<line x1="1" y1="6" x2="25" y2="6" stroke="${series.color}" stroke-width="2"${dash}/>${marker(series.marker, 13, 6, series.color)}</svg>`
  );
}

/**
 * The chart's legend as an HTML list under the SVG: it wraps on narrow screens instead of being clipped by
 * the drawing's fixed width.
 */
export function chartLegend(measured: MeasuredSpeedup | undefined): string {
  const items = CHART_SERIES.map((series) => `<li>${swatch(series)}${escapeHtml(series.label)}</li>`);
  if (measured !== undefined) {
    const diamond = `<svg class="line-swatch" viewBox="0 0 26 12" width="26" height="12" aria-hidden="true"><path d="M13 1 L18 6 L13 11 L8 6 Z" fill="#111"/></svg>`;
    items.push(`<li>${diamond}Measured (${escapeHtml(measured.strategy)}, wall time)</li>`);
  }
  return `<ul class="legend-row chart-legend">${items.join("")}</ul>`;
}

function measuredMarker(measured: MeasuredSpeedup, view: Frame): string {
  const [x, y] = [view.x(measured.workers), view.y(measured.speedup)];
  const d = `M${coordinate(x)} ${coordinate(y - 6)} L${coordinate(x + 6)} ${coordinate(y)} L${coordinate(x)} ${coordinate(y + 6)} L${coordinate(x - 6)} ${coordinate(y)} Z`;
  const text = `measured ${measured.speedup.toFixed(2)}x on ${measured.workers} workers (predicted ${measured.predicted.toFixed(2)}x)`;
  return (
    `<g class="measured"><title>${escapeHtml(text)}</title><path d="${d}" fill="#111"/>` +
    `<text class="tick" x="${coordinate(x + 8)}" y="${coordinate(y - 8)}">${measured.speedup.toFixed(2)}x</text></g>`
  );
}

/** An inline SVG chart of the speedup curves of one workload; `title` labels it for screen readers. */
export function speedupChart(points: readonly SpeedupPoint[], title: string, measured?: MeasuredSpeedup): string {
  if (points.length === 0) return `<p class="empty">No speedup figures.</p>`;
  const view = frame(points, measured);
  const body = [
    ...axes(view),
    ...CHART_SERIES.map((series) => curve(series, points, view)),
    ...(measured === undefined ? [] : [measuredMarker(measured, view)]),
  ];
  return (
    `<svg class="speedup-chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
    `aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body.join("")}</svg>${chartLegend(measured)}`
  );
}

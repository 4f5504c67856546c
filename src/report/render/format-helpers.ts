/**
 * Small formatting helpers shared by the five output formats: figures, source references, conflict-class
 * letters, look-ups into the report model and the check verdict. Everything here is locale-independent so
 * two runs render byte-identical text.
 */
import type {
  CheckFinding,
  ContractReport,
  ParallelReport,
  SourceRef,
  StaticPair,
  WorkloadReport,
} from "../report-model.js";
import type { SpeedupPoint } from "../simulate/simulation-model.js";

/** The output formats of `parallel-report`, in the order they are written. */
export const OUTPUT_FORMATS = ["terminal", "json", "markdown", "html", "sarif"] as const;

/** One output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Thread count the summary figures refer to. */
export const SUMMARY_THREADS = 16;

/** Formats an integer with `,` thousands separators (locale-independent). */
export function formatInteger(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Formats a speedup as `1.87x`; `-` when absent. */
export function formatSpeedup(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "-" : `${value.toFixed(2)}x`;
}

/** Formats a ratio in [0, 1] as a percentage with one decimal (`42.0%`). */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Formats a gain (after / before) as `+35.2%` / `-3.0%`. */
export function formatGain(gain: number): string {
  const percent = (gain - 1) * 100;
  return `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}%`;
}

/** `file:line` of a source reference, `-` when unknown. */
export function formatSource(ref: SourceRef | undefined): string {
  return ref === undefined ? "-" : `${ref.file}:${ref.line}`;
}

/** Static conflict classes with their single-letter code, in legend order. */
export const CONFLICT_CLASSES: ReadonlyArray<{ readonly name: string; readonly letter: string }> = [
  { name: "always", letter: "A" },
  { name: "key-dependent", letter: "K" },
  { name: "commutative-only", letter: "C" },
  { name: "unknown", letter: "?" },
  { name: "none", letter: "." },
];

/** Single-letter code of a conflict class (`?` for a class this version does not know). */
export function conflictLetter(conflict: string): string {
  return CONFLICT_CLASSES.find((entry) => entry.name === conflict)?.letter ?? "?";
}

/** Key of an unordered pair of names. */
function pairKey(first: string, second: string): string {
  return first <= second ? `${first}\u0000${second}` : `${second}\u0000${first}`;
}

/** Look-up of a contract's static pairs by unordered function pair. */
export function staticPairLookup(contract: ContractReport): (first: string, second: string) => StaticPair | undefined {
  const pairs = new Map<string, StaticPair>();
  for (const pair of contract.pairs) pairs.set(pairKey(pair.first, pair.second), pair);
  return (first, second) => pairs.get(pairKey(first, second));
}

/** Functions of a workload's dynamic pairs (sorted) and a look-up of the conflict rate of a pair. */
export function dynamicPairMatrix(workload: WorkloadReport): {
  readonly functions: readonly string[];
  readonly rate: (first: string, second: string) => WorkloadReport["functionPairs"][number] | undefined;
} {
  const pairs = new Map<string, WorkloadReport["functionPairs"][number]>();
  const names = new Set<string>();
  for (const pair of workload.functionPairs) {
    pairs.set(pairKey(pair.first, pair.second), pair);
    names.add(pair.first).add(pair.second);
  }
  return { functions: [...names].sort(), rate: (first, second) => pairs.get(pairKey(first, second)) };
}

/** The speedup point at a thread count. */
export function pointAt(points: readonly SpeedupPoint[], threads: number): SpeedupPoint | undefined {
  return points.find((point) => point.threads === threads);
}

/** Verdict of `--check`: `PASS`, `FAIL`, or `NOT RUN` when the report was made without `--check`. */
export function checkVerdict(report: ParallelReport): "PASS" | "FAIL" | "NOT RUN" {
  if (report.check === undefined) return "NOT RUN";
  return report.check.passed ? "PASS" : "FAIL";
}

/** Findings counted by severity, as `2 errors, 1 warning` (empty string when there are none). */
export function countFindings(findings: readonly CheckFinding[]): string {
  const parts: string[] = [];
  for (const severity of ["error", "warning", "notice"] as const) {
    const count = findings.filter((finding) => finding.severity === severity).length;
    if (count > 0) parts.push(`${count} ${severity}${count === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}

/** Findings ordered by severity (errors first), keeping the report's order within a severity. */
export function sortFindings(findings: readonly CheckFinding[]): CheckFinding[] {
  const rank = { error: 0, warning: 1, notice: 2 } as const;
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** Text of a what-if fix (`commutative`, `partitioned x16`). */
export function formatFix(fix: string, parts: number | null): string {
  return parts === null ? fix : `${fix} x${parts}`;
}

/**
 * A check finding's diff in the compact `forge snapshot --check` style: only the words that changed, old
 * then new, with the words both sides share after them (`- 6.20x  + 0.99x  at 16 threads`).
 */
export function compactDiff(diff: { readonly before: string; readonly after: string }): {
  readonly before: string;
  readonly after: string;
  readonly context: string;
} {
  const before = diff.before.split(/\s+/).filter((word) => word !== "");
  const after = diff.after.split(/\s+/).filter((word) => word !== "");
  let shared = 0;
  while (
    shared < Math.min(before.length, after.length) - 1 &&
    before[before.length - 1 - shared] === after[after.length - 1 - shared]
  )
    shared += 1;
  return {
    before: before.slice(0, before.length - shared).join(" "),
    after: after.slice(0, after.length - shared).join(" "),
    context: before.slice(before.length - shared).join(" "),
  };
}

/**
 * {@link compactDiff} as one plain line for places without colour (a CI log, an annotation, SARIF):
 * `was 6.20x, now 0.99x at 16 threads` — a bare `- 6.20x  + 0.99x` reads as arithmetic there.
 */
export function formatCompactDiff(diff: { readonly before: string; readonly after: string }): string {
  const d = compactDiff(diff);
  return `was ${d.before}, now ${d.after}${d.context === "" ? "" : ` ${d.context}`}`;
}

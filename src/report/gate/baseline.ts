/**
 * The CI gate: a baseline of the report's deterministic facts (simulated speedups come from gas, never from
 * wall time), and the comparison that fails `--check` on a new always-conflicting function pair, a new
 * hotspot, more unknown functions, a simulated speedup drop beyond the tolerance, or a soundness miss.
 * Findings on acknowledged variables or functions (`@custom:parallel-allow`) become warnings; improvements
 * are notices with a hint to update the baseline. The file's shape is `schemas/parallel-baseline.schema.json`.
 */
import { readFile, writeFile } from "node:fs/promises";

import { ReportError } from "../errors.js";

import type { CheckFinding, ContractReport, ParallelReport, SourceRef, WorkloadReport } from "../report-model.js";

/** Per-model simulated speedups by thread count. */
export type SpeedupTable = Record<string, number>;

/** The baseline file. */
export interface Baseline {
  readonly schemaVersion: 1;
  readonly tool: "hardhat-parallel";
  readonly workloads: Record<
    string,
    { transactions: number; speedup: { dag: SpeedupTable; blockStm: SpeedupTable }; hotspots: string[] }
  >;
  readonly contracts: Record<string, { alwaysPairs: string[]; unknownFunctions: string[]; hotspots: string[] }>;
  readonly soundnessMisses: number;
}

/** Share of a workload's dependency edges above which a location counts as a hotspot for the gate. */
export const HOTSPOT_SHARE = 0.1;

function workloadHotspots(w: WorkloadReport): string[] {
  return [...new Set(w.hotspots.filter((h) => h.edgeShare >= HOTSPOT_SHARE).map((h) => h.label))].sort();
}

function alwaysPairs(c: ContractReport): string[] {
  return c.pairs
    .filter((p) => p.conflict === "always")
    .map((p) => `${p.first}|${p.second}`)
    .sort();
}

/** The baseline of a report. */
export function baselineOf(report: ParallelReport): Baseline {
  const workloads: Baseline["workloads"] = {};
  for (const w of report.workloads) {
    const table = (model: "dag" | "blockStm") =>
      Object.fromEntries(w.speedups.map((s) => [String(s.threads), s[model]]));
    workloads[w.name] = {
      transactions: w.transactions,
      speedup: { dag: table("dag"), blockStm: table("blockStm") },
      hotspots: workloadHotspots(w),
    };
  }
  const contracts: Baseline["contracts"] = {};
  for (const c of report.contracts) {
    contracts[c.name] = {
      alwaysPairs: alwaysPairs(c),
      unknownFunctions: [...c.unknownFunctions].sort(),
      hotspots: c.hotspots.map((h) => h.variable).sort(),
    };
  }
  return {
    schemaVersion: 1,
    tool: "hardhat-parallel",
    workloads,
    contracts,
    soundnessMisses: report.soundness.misses.length,
  };
}

/** Writes the baseline (stable key order, trailing newline). */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function problemIn(data: unknown): string | undefined {
  if (!isRecord(data)) return "the top level is not an object";
  if (data.schemaVersion !== 1) return `schemaVersion is ${JSON.stringify(data.schemaVersion)}, expected 1`;
  if (!isRecord(data.workloads)) return "`workloads` is missing or not an object";
  if (!isRecord(data.contracts)) return "`contracts` is missing or not an object";
  if (typeof data.soundnessMisses !== "number") return "`soundnessMisses` is missing or not a number";
  for (const [name, w] of Object.entries(data.workloads)) {
    if (!isRecord(w) || !isRecord(w.speedup) || !isRecord(w.speedup.blockStm) || !Array.isArray(w.hotspots)) {
      return `workloads.${name} lacks speedup.blockStm or hotspots`;
    }
  }
  for (const [name, c] of Object.entries(data.contracts)) {
    if (
      !isRecord(c) ||
      !Array.isArray(c.alwaysPairs) ||
      !Array.isArray(c.unknownFunctions) ||
      !Array.isArray(c.hotspots)
    ) {
      return `contracts.${name} lacks alwaysPairs, unknownFunctions or hotspots`;
    }
  }
  return undefined;
}

/** Reads and validates a baseline file. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ReportError("BASELINE_MISSING", { path: file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReportError("BASELINE_INVALID", { path: file, problem: `not JSON (${(error as Error).message})` });
  }
  const problem = problemIn(data);
  if (problem !== undefined) throw new ReportError("BASELINE_INVALID", { path: file, problem });
  return data as Baseline;
}

interface CheckContext {
  readonly report: ParallelReport;
  readonly tolerance: number;
  readonly findings: CheckFinding[];
}

function add(
  ctx: CheckContext,
  kind: CheckFinding["kind"],
  acknowledged: string | undefined,
  message: string,
  source?: SourceRef,
): void {
  const severity = kind === "improvement" ? "notice" : acknowledged === undefined ? "error" : "warning";
  const suffix = acknowledged === undefined ? "" : ` (acknowledged: ${acknowledged})`;
  ctx.findings.push({ kind, severity, message: message + suffix, source });
}

function checkContract(ctx: CheckContext, c: ContractReport, base: Baseline["contracts"][string] | undefined): void {
  if (base === undefined) return;
  for (const pair of c.pairs.filter((p) => p.conflict === "always")) {
    if (base.alwaysPairs.includes(`${pair.first}|${pair.second}`)) continue;
    const hot = c.hotspots.find((h) => pair.variables.includes(h.variable));
    const ack = pair.variables
      .map((v) => c.hotspots.find((h) => h.variable === v)?.acknowledged)
      .find((a) => a !== undefined);
    add(
      ctx,
      "new-always-pair",
      ack,
      `${c.name}: ${pair.first} and ${pair.second} now always conflict, on ${pair.variables.join(", ") || "unknown state"}`,
      hot?.declaration,
    );
  }
  for (const h of c.hotspots) {
    if (!base.hotspots.includes(h.variable))
      add(
        ctx,
        "new-hotspot",
        h.acknowledged,
        `${c.name}.${h.variable} is a new hotspot: it serializes ${h.pairs} function pair(s)`,
        h.declaration,
      );
  }
  if (c.unknownFunctions.length > base.unknownFunctions.length) {
    add(
      ctx,
      "more-unknown-functions",
      undefined,
      `${c.name}: ${c.unknownFunctions.length} functions the analyzer cannot resolve (baseline ${base.unknownFunctions.length})`,
    );
  }
  if (alwaysPairs(c).length < base.alwaysPairs.length)
    add(ctx, "improvement", undefined, `${c.name}: fewer always-conflicting pairs than the baseline`);
}

function checkWorkload(ctx: CheckContext, w: WorkloadReport, base: Baseline["workloads"][string] | undefined): void {
  if (base === undefined) {
    add(ctx, "improvement", undefined, `workload ${w.name} is not in the baseline`);
    return;
  }
  for (const s of w.speedups) {
    const before = base.speedup.blockStm[String(s.threads)];
    if (before === undefined) continue;
    if (s.blockStm < before * (1 - ctx.tolerance)) {
      add(
        ctx,
        "speedup-drop",
        undefined,
        `${w.name}: simulated Block-STM speedup at ${s.threads} threads fell from ${before} to ${s.blockStm} (tolerance ${ctx.tolerance * 100} %)`,
      );
    } else if (s.blockStm > before * (1 + ctx.tolerance)) {
      add(
        ctx,
        "improvement",
        undefined,
        `${w.name}: simulated speedup at ${s.threads} threads rose from ${before} to ${s.blockStm}`,
      );
    }
  }
  for (const h of w.hotspots.filter((x) => x.edgeShare >= HOTSPOT_SHARE)) {
    if (!base.hotspots.includes(h.label))
      add(
        ctx,
        "new-hotspot",
        h.acknowledged,
        `${w.name}: new hotspot ${h.label} causes ${(h.edgeShare * 100).toFixed(0)} % of the conflicts`,
        h.declaration,
      );
  }
}

/** Compares a report with the baseline; `passed` is false when any finding is an error. */
export function checkAgainstBaseline(
  report: ParallelReport,
  baseline: Baseline,
  tolerance: number,
): { passed: boolean; findings: CheckFinding[] } {
  const ctx: CheckContext = { report, tolerance, findings: [] };
  for (const c of report.contracts) checkContract(ctx, c, baseline.contracts[c.name]);
  for (const w of report.workloads) checkWorkload(ctx, w, baseline.workloads[w.name]);
  for (const miss of report.soundness.misses) {
    add(
      ctx,
      "soundness-miss",
      undefined,
      `analyzer missed ${miss.access} of slot ${miss.slot} by ${miss.contract}.${miss.function} in transaction ${miss.transaction}`,
    );
  }
  const improvements = ctx.findings.filter((f) => f.kind === "improvement");
  if (improvements.length > 0)
    ctx.findings.push({
      kind: "improvement",
      severity: "notice",
      message: "Improvements found: run `npx hardhat parallel-report --update-baseline` and commit the baseline.",
      source: undefined,
    });
  return { passed: !ctx.findings.some((f) => f.severity === "error"), findings: ctx.findings };
}

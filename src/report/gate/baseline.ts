/**
 * The baseline of the CI gate: the report's deterministic facts (simulated speedups come from gas, never from
 * wall time) with findings as stable ids (`<kind>:<Contract>.<variable>`, no line numbers, no declaration
 * order). The file is versioned (`schemaVersion` 2) and validated strictly on read: a missing, empty or
 * non-numeric speedup, an unknown field or a wrong type is refused with the path of the problem, never read as
 * "no figure" (which would silently switch the speedup gate off). Its shape is
 * `schemas/parallel-baseline.schema.json`.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";

import { ReportError } from "../errors.js";
import type { ContractReport, Finding, ParallelReport, WorkloadReport } from "../report-model.js";

/** Version of the baseline file's shape. */
export const BASELINE_SCHEMA_VERSION = 2;

/** Simulated speedups by thread count. */
export type SpeedupTable = Readonly<Record<string, number>>;

/** Baseline facts of one workload. */
export interface WorkloadBaseline {
  readonly transactions: number;
  /** The workload's parameters when the baseline was written (absent in older baselines): a change is a new experiment. */
  readonly parameters?: Readonly<Record<string, number | string | boolean>>;
  readonly speedup: { readonly dag: SpeedupTable; readonly blockStm: SpeedupTable };
  /** Ids of the findings causing at least {@link HOTSPOT_SHARE} of the conflicts. */
  readonly findings: readonly string[];
  /** The sharding what-if's recommended policy and its cross-shard ratio at 4 shards (absent in older baselines). */
  readonly sharding?: ShardingBaseline;
}

/** What the gate keeps of a workload's sharding what-if (deterministic: from gas and access sets). */
export interface ShardingBaseline {
  readonly policy: string;
  readonly shards: number;
  readonly crossShardRatio: number;
}

/** Baseline facts of one contract. */
export interface ContractBaseline {
  /** Always-conflicting unordered pairs `f|g` (`f` ≤ `g`). */
  readonly alwaysPairs: readonly string[];
  readonly unknownFunctions: readonly string[];
  /** Ids of the static findings. */
  readonly findings: readonly string[];
  /**
   * Storage position (`slot:offset:type`) of the contract's findings that have a variable, static and
   * workload ones: `--check` recognises a renamed variable by it. Optional (absent in older v2 files).
   */
  readonly findingSlots?: Readonly<Record<string, string>>;
}

/** The baseline file. */
export interface Baseline {
  readonly schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  readonly tool: "hardhat-parallel";
  readonly workloads: Readonly<Record<string, WorkloadBaseline>>;
  readonly contracts: Readonly<Record<string, ContractBaseline>>;
  readonly soundnessMisses: number;
}

/** Share of a workload's dependency edges above which a finding counts for the gate. */
export const HOTSPOT_SHARE = 0.1;

/** Ids of a workload's findings that count for the gate. */
export function gatedWorkloadFindings(w: WorkloadReport): string[] {
  return [...new Set(w.findings.filter((f) => (f.edgeShare ?? 0) >= HOTSPOT_SHARE).map((f) => f.id))].sort();
}

/** Always-conflicting pairs of a contract as `f|g`. */
export function alwaysPairs(c: ContractReport): string[] {
  return [
    ...new Set(c.pairs.filter((p) => p.conflict === "always").map((p) => [p.first, p.second].sort().join("|"))),
  ].sort();
}

/** Every finding of contract `c` (its static ones and the workloads' ones on its storage). */
export function findingsOfContract(report: ParallelReport, c: ContractReport): Finding[] {
  return [...c.findings, ...report.workloads.flatMap((w) => w.findings.filter((f) => f.contract === c.name))];
}

function findingSlotsOf(report: ParallelReport, c: ContractReport): Record<string, string> {
  const slots: [string, string][] = [];
  for (const f of findingsOfContract(report, c)) if (f.storageSlot !== undefined) slots.push([f.id, f.storageSlot]);
  return Object.fromEntries(slots.sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The baseline of a report. In static mode (no workloads ran) the workloads of `previous` are kept, so a
 * static run does not erase the figures a full run recorded.
 */
export function baselineOf(report: ParallelReport, previous?: Baseline): Baseline {
  const workloads: Record<string, WorkloadBaseline> = report.mode === "static" ? { ...previous?.workloads } : {};
  for (const w of report.workloads) {
    const table = (model: "dag" | "blockStm") =>
      Object.fromEntries(w.speedups.map((s) => [String(s.threads), s[model]]));
    const r = w.sharding?.recommended;
    workloads[w.name] = {
      transactions: w.transactions,
      parameters: Object.fromEntries(Object.entries(w.parameters).sort(([a], [b]) => a.localeCompare(b))),
      speedup: { dag: table("dag"), blockStm: table("blockStm") },
      findings: gatedWorkloadFindings(w),
      ...(r === undefined
        ? {}
        : { sharding: { policy: r.policy, shards: r.shards, crossShardRatio: r.crossShardRatio } }),
    };
  }
  const contracts: Record<string, ContractBaseline> = {};
  for (const c of report.contracts) {
    const slots = findingSlotsOf(report, c);
    contracts[c.name] = {
      alwaysPairs: alwaysPairs(c),
      unknownFunctions: [...c.unknownFunctions].sort(),
      findings: [...new Set(c.findings.map((f) => f.id))].sort(),
      ...(Object.keys(slots).length > 0 ? { findingSlots: slots } : {}),
    };
  }
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    tool: "hardhat-parallel",
    workloads,
    contracts,
    soundnessMisses: report.soundness.misses.length,
  };
}

/**
 * Writes the baseline (stable key order, trailing newline) through a temporary file renamed over it, so an
 * interrupted run (Ctrl-C) leaves the previous baseline whole; a path it cannot write is a `BASELINE_UNWRITABLE`.
 */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(baseline, null, 2)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const problem = error instanceof Error ? error.message : String(error);
    throw new ReportError("BASELINE_UNWRITABLE", { path: file, problem }, error);
  }
}

type Check = (value: unknown, at: string) => string | undefined;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function object(fields: Readonly<Record<string, Check>>, optional: Readonly<Record<string, Check>> = {}): Check {
  return (value, at) => {
    if (!isRecord(value)) return `${at} is not an object`;
    for (const key of Object.keys(value))
      if (!(key in fields) && !(key in optional)) return `${at}.${key} is not a known field`;
    for (const [key, check] of Object.entries(optional)) {
      const problem = key in value ? check(value[key], `${at}.${key}`) : undefined;
      if (problem !== undefined) return problem;
    }
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in value)) return `${at}.${key} is missing`;
      const problem = check(value[key], `${at}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function recordOf(check: Check, keyPattern?: RegExp): Check {
  return (value, at) => {
    if (!isRecord(value)) return `${at} is not an object`;
    for (const [key, item] of Object.entries(value)) {
      if (keyPattern !== undefined && !keyPattern.test(key)) return `${at} has key "${key}", expected ${keyPattern}`;
      const problem = check(item, `${at}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

const count: Check = (v, at) =>
  typeof v === "number" && Number.isInteger(v) && v >= 0
    ? undefined
    : `${at} is ${JSON.stringify(v)}, expected a count`;
const speedup: Check = (v, at) =>
  typeof v === "number" && Number.isFinite(v) && v > 0
    ? undefined
    : `${at} is ${JSON.stringify(v)}, expected a speedup > 0`;
const strings: Check = (v, at) =>
  Array.isArray(v) && v.every((s) => typeof s === "string" && s !== "") ? undefined : `${at} is not a list of names`;
const name: Check = (v, at) => (typeof v === "string" && v !== "" ? undefined : `${at} is not a name`);
const constant =
  (expected: unknown): Check =>
  (v, at) =>
    v === expected ? undefined : `${at} is ${JSON.stringify(v)}, expected ${JSON.stringify(expected)}`;
const nonEmpty =
  (check: Check): Check =>
  (v, at) =>
    isRecord(v) && Object.keys(v).length === 0 ? `${at} is empty` : check(v, at);

const speedups = nonEmpty(recordOf(speedup, /^[1-9][0-9]*$/));
const ratio: Check = (v, at) =>
  typeof v === "number" && v >= 0 && v <= 1 ? undefined : `${at} is ${JSON.stringify(v)}, expected a ratio in [0, 1]`;
const sharding = object({ policy: name, shards: count, crossShardRatio: ratio });
const scalar: Check = (v, at) =>
  typeof v === "number" || typeof v === "string" || typeof v === "boolean"
    ? undefined
    : `${at} is ${JSON.stringify(v)}, expected a number, string or boolean`;
const BASELINE_CHECK = object({
  schemaVersion: constant(BASELINE_SCHEMA_VERSION),
  tool: constant("hardhat-parallel"),
  workloads: recordOf(
    object(
      { transactions: count, speedup: object({ dag: speedups, blockStm: speedups }), findings: strings },
      { sharding, parameters: recordOf(scalar) },
    ),
  ),
  contracts: recordOf(
    object({ alwaysPairs: strings, unknownFunctions: strings, findings: strings }, { findingSlots: recordOf(name) }),
  ),
  soundnessMisses: count,
});

/** The problem with a parsed baseline, or undefined when it is valid. */
export function baselineProblem(data: unknown): string | undefined {
  if (isRecord(data) && typeof data.schemaVersion === "number" && data.schemaVersion < BASELINE_SCHEMA_VERSION)
    return `it has schemaVersion ${data.schemaVersion}, written by an older hardhat-parallel (this one reads ${BASELINE_SCHEMA_VERSION})`;
  return BASELINE_CHECK(data, "baseline");
}

/** Reads and validates a baseline file. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ReportError("BASELINE_MISSING", { path: file });
  }
  if (/^(<{7}|>{7}|={7})( |$)/m.test(text))
    throw new ReportError("BASELINE_INVALID", {
      path: file,
      problem:
        "it has unresolved git merge-conflict markers (<<<<<<<): keep either side, then run `npx hardhat parallel-report --update-baseline` on the merged code so it describes both changes",
    });
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReportError("BASELINE_INVALID", { path: file, problem: `not JSON (${(error as Error).message})` });
  }
  const problem = baselineProblem(data);
  if (problem !== undefined) throw new ReportError("BASELINE_INVALID", { path: file, problem });
  return data as Baseline;
}

/**
 * The data of one `parallel-report` run — the single model every output format (terminal, JSON, Markdown,
 * HTML, SARIF) renders and the baseline is derived from. Its JSON form is versioned and documented by
 * `schemas/parallel-report.schema.json`; fields under `timing` (and `measured`) come from wall time and are
 * the only ones that differ between two runs of the same project.
 */
import type { SpeedupPoint } from "./simulate/simulate-workload.js";
import type { WhatIfResult } from "./simulate/what-if.js";

/** Version of the report's JSON shape. */
export const REPORT_SCHEMA_VERSION = 1;

/** A place in a Solidity source file. */
export interface SourceRef {
  /** Source name as solc knows it (e.g. `contracts/gaming/Arena.sol`). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** How to fix a hotspot. */
export interface Remedy {
  readonly kind:
    "partitioned-counter" | "commutative-delta" | "per-user-mapping" | "split-packed-slot" | "spread-load" | "none";
  readonly text: string;
}

/** A location many transactions contend on, named in Solidity terms. */
export interface HotspotEntry {
  /** Raw location key (`storage:0x…:0x…`, `balance:0x…`). */
  readonly location: string;
  /** `Contract.variable[key role]` when the storage layout explains the slot, else the raw location. */
  readonly label: string;
  readonly contract: string | undefined;
  readonly variable: string | undefined;
  /** Role of the mapping key when known (`msg.sender`, `to`, a constant...). */
  readonly keyRole: string | undefined;
  readonly declaration: SourceRef | undefined;
  /** Statements that write it, when the analyzer knows them. */
  readonly writtenAt: readonly SourceRef[];
  readonly edges: number;
  readonly transactions: number;
  readonly serializedGas: number;
  /** Share of all dependency edges of the workload caused by this location, in [0, 1]. */
  readonly edgeShare: number;
  readonly remedy: Remedy;
  /** `@custom:parallel-allow` reason when the author acknowledged it. */
  readonly acknowledged: string | undefined;
}

/** The real executor's measured speed next to the simulator's prediction (wall time: not in the baseline). */
export interface MeasuredSpeedup {
  readonly workers: number;
  readonly strategy: string;
  readonly sequentialMs: number;
  readonly parallelMs: number;
  readonly speedup: number;
  /** Block-STM simulation's prediction for the same thread count. */
  readonly predicted: number;
}

/** Results of one workload run. */
export interface WorkloadReport {
  readonly name: string;
  readonly template: string;
  readonly description: string;
  /** Contracts the transactions called, by name. */
  readonly contracts: readonly string[];
  readonly parameters: Readonly<Record<string, number | string | boolean>>;
  readonly transactions: number;
  readonly blocks: number;
  readonly reverted: number;
  /** Revert reasons with counts, most frequent first. */
  readonly revertReasons: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly gas: number;
  readonly conflictDensity: number;
  readonly criticalPathRatio: number;
  readonly speedups: readonly SpeedupPoint[];
  readonly hotspots: readonly HotspotEntry[];
  readonly functionPairs: ReadonlyArray<{
    readonly first: string;
    readonly second: string;
    readonly conflicts: number;
    readonly pairs: number;
    readonly rate: number;
  }>;
  readonly whatIf: ReadonlyArray<WhatIfResult & { readonly label: string }>;
  readonly measured: MeasuredSpeedup | undefined;
}

/** One function pair of the static conflict matrix. */
export interface StaticPair {
  readonly first: string;
  readonly second: string;
  /** none | key-dependent | always | commutative-only | unknown */
  readonly conflict: string;
  /** The aliasing condition or the reason, in words. */
  readonly condition: string;
  /** Variables that make the pair conflict. */
  readonly variables: readonly string[];
}

/** Static analysis of one contract. */
export interface ContractReport {
  readonly name: string;
  readonly sourceName: string;
  readonly method: "ast" | "bytecode";
  readonly functions: readonly string[];
  readonly pairs: readonly StaticPair[];
  readonly counts: Readonly<Record<string, number>>;
  readonly unknownFunctions: readonly string[];
  readonly hotspots: ReadonlyArray<{
    readonly variable: string;
    readonly pairs: number;
    readonly declaration: SourceRef | undefined;
    readonly remedy: Remedy;
    readonly acknowledged: string | undefined;
  }>;
}

/** A transaction whose recorded storage accesses the static summary did not predict. */
export interface SoundnessMissEntry {
  readonly contract: string;
  readonly function: string;
  readonly slot: string;
  readonly transaction: string;
  readonly access: "read" | "write";
}

/** A finding of `--check`. */
export interface CheckFinding {
  readonly kind:
    "new-always-pair" | "new-hotspot" | "more-unknown-functions" | "speedup-drop" | "soundness-miss" | "improvement";
  readonly severity: "error" | "warning" | "notice";
  readonly message: string;
  readonly source: SourceRef | undefined;
}

/** The whole report. */
export interface ParallelReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: "hardhat-parallel"; readonly version: string };
  readonly settings: {
    readonly hardfork: string;
    readonly strategy: string;
    readonly workers: number;
    readonly threads: readonly number[];
    readonly tolerance: number;
  };
  readonly summary: {
    readonly workloads: number;
    readonly transactions: number;
    readonly contracts: number;
    readonly alwaysConflictingPairs: number;
    readonly unknownFunctions: number;
    readonly soundnessMisses: number;
    /** Worst Block-STM simulated speedup at 16 threads over the workloads. */
    readonly worstSpeedup16: number | undefined;
  };
  readonly workloads: readonly WorkloadReport[];
  readonly contracts: readonly ContractReport[];
  readonly soundness: {
    readonly checkedTransactions: number;
    /** Storage accesses compared with the summaries. */
    readonly checkedAccesses?: number;
    /** Accesses only a wildcard key could cover (not misses). */
    readonly unverified?: number;
    readonly misses: readonly SoundnessMissEntry[];
  };
  /** The project's test traffic recorded on the parallel network (`parallel.profile`), when there is one. */
  readonly testProfile?: WorkloadReport;
  /** Present after `--check`. */
  readonly check: { readonly passed: boolean; readonly findings: readonly CheckFinding[] } | undefined;
  /** Wall-time facts; excluded from determinism. */
  readonly timing: { readonly totalMs: number; readonly phases: Readonly<Record<string, number>> };
}

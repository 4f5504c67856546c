/**
 * The data of one `parallel-report` run — the single model every output format (terminal, JSON, Markdown,
 * HTML, SARIF) renders and the baseline is derived from. Its JSON form is versioned and documented by
 * `schemas/parallel-report.schema.json`; fields under `timing` (and `measured`) come from wall time and are
 * the only ones that differ between two runs of the same project.
 */
import type { Finding, Remedy, SourceRef } from "./finding-model.js";
import type { SpeedupPoint } from "./simulate/simulation-model.js";
import type { ShardingSection } from "./sharding/sharding-model.js";
import type { WhatIfResult } from "./simulate/what-if.js";

export type { ShardingSection } from "./sharding/sharding-model.js";

/** Version of the report's JSON shape. */
export const REPORT_SCHEMA_VERSION = 1;

export {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type FindingTradeOff,
  type Remedy,
  type RemedyKind,
  type SourceRef,
} from "./finding-model.js";

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
  /** Why the speedup is below 1.0× or more than ±15 % off `predicted` (absent when neither). */
  readonly reason?: string;
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
  /** The workload's findings table (hotspots in the shared vocabulary, one row per cause). */
  readonly findings: readonly Finding[];
  /** The sharding what-if (placement policies, atomicity breaks, hot accounts); absent in reports from before it. */
  readonly sharding?: ShardingSection;
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
  /** `abstract`: an abstract contract (no workload can deploy it); `contract` otherwise. */
  readonly kind: "contract" | "abstract";
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
  /** The contract's static findings table (from the analyzer alone), one row per id. */
  readonly findings: readonly Finding[];
}

/** A transaction whose recorded storage accesses the static summary did not predict. */
export interface SoundnessMissEntry {
  readonly contract: string;
  readonly function: string;
  readonly slot: string;
  readonly transaction: string;
  readonly access: "read" | "write";
}

/** Kinds of change `--check` reports. */
export type CheckFindingKind =
  | "new-always-pair"
  | "new-hotspot"
  | "new-contract"
  | "new-workload"
  | "removed-contract"
  | "removed-workload"
  | "more-unknown-functions"
  | "speedup-drop"
  | "changed-workload"
  | "cross-shard-rise"
  | "soundness-miss"
  | "renamed"
  | "improvement";

/**
 * One line of `--check` (like `forge snapshot --check`): one per real change, grouped by `cause` (a
 * {@link Finding} id, or `contract:<Name>` / `workload:<name>` when no finding explains it). A speedup drop its
 * finding explains is folded into that finding's line (its `diff`), not repeated per thread count.
 */
export interface CheckFinding {
  readonly kind: CheckFindingKind;
  readonly severity: "error" | "warning" | "notice";
  /** One line naming the variable/function and the fix. */
  readonly message: string;
  readonly source: SourceRef | undefined;
  /** Grouping key: the finding id or `contract:<Name>` / `workload:<name>`. */
  readonly cause: string;
  /** Compact diff of the figure that changed (`6.2x → 0.99x at 16 threads`), when one did. */
  readonly diff: { readonly before: string; readonly after: string } | undefined;
}

/** The verdict of `--check`. */
export interface CheckResult {
  readonly passed: boolean;
  readonly findings: readonly CheckFinding[];
  /** What to do next when something changed (acknowledge or `--update-baseline`); undefined when nothing did. */
  readonly hint: string | undefined;
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
  /**
   * `full`: workloads ran; `static`: only the analyzer (`--static`, or no workload exists) — no speedups, the
   * gate covers the static findings only.
   */
  readonly mode: "full" | "static";
  /** The project's findings table: static and workload findings merged, one row per id, worst first. */
  readonly findings: readonly Finding[];
  /** The analyzer's precision oracle: static verdicts of executed transaction pairs against execution. */
  readonly precision?: PrecisionReport;
  /**
   * The project's test traffic recorded on the parallel network (`parallel.profile`), when there is one: its
   * `functionPairs` are the pairs that conflicted in the tests, its `findings` the hotspots they hit.
   */
  readonly testProfile?: WorkloadReport;
  /** Present after `--check`. */
  readonly check: CheckResult | undefined;
  /** Wall-time facts; excluded from determinism. */
  readonly timing: { readonly totalMs: number; readonly phases: Readonly<Record<string, number>> };
}

/**
 * Executed transaction pairs (same contract) the analyzer predicted conflicting, how many of
 * them execution confirmed, and the pairs execution saw conflict that the analyzer said never do (misses: bugs).
 */
export interface PrecisionReport {
  readonly predictedPairs: number;
  readonly confirmedPairs: number;
  /** confirmed / predicted, `null` without predicted pairs. */
  readonly confirmedRate: number | null;
  readonly contracts: ReadonlyArray<{
    readonly contract: string;
    readonly predictedPairs: number;
    readonly confirmedPairs: number;
    readonly confirmedRate: number;
    /** Function pairs predicted conflicting that never conflicted in any run. */
    readonly neverConflicting: ReadonlyArray<{
      readonly first: string;
      readonly second: string;
      readonly predictedPairs: number;
    }>;
  }>;
  readonly misses: ReadonlyArray<{
    readonly contract: string;
    readonly first: string;
    readonly second: string;
    readonly transactions: readonly [string, string];
    readonly slot: string;
  }>;
}

/**
 * The findings of the report model: a source place, a remedy, a finding with its kind and trade-off. Split
 * from report-model.ts by concept; report-model.ts re-exports every name here.
 */
/** A place in a Solidity source file. */
export interface SourceRef {
  /** Source name as solc knows it (e.g. `contracts/gaming/Arena.sol`). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** Remedy kinds, one per fix pattern (the texts live in `assemble/finding-kinds.ts`). */
export type RemedyKind =
  | "partitioned-counter"
  | "commutative-delta"
  | "per-user-mapping"
  | "split-packed-slot"
  | "spread-load"
  | "precomputed-ids"
  | "cache-volatile"
  | "spread-senders"
  | "transient-lock"
  | "none";

/** How to fix a hotspot. */
export interface Remedy {
  readonly kind: RemedyKind;
  readonly text: string;
}

/**
 * What kind of contention a finding is, in words users know: a hot slot (global counter or total), a
 * sequential id (`nextId++`), a hot key (one mapping entry written by all, e.g. a pool's balance in its token),
 * false sharing (a packed slot written by unrelated functions), a volatile read (block values,
 * `address(this).balance`), a nonce chain (one sender sends many transactions), a re-entrancy lock in storage.
 */
export type FindingKind =
  "hot-slot" | "sequential-id" | "hot-key" | "false-sharing" | "volatile-read" | "nonce-chain" | "reentrancy-lock";

/** Every finding kind, in the order reports list them when they tie. */
export const FINDING_KINDS: readonly FindingKind[] = [
  "hot-slot",
  "sequential-id",
  "hot-key",
  "false-sharing",
  "volatile-read",
  "nonce-chain",
  "reentrancy-lock",
];

/** What a remedy costs in gas next to what it gains in simulated speedup. */
export interface FindingTradeOff {
  /** Extra gas per transaction the remedy costs (approximate, from the pattern), 0 when it saves gas. */
  readonly gasPerTransaction: number;
  /** The cost in words (`+~5,000 gas per call: one more cold slot`). */
  readonly gasText: string;
  /** Simulated Block-STM speedup at `threads` now and with the finding removed (what-if), when simulated. */
  readonly speedup: { readonly threads: number; readonly now: number; readonly fixed: number } | undefined;
}

/**
 * One row of the findings table: a cause of contention named in Solidity terms, with its remedy, source line
 * and trade-off. `id` is stable across refactors that change nothing (no line numbers, no declaration order):
 * `<kind>:<Contract>.<variable>` or `<kind>:<Contract>.<function signature>`. Rows are unique by `id`.
 */
export interface Finding {
  readonly id: string;
  readonly kind: FindingKind;
  /** `Contract.variable[key role]`, `Contract.function()` or `sender 0x…` — never a raw location key. */
  readonly subject: string;
  readonly contract: string | undefined;
  /** The state variable (or packed variables `a/b`) at fault, when there is one. */
  readonly variable: string | undefined;
  /** Function signatures involved (writers of the slot, or the guarded functions). */
  readonly functions: readonly string[];
  /** Where to apply the fix: the declaration, else the first writing statement. */
  readonly source: SourceRef | undefined;
  readonly remedy: Remedy;
  readonly tradeOff: FindingTradeOff;
  /** Share of the workload's dependency edges it causes, in [0, 1] (undefined for static-only findings). */
  readonly edgeShare: number | undefined;
  /** Workloads where it was seen (empty: from the static analysis only). */
  readonly workloads: readonly string[];
  /** `@custom:parallel-allow` reason when the author acknowledged it. */
  readonly acknowledged: string | undefined;
  /**
   * Where the variable lives in storage (`slot:offset:type`, `/`-joined for packed variables): the identity
   * `--check` recognises a renamed variable by. Undefined when the finding has no variable in the layout.
   */
  readonly storageSlot: string | undefined;
}

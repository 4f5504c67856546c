/**
 * The one remedy table of the report, keyed by remedy kind: the text each kind suggests (with `{variable}` and
 * `{role}` filled in), and how the analyzer's remediation kinds map onto the report's. Hotspots found in a
 * workload and hotspots found by the analyzer both take their remedy from here.
 */
import type { RemediationKind } from "../../analyzer/index.js";
import { fillTemplate } from "../../shared/error-catalog.js";
import type { Remedy } from "../report-model.js";

/** The text of each remedy kind; `undefined` where only the analyzer's own text fits. */
export const REMEDIES: Readonly<Record<Remedy["kind"], string | undefined>> = {
  "partitioned-counter":
    "{variable} is one global slot: shard it (per-user state or N partitioned counters summed lazily).",
  "split-packed-slot": "Split {variable} into separate slots, or keep them in per-user state.",
  "spread-load":
    "Every transaction updates the entry of {role}: spread the load over several {role} instances (pools, vaults) or accumulate commutatively.",
  "commutative-delta":
    "Credit this balance lazily (pull payments / per-user escrow) instead of moving ETH in every call.",
  "per-user-mapping": undefined,
  none: "Per-user state already; contention comes from the workload's hot accounts.",
};

/** The report's remedy kind for each of the analyzer's remediation kinds. */
export const ANALYZER_REMEDY_KINDS: Readonly<Record<RemediationKind, Remedy["kind"]>> = {
  "sharded-counter": "partitioned-counter",
  "commutative-delta": "commutative-delta",
  "per-user-mapping": "per-user-mapping",
  "per-key-state": "per-user-mapping",
  "split-packed-slot": "split-packed-slot",
  "transient-lock": "spread-load",
};

/** The remedy of `kind` with the table's text, its placeholders filled from `params`. */
export function remedy(kind: Remedy["kind"], params: { variable?: string; role?: string } = {}): Remedy {
  const filled: Record<string, string> = {};
  if (params.variable !== undefined) filled.variable = params.variable;
  if (params.role !== undefined) filled.role = params.role;
  return { kind, text: fillTemplate(REMEDIES[kind] ?? "", filled) };
}

/** The report's remedy for an analyzer remediation, keeping the analyzer's own text. */
export function analyzerRemedy(kind: string, text: string): Remedy {
  return { kind: ANALYZER_REMEDY_KINDS[kind as RemediationKind] ?? "none", text };
}

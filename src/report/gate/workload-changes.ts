/**
 * A workload whose parameters changed since the baseline. The gate measures contracts through workloads; when
 * the user edits the workload itself (more transactions, another seed, a hotter sender mix, other blocks), its
 * figures are no longer the baseline's experiment, so a lower speedup says nothing about the contracts. Such a
 * workload is compared for information only: its drop and its new hotspots are one warning naming what changed
 * and `--update-baseline`; the contracts' own check (new always-conflicting pairs, static findings) still fails
 * the run. Baselines written before the parameters were recorded compare the transaction count alone.
 */
import type { WorkloadReport } from "../report-model.js";

import type { WorkloadBaseline } from "./baseline.js";

/** A workload parameter's value as the report and the baseline keep it. */
export type WorkloadParameter = number | string | boolean;

function shown(value: WorkloadParameter | undefined): string {
  return value === undefined ? "(none)" : typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * What changed in the workload's parameters since the baseline (`transactions 300 → 600, seed 1 → 42`), or
 * undefined when it is the same experiment.
 */
export function workloadParameterChanges(w: WorkloadReport, base: WorkloadBaseline): string | undefined {
  const before: Readonly<Record<string, WorkloadParameter>> = base.parameters ?? { transactions: base.transactions };
  const now: Readonly<Record<string, WorkloadParameter>> =
    base.parameters === undefined ? { transactions: w.transactions } : w.parameters;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  const changed = keys
    .filter((key) => before[key] !== now[key])
    .map((key) => `${key} ${shown(before[key])} → ${shown(now[key])}`);
  return changed.length === 0 ? undefined : changed.join(", ");
}

/** The warning's words for a changed workload's figures: what changed, then how to record the new experiment. */
export function changedWorkloadText(changes: string, figures: string | undefined): string {
  const compared = figures === undefined ? "" : `; for information: ${figures}`;
  return (
    `the workload's parameters changed since the baseline (${changes}), so its figures are a new experiment, not a ` +
    `regression of the contracts${compared}; \`--update-baseline\` records them`
  );
}

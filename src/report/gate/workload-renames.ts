/**
 * Renamed workloads. A workload whose `name` changed since the baseline would otherwise be a new workload
 * whose figures are compared with nothing — and a regression made in the same commit would pass with a
 * warning. A new workload is the rename of a workload gone from the baseline when each is the only one of its
 * side with that transaction count (a workload's transaction count is fixed by its `setup`/`next`, not by the
 * contracts' code): it is then compared with that baseline's figures, and a notice names the rename. Anything
 * less certain stays a new workload and a removed one.
 */
import type { ParallelReport } from "../report-model.js";

import type { Baseline } from "./baseline.js";
import type { Change } from "./contract-changes.js";

/** New workload name → the baseline workload it renames. Only for full runs that ran every workload. */
export function workloadRenamesOf(report: ParallelReport, baseline: Baseline): Map<string, string> {
  const renames = new Map<string, string>();
  const running = new Set(report.workloads.map((w) => w.name));
  const gone = Object.entries(baseline.workloads).filter(([name]) => !running.has(name));
  const fresh = report.workloads.filter((w) => baseline.workloads[w.name] === undefined);
  for (const w of fresh) {
    const sameCount = gone.filter(([, base]) => base.transactions === w.transactions);
    const rivals = fresh.filter((other) => other.transactions === w.transactions);
    const [match] = sameCount;
    if (match !== undefined && sameCount.length === 1 && rivals.length === 1) renames.set(w.name, match[0]);
  }
  return renames;
}

/** One notice per renamed workload. */
export function workloadRenameChanges(renames: ReadonlyMap<string, string>, baseline: Baseline): Change[] {
  return [...renames].map(([to, from]) => ({
    cause: `workload:${to}`,
    kind: "renamed",
    severity: "notice",
    text:
      `renamed from ${from} (the only workload gone from the baseline with its ` +
      `${baseline.workloads[from]?.transactions ?? 0} transactions): compared with the baseline figures of ${from}`,
  }));
}

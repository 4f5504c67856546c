/**
 * Renamed contracts between the baseline and a report. Renaming a contract (`contract Vault` → `contract
 * EthVault`, its workloads' `deploy` updated) changes no storage and no function: without this, every finding
 * of the contract would read as new under the new name and fail the gate. A baseline contract that is gone is
 * the renamed form of a contract the baseline does not have when, written under the new name, its baseline
 * entry has the same static facts as the one this report gives (the same always-conflicting pairs, static
 * findings and their storage positions) and no other contract matches either way. The baseline is then read with the old
 * name replaced, and the rename is one notice.
 */
import type { ParallelReport } from "../report-model.js";

import { baselineOf, type Baseline, type ContractBaseline, type WorkloadBaseline } from "./baseline.js";

/** A baseline read under the report's contract names, and the renames found: old name → new name. */
export interface ContractRenames {
  readonly baseline: Baseline;
  readonly renamed: ReadonlyMap<string, string>;
}

/** Finding id `kind:Old.rest` (or `kind:Old`) written under the new contract name. */
export function renamedId(id: string, from: string, to: string): string {
  const colon = id.indexOf(":");
  const subject = id.slice(colon + 1);
  if (subject === from) return `${id.slice(0, colon + 1)}${to}`;
  return subject.startsWith(`${from}.`) || subject.startsWith(`${from} `)
    ? `${id.slice(0, colon + 1)}${to}${subject.slice(from.length)}`
    : id;
}

function renamedEntry(entry: ContractBaseline, from: string, to: string): ContractBaseline {
  const slots = entry.findingSlots;
  return {
    ...entry,
    findings: entry.findings.map((id) => renamedId(id, from, to)).sort(),
    ...(slots === undefined
      ? {}
      : {
          findingSlots: Object.fromEntries(
            Object.entries(slots)
              .map(([id, slot]): [string, string] => [renamedId(id, from, to), slot])
              .sort(([a], [b]) => a.localeCompare(b)),
          ),
        }),
  };
}

/**
 * The same static facts: always pairs, static findings and those findings' storage positions (the workloads'
 * findings are left out, so that a `--static` run, which has none, recognises a rename too).
 */
function sameEntry(a: ContractBaseline, b: ContractBaseline): boolean {
  const key = (e: ContractBaseline) => {
    const findings = [...e.findings].sort();
    const slots = findings.map((id) => e.findingSlots?.[id] ?? "");
    return JSON.stringify([e.alwaysPairs, findings, slots]);
  };
  return key(a) === key(b);
}

/** Old name → new name, for the one-to-one matches only. */
function matches(report: ParallelReport, baseline: Baseline): Map<string, string> {
  const now = baselineOf(report).contracts;
  const gone = Object.keys(baseline.contracts).filter((name) => !(name in now));
  const added = Object.keys(now).filter((name) => !(name in baseline.contracts));
  const pairs: [string, string][] = [];
  for (const from of gone)
    for (const to of added) {
      const before = baseline.contracts[from];
      const current = now[to];
      if (before !== undefined && current !== undefined && sameEntry(renamedEntry(before, from, to), current))
        pairs.push([from, to]);
    }
  const once = (name: string, side: 0 | 1) => pairs.filter((p) => p[side] === name).length === 1;
  return new Map(pairs.filter(([from, to]) => once(from, 0) && once(to, 1)));
}

function renamedWorkload(w: WorkloadBaseline, renamed: ReadonlyMap<string, string>): WorkloadBaseline {
  let findings = [...w.findings];
  for (const [from, to] of renamed) findings = findings.map((id) => renamedId(id, from, to));
  return { ...w, findings: findings.sort() };
}

/** The baseline read under the report's names of the contracts renamed since it was written. */
export function withContractRenames(report: ParallelReport, baseline: Baseline): ContractRenames {
  const renamed = matches(report, baseline);
  if (renamed.size === 0) return { baseline, renamed };
  const contracts: Record<string, ContractBaseline> = {};
  for (const [name, entry] of Object.entries(baseline.contracts)) {
    const to = renamed.get(name);
    contracts[to ?? name] = to === undefined ? entry : renamedEntry(entry, name, to);
  }
  const workloads = Object.fromEntries(
    Object.entries(baseline.workloads).map(([name, w]) => [name, renamedWorkload(w, renamed)]),
  );
  return { baseline: { ...baseline, contracts, workloads }, renamed };
}

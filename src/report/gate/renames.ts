/**
 * Renamed state between the baseline and a report. A refactor that renames a state variable keeps its storage
 * position: a finding of the same kind and contract at the same `slot:offset:type` as a baseline finding that
 * is gone is that finding renamed, not a new hotspot, and the public getter's pairs are read under the new
 * name. Baselines written before storage positions were recorded carry none, and then no rename is guessed.
 * A renamed function is recognised by its always pairs: same parameters, and exactly the baseline pairs of a
 * function that is gone, under the new name.
 */
import type { ContractReport, ParallelReport } from "../report-model.js";

import { alwaysPairs, findingsOfContract, type Baseline, type ContractBaseline } from "./baseline.js";

/**
 * Findings whose variable was renamed since the baseline: current id → baseline id. A finding is the renamed
 * form of a baseline finding that is gone when both have the same kind, contract and storage position.
 */
export function renamesOf(report: ParallelReport, baseline: Baseline): Map<string, string> {
  const renames = new Map<string, string>();
  for (const c of report.contracts) {
    const slots = baseline.contracts[c.name]?.findingSlots ?? {};
    const now = findingsOfContract(report, c);
    const ids = new Set(now.map((f) => f.id));
    for (const f of now) {
      if (f.storageSlot === undefined || f.id in slots) continue;
      const old = Object.keys(slots).find(
        (id) => slots[id] === f.storageSlot && !ids.has(id) && id.startsWith(`${f.kind}:`),
      );
      if (old !== undefined) renames.set(f.id, old);
    }
  }
  return renames;
}

/** Whether `id` (or the baseline id it was renamed from) is in `ids`. */
export function known(ids: readonly string[], id: string, renames: ReadonlyMap<string, string>): boolean {
  const old = renames.get(id);
  return ids.includes(id) || (old !== undefined && ids.includes(old));
}

/** Function `name(` of a renamed public variable's getter: old name → new name. */
function getterRenames(c: ContractReport, renames: ReadonlyMap<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  const variableOf = (id: string) => id.slice(id.indexOf(":") + 1).replace(`${c.name}.`, "");
  for (const [now, old] of renames) if (now.includes(`:${c.name}.`)) names.set(variableOf(old), variableOf(now));
  return names;
}

/** The baseline's always pairs with renamed getters written under their new names. */
function getterRenamedPairs(c: ContractReport, base: ContractBaseline, renames: ReadonlyMap<string, string>): string[] {
  const names = getterRenames(c, renames);
  const rename = (f: string) => {
    const [name = "", args = ""] = f.split(/\((.*)/s);
    return `${names.get(name) ?? name}(${args}`;
  };
  return base.alwaysPairs.map((p) => p.split("|").map(rename).sort().join("|"));
}

function substituted(pairs: readonly string[], from: string, to: string): string[] {
  return pairs
    .filter((p) => p.split("|").includes(from))
    .map((p) =>
      p
        .split("|")
        .map((f) => (f === from ? to : f))
        .sort()
        .join("|"),
    )
    .sort();
}

/**
 * Functions renamed since the baseline, old signature → new: a function of the baseline's always pairs that
 * the contract no longer has, and exactly one new function with the same parameters whose always pairs are
 * the old function's under the new name.
 */
export function functionRenames(
  c: ContractReport,
  base: ContractBaseline,
  renames: ReadonlyMap<string, string>,
): Map<string, string> {
  const before = getterRenamedPairs(c, base, renames);
  const now = alwaysPairs(c);
  const inBaseline = new Set(before.flatMap((p) => p.split("|")));
  const params = (f: string) => f.slice(f.indexOf("("));
  const added = c.functions.filter((f) => !inBaseline.has(f));
  const result = new Map<string, string>();
  for (const old of [...inBaseline].filter((f) => !c.functions.includes(f))) {
    const expected = substituted(before, old, "\u0000").join(",");
    const matches = added.filter(
      (f) => params(f) === params(old) && substituted(now, f, "\u0000").join(",") === expected,
    );
    const [only, ...others] = matches;
    if (only !== undefined && others.length === 0) result.set(old, only);
  }
  return result;
}

/** The baseline's always pairs with renamed getters and functions written under their new names. */
export function renamedPairs(
  c: ContractReport,
  base: ContractBaseline,
  renames: ReadonlyMap<string, string>,
): string[] {
  const functions = functionRenames(c, base, renames);
  return getterRenamedPairs(c, base, renames).map((p) =>
    p
      .split("|")
      .map((f) => functions.get(f) ?? f)
      .sort()
      .join("|"),
  );
}

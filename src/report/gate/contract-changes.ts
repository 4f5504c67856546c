/**
 * The contract half of `--check`: per contract, the changes against its baseline entry — new findings and the
 * always-conflicting pairs they create, renamed variables and functions (notices), more unknown functions, a
 * new contract (its findings are warnings: new code makes nothing less parallel; a base split out of a contract
 * whose findings the baseline has is one notice: split-bases.ts) and a deleted one (a notice),
 * and improvements. `check.ts` groups them into lines with the workloads' changes.
 */
import type { CheckFinding, CheckFindingKind, ContractReport, Finding, ParallelReport } from "../report-model.js";

import { alwaysPairs, type Baseline, type ContractBaseline } from "./baseline.js";
import { functionRenames, known, renamedPairs } from "./renames.js";
import { splitBaseChanges, splitHost } from "./split-bases.js";

/** One raw change before grouping. */
export interface Change {
  readonly cause: string;
  readonly kind: CheckFindingKind;
  readonly severity: CheckFinding["severity"];
  readonly text: string;
  readonly diff?: { readonly before: string; readonly after: string };
}

const EMPTY_CONTRACT: ContractBaseline = { alwaysPairs: [], unknownFunctions: [], findings: [] };

/**
 * An unacknowledged finding fails the gate, unless its remedy is "nothing to change in the contract"
 * (per-user state contended only by the traffic's own hubs): that is shown, never a failure.
 */
export function severityOf(finding: Finding | undefined): CheckFinding["severity"] {
  if (finding?.remedy.kind === "none") return "notice";
  return finding?.acknowledged === undefined ? "error" : "warning";
}

/**
 * New always pairs. One a new finding causes fails through that finding; one on state already in the baseline
 * (a new or renamed function on a known hotspot) is a warning: the speedup gate judges its effect; one that
 * only a new function reading that state creates (a view function, a constant's getter) is a notice.
 */
function pairChanges(c: ContractReport, base: ContractBaseline, renames: ReadonlyMap<string, string>): Change[] {
  const before = renamedPairs(c, base, renames);
  const paired = new Set(before.flatMap((p) => p.split("|")));
  return alwaysPairs(c)
    .filter((p) => !before.includes(p))
    .map((pair) => {
      const [first = "", second = ""] = pair.split("|");
      const variables = c.pairs.find((p) => [p.first, p.second].sort().join("|") === pair)?.variables ?? [];
      const cause = c.findings.find((f) => variables.includes(f.variable ?? ""));
      const on = variables.length > 0 ? variables.join(", ") : "unknown state";
      const onKnown = cause !== undefined && known(base.findings, cause.id, renames);
      // A function added since the baseline that only reads a known hotspot (a view function, a constant's
      // getter) changes nothing its writers do: a notice, not a warning.
      const newReader = onKnown && [first, second].some((f) => !paired.has(f) && !cause.functions.includes(f));
      const severity = newReader ? "notice" : onKnown ? "warning" : severityOf(cause);
      return {
        cause: cause?.id ?? `contract:${c.name}`,
        kind: "new-always-pair",
        severity,
        text: `${first} × ${second}${cause === undefined ? ` (on ${on})` : ""}`,
      };
    });
}

/** One notice per state variable renamed since the baseline (same storage position). */
export function renameChanges(renames: ReadonlyMap<string, string>): Change[] {
  return [...renames].map(([now, old]) => ({
    cause: now,
    kind: "renamed",
    severity: "notice",
    text: `renamed from ${old.slice(old.indexOf(":") + 1)} (same storage position): nothing changed for parallelism`,
  }));
}

function functionRenameChanges(
  c: ContractReport,
  base: ContractBaseline,
  renames: ReadonlyMap<string, string>,
): Change[] {
  return [...functionRenames(c, base, renames)].map(([old, now]): Change => ({
    cause: `contract:${c.name}`,
    kind: "renamed",
    severity: "notice",
    text: `function ${old} renamed to ${now} (the same always-conflicting pairs): nothing changed for parallelism`,
  }));
}

/** Baseline contracts the report no longer has (deleted, or renamed: the new name is a new contract). */
function removedContracts(report: ParallelReport, baseline: Baseline): Change[] {
  return Object.keys(baseline.contracts)
    .filter((name) => !report.contracts.some((c) => c.name === name))
    .map((name) => ({
      cause: `contract:${name}`,
      kind: "removed-contract",
      severity: "notice",
      text: "in the baseline but no longer compiled (deleted or renamed)",
    }));
}

function contractImprovement(
  c: ContractReport,
  base: ContractBaseline,
  renames: ReadonlyMap<string, string>,
): Change[] {
  const renamed = new Set(renames.values());
  const gone = base.findings.filter((id) => !c.findings.some((f) => f.id === id) && !renamed.has(id));
  const fewer = renamedPairs(c, base, renames).filter((p) => !alwaysPairs(c).includes(p));
  const parts = [
    ...(gone.length > 0 ? [`${gone.join(", ")} gone`] : []),
    ...(fewer.length > 0 ? [`${fewer.length} always-conflicting pair(s) fewer`] : []),
  ];
  if (parts.length === 0) return [];
  return [{ cause: `contract:${c.name}`, kind: "improvement", severity: "notice", text: parts.join("; ") }];
}

/** The name without its source (`contracts/v1/Vault.sol:Vault` → `Vault`). */
function bareName(name: string): string {
  return name.slice(name.lastIndexOf(":") + 1);
}

/**
 * Of a new deployable contract, when every workload ran and none called it: only its static findings are known,
 * and how to add a workload. Undefined when a workload calls a contract of its name (a qualified name never hides one),
 * or one of its file that has all its functions (a base split out of a called contract runs in its workload).
 */
function unexercisedNote(c: ContractReport, report: ParallelReport, allWorkloads: boolean): string | undefined {
  // An abstract contract is deployed only as part of a contract that inherits it: no workload of its own.
  if (report.mode !== "full" || !allWorkloads || c.kind === "abstract") return undefined;
  const called = new Set(report.workloads.flatMap((w) => w.contracts.map(bareName)));
  if (called.has(bareName(c.name))) return undefined;
  const host = splitHost(c, report);
  if (host !== undefined && called.has(bareName(host.name))) return undefined;
  return "no workload calls it, so its speedup is not measured (`npx hardhat parallel-init` adds a workload for each contract it can deploy and keeps the existing files)";
}

function oneContract(
  c: ContractReport,
  inBaseline: ContractBaseline | undefined,
  renames: ReadonlyMap<string, string>,
  note: string | undefined,
): Change[] {
  const base = inBaseline ?? EMPTY_CONTRACT;
  const cause = `contract:${c.name}`;
  const changes: Change[] = [];
  if (inBaseline === undefined)
    changes.push({
      cause,
      kind: "new-contract",
      severity: "warning",
      text: `new contract (${c.sourceName}) not in the baseline: its findings are warnings until \`--update-baseline\` records it${note === undefined ? "" : `; ${note}`}`,
    });
  for (const f of c.findings.filter((f) => !known(base.findings, f.id, renames)))
    changes.push({ cause: f.id, kind: "new-hotspot", severity: severityOf(f), text: "new" });
  changes.push(...pairChanges(c, base, renames), ...functionRenameChanges(c, base, renames));
  // New code made nothing less parallel: a new contract's findings are shown, never a failure on their own (a
  // workload that now calls it still fails on the speedup drop it causes).
  if (inBaseline === undefined)
    return changes.map((ch) => (ch.severity === "error" ? { ...ch, severity: "warning" } : ch));
  const unknown = c.unknownFunctions.filter((f) => !base.unknownFunctions.includes(f));
  if (unknown.length > 0 && inBaseline !== undefined)
    changes.push({
      cause,
      kind: "more-unknown-functions",
      severity: "error",
      text: `the analyzer cannot bound ${unknown.join(", ")}`,
    });
  return [...changes, ...contractImprovement(c, base, renames)];
}

/**
 * Every contract's changes against the baseline, and the baseline contracts no longer compiled; `allWorkloads`:
 * the run had every workload (a new contract none of them calls is said to be unmeasured).
 */
export function contractChanges(
  report: ParallelReport,
  baseline: Baseline,
  renames: ReadonlyMap<string, string>,
  allWorkloads = true,
): Change[] {
  return [
    ...report.contracts.flatMap((c) => {
      const inBaseline = baseline.contracts[c.name];
      const split = inBaseline === undefined ? splitBaseChanges(c, report, baseline) : undefined;
      return split ?? oneContract(c, inBaseline, renames, unexercisedNote(c, report, allWorkloads));
    }),
    ...removedContracts(report, baseline),
  ];
}

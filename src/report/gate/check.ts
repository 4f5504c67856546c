/**
 * `--check`, like `forge snapshot --check`: compares a report with the baseline and prints one line per real
 * change, grouped by cause. A new finding, the always-conflicting pairs it creates and the speedup drop it
 * causes in each workload are one line (with the drop as a compact diff), at the finding's source and with its
 * remedy; an acknowledgement (`@custom:parallel-allow`) on the finding turns all of it into a warning. A drop no
 * new finding explains, more unknown functions, new contracts and workloads and soundness misses have lines of
 * their own; improvements are notices. The hint says what to do next, and only when something changed.
 */
import type {
  CheckFinding,
  CheckFindingKind,
  CheckResult,
  Finding,
  ParallelReport,
  WorkloadReport,
} from "../report-model.js";

import { FINDING_TABLE } from "../assemble/finding-kinds.js";
import { alwaysPairs, gatedWorkloadFindings, type Baseline, type ContractBaseline } from "./baseline.js";

/** One raw change before grouping. */
interface Change {
  readonly cause: string;
  readonly kind: CheckFindingKind;
  readonly severity: CheckFinding["severity"];
  readonly text: string;
  readonly diff?: { readonly before: string; readonly after: string };
}

const KIND_RANK: readonly CheckFindingKind[] = [
  "new-hotspot",
  "new-always-pair",
  "speedup-drop",
  "more-unknown-functions",
  "soundness-miss",
  "new-contract",
  "new-workload",
  "improvement",
];
const SEVERITY_RANK: readonly CheckFinding["severity"][] = ["error", "warning", "notice"];

const EMPTY_CONTRACT: ContractBaseline = { alwaysPairs: [], unknownFunctions: [], findings: [] };

function severityOf(finding: Finding | undefined): CheckFinding["severity"] {
  return finding?.acknowledged === undefined ? "error" : "warning";
}

function x(value: number): string {
  return `${value.toFixed(2)}x`;
}

function contractChanges(report: ParallelReport, baseline: Baseline, byId: ReadonlyMap<string, Finding>): Change[] {
  const changes: Change[] = [];
  for (const c of report.contracts) {
    const known = baseline.contracts[c.name];
    const base = known ?? EMPTY_CONTRACT;
    if (known === undefined)
      changes.push({
        cause: `contract:${c.name}`,
        kind: "new-contract",
        severity: "warning",
        text: `new contract ${c.name} (${c.sourceName}) is not in the baseline`,
      });
    for (const f of c.findings.filter((f) => !base.findings.includes(f.id)))
      changes.push({ cause: f.id, kind: "new-hotspot", severity: severityOf(f), text: "new" });
    for (const pair of alwaysPairs(c).filter((p) => !base.alwaysPairs.includes(p))) {
      const [first = "", second = ""] = pair.split("|");
      const variables = c.pairs.find((p) => [p.first, p.second].sort().join("|") === pair)?.variables ?? [];
      const cause = c.findings.find((f) => variables.includes(f.variable ?? ""));
      const on = variables.length > 0 ? variables.join(", ") : "unknown state";
      changes.push({
        cause: cause?.id ?? `contract:${c.name}`,
        kind: "new-always-pair",
        severity: severityOf(cause ?? byId.get(`contract:${c.name}`)),
        text: `${first} × ${second}${cause === undefined ? ` (on ${on})` : ""}`,
      });
    }
    const unknown = c.unknownFunctions.filter((f) => !base.unknownFunctions.includes(f));
    if (unknown.length > 0 && known !== undefined)
      changes.push({
        cause: `contract:${c.name}`,
        kind: "more-unknown-functions",
        severity: "error",
        text: `the analyzer cannot bound ${unknown.join(", ")}`,
      });
    const gone = base.findings.filter((id) => !c.findings.some((f) => f.id === id));
    const fewerPairs = base.alwaysPairs.filter((p) => !alwaysPairs(c).includes(p));
    if (known !== undefined && gone.length + fewerPairs.length > 0)
      changes.push({
        cause: `contract:${c.name}`,
        kind: "improvement",
        severity: "notice",
        text: `${[gone.length > 0 ? `${gone.join(", ")} gone` : "", fewerPairs.length > 0 ? `${fewerPairs.length} always-conflicting pair(s) fewer` : ""].filter((t) => t !== "").join("; ")}`,
      });
  }
  return changes;
}

function worstDrop(w: WorkloadReport, base: Baseline["workloads"][string], tolerance: number) {
  const drops = w.speedups
    .map((s) => ({ threads: s.threads, now: s.blockStm, before: base.speedup.blockStm[String(s.threads)] }))
    .filter((d): d is { threads: number; now: number; before: number } => d.before !== undefined)
    .filter((d) => d.now < d.before * (1 - tolerance));
  return drops.sort((a, b) => a.now / a.before - b.now / b.before || b.threads - a.threads)[0];
}

function bestRise(w: WorkloadReport, base: Baseline["workloads"][string], tolerance: number) {
  const rises = w.speedups
    .map((s) => ({ threads: s.threads, now: s.blockStm, before: base.speedup.blockStm[String(s.threads)] }))
    .filter((d): d is { threads: number; now: number; before: number } => d.before !== undefined)
    .filter((d) => d.now > d.before * (1 + tolerance));
  return rises.sort((a, b) => b.now / b.before - a.now / a.before || b.threads - a.threads)[0];
}

function workloadChanges(report: ParallelReport, baseline: Baseline, tolerance: number): Change[] {
  const changes: Change[] = [];
  for (const w of report.workloads) {
    const base = baseline.workloads[w.name];
    if (base === undefined) {
      changes.push({
        cause: `workload:${w.name}`,
        kind: "new-workload",
        severity: "warning",
        text: `new workload ${w.name} is not in the baseline`,
      });
      continue;
    }
    const fresh = w.findings.filter((f) => !base.findings.includes(f.id) && f.kind !== "nonce-chain");
    for (const f of fresh.filter((f) => gatedWorkloadFindings(w).includes(f.id)))
      changes.push({
        cause: f.id,
        kind: "new-hotspot",
        severity: severityOf(f),
        text: `causes ${Math.round((f.edgeShare ?? 0) * 100)} % of the conflicts in ${w.name}`,
      });
    const drop = worstDrop(w, base, tolerance);
    if (drop !== undefined) {
      const cause = fresh[0];
      changes.push({
        cause: cause?.id ?? `workload:${w.name}`,
        kind: "speedup-drop",
        severity: severityOf(cause),
        text: `${w.name}: simulated speedup ${x(drop.before)} → ${x(drop.now)} at ${drop.threads} threads`,
        diff: {
          before: `${x(drop.before)} at ${drop.threads} threads`,
          after: `${x(drop.now)} at ${drop.threads} threads`,
        },
      });
    }
    const rise = bestRise(w, base, tolerance);
    if (rise !== undefined && drop === undefined)
      changes.push({
        cause: `workload:${w.name}`,
        kind: "improvement",
        severity: "notice",
        text: `${w.name}: simulated speedup ${x(rise.before)} → ${x(rise.now)} at ${rise.threads} threads`,
        diff: {
          before: `${x(rise.before)} at ${rise.threads} threads`,
          after: `${x(rise.now)} at ${rise.threads} threads`,
        },
      });
  }
  return changes;
}

function soundnessChanges(report: ParallelReport): Change[] {
  const byFunction = new Map<string, number>();
  for (const m of report.soundness.misses) {
    const key = `${m.contract}.${m.function}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
  }
  return [...byFunction].map(([fn, n]) => ({
    cause: `soundness:${fn}`,
    kind: "soundness-miss" as const,
    severity: "error" as const,
    text: `the analyzer missed ${n} storage access(es) of ${fn} seen at run time (an analyzer bug: please report it with the contract)`,
  }));
}

function line(cause: string, changes: readonly Change[], finding: Finding | undefined): CheckFinding {
  const kind = KIND_RANK.find((k) => changes.some((c) => c.kind === k)) ?? "improvement";
  const severity = SEVERITY_RANK.find((s) => changes.some((c) => c.severity === s)) ?? "notice";
  const diff = changes.find((c) => c.diff !== undefined)?.diff;
  const pairs = changes.filter((c) => c.kind === "new-always-pair").map((c) => c.text);
  const pairText = pairs.length === 0 ? [] : [`now always conflicting: ${pairs.join(", ")}`];
  const what = [...pairText, ...changes.filter((c) => c.kind !== "new-always-pair").map((c) => c.text)].filter(
    (t) => t !== "new",
  );
  if (finding === undefined) {
    const subject = cause.replace(/^(contract|workload|soundness):/, "");
    return { kind, severity, message: `${subject}: ${what.join("; ")}`, source: undefined, cause, diff };
  }
  const title = FINDING_TABLE[finding.kind].title.toLowerCase();
  const writers = finding.functions.length > 0 ? `, written by ${finding.functions.join(", ")}` : "";
  const isNew = changes.some((c) => c.kind === "new-hotspot") ? "new " : "";
  const ack = finding.acknowledged === undefined ? "" : ` (acknowledged: ${finding.acknowledged})`;
  return {
    kind,
    severity,
    message: `${isNew}${title} ${finding.subject}${writers}: ${what.length > 0 ? `${what.join("; ")}. ` : ""}Fix: ${finding.remedy.text}${ack}`,
    source: finding.source,
    cause,
    diff,
  };
}

function hintOf(findings: readonly CheckFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  if (findings.every((f) => f.kind === "improvement"))
    return "Improvements found: run `npx hardhat parallel-report --update-baseline` and commit parallel-baseline.json.";
  return "Fix what is listed, acknowledge an intended hotspot with `/// @custom:parallel-allow <reason>` on its declaration, or accept the change with `npx hardhat parallel-report --update-baseline` and commit parallel-baseline.json.";
}

/** Compares a report with the baseline; `passed` is false when any line is an error. */
export function checkAgainstBaseline(report: ParallelReport, baseline: Baseline, tolerance: number): CheckResult {
  const byId = new Map<string, Finding>();
  for (const f of [
    ...report.contracts.flatMap((c) => c.findings),
    ...report.workloads.flatMap((w) => w.findings),
    ...report.findings,
  ])
    byId.set(f.id, f);
  const changes = [
    ...contractChanges(report, baseline, byId),
    ...(report.mode === "full" ? workloadChanges(report, baseline, tolerance) : []),
    ...soundnessChanges(report),
  ];
  const grouped = new Map<string, Change[]>();
  for (const c of changes) grouped.set(c.cause, [...(grouped.get(c.cause) ?? []), c]);
  const findings = [...grouped]
    .map(([cause, list]) => line(cause, list, byId.get(cause)))
    .sort(
      (a, b) => SEVERITY_RANK.indexOf(a.severity) - SEVERITY_RANK.indexOf(b.severity) || a.cause.localeCompare(b.cause),
    );
  return { passed: !findings.some((f) => f.severity === "error"), findings, hint: hintOf(findings) };
}

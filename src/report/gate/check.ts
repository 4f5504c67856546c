/**
 * `--check`, like `forge snapshot --check`: compares a report with the baseline and prints one line per real
 * change, grouped by cause. A new finding, the always-conflicting pairs it creates and the speedup drop it
 * causes in each workload are one line (with the drop as a compact diff), at the finding's source and with its
 * remedy; an acknowledgement (`@custom:parallel-allow`) on the finding turns all of it into a warning. A drop no
 * new finding explains, more unknown functions, new contracts and workloads and soundness misses have lines of
 * their own; deleted contracts and workloads and improvements are notices. The contracts' changes come from
 * `contract-changes.ts`. The hint says what to do next, and only when something changed.
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
import { gatedWorkloadFindings, type Baseline, type WorkloadBaseline } from "./baseline.js";
import { contractChanges, renameChanges, severityOf, type Change } from "./contract-changes.js";
import { withContractRenames } from "./contract-renames.js";
import { known, renamesOf } from "./renames.js";
import { changedWorkloadText, workloadParameterChanges } from "./workload-changes.js";
import { workloadRenameChanges, workloadRenamesOf } from "./workload-renames.js";

const KIND_RANK: readonly CheckFindingKind[] = [
  "new-hotspot",
  "new-always-pair",
  "speedup-drop",
  "cross-shard-rise",
  "changed-workload",
  "more-unknown-functions",
  "soundness-miss",
  "new-contract",
  "new-workload",
  "removed-contract",
  "removed-workload",
  "renamed",
  "improvement",
];
const SEVERITY_RANK: readonly CheckFinding["severity"][] = ["error", "warning", "notice"];

function x(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** The speedup change beyond the tolerance with the largest ratio (`drop`: the worst fall), as a change. */
function speedupChange(
  w: WorkloadReport,
  base: WorkloadBaseline,
  tolerance: number,
  drop: boolean,
): { text: string; diff: { before: string; after: string } } | undefined {
  const points = w.speedups
    .map((s) => ({ threads: s.threads, now: s.blockStm, before: base.speedup.blockStm[String(s.threads)] }))
    .filter((d): d is { threads: number; now: number; before: number } => d.before !== undefined)
    .filter((d) => (drop ? d.now < d.before * (1 - tolerance) : d.now > d.before * (1 + tolerance)))
    .sort((a, b) => (drop ? 1 : -1) * (a.now / a.before - b.now / b.before) || b.threads - a.threads);
  const d = points[0];
  if (d === undefined) return undefined;
  const diff = { before: `${x(d.before)} at ${d.threads} threads`, after: `${x(d.now)} at ${d.threads} threads` };
  return { text: `${w.name}: simulated speedup ${x(d.before)} → ${x(d.now)} at ${d.threads} threads`, diff };
}

function oneWorkload(
  w: WorkloadReport,
  base: WorkloadBaseline | undefined,
  tolerance: number,
  renames: ReadonlyMap<string, string>,
): Change[] {
  const cause = `workload:${w.name}`;
  if (base === undefined)
    return [{ cause, kind: "new-workload", severity: "warning", text: `new workload ${w.name} not in the baseline` }];
  const parameters = workloadParameterChanges(w, base);
  if (parameters !== undefined) return changedWorkload(w, base, tolerance, renames, parameters);
  const fresh = freshHotspots(w, base, renames);
  const changes: Change[] = fresh.map((f) => ({
    cause: f.id,
    kind: "new-hotspot",
    severity: severityOf(f),
    text: `causes ${Math.round((f.edgeShare ?? 0) * 100)} % of the conflicts in ${w.name}`,
  }));
  const drop = speedupChange(w, base, tolerance, true);
  // A drop goes to the largest new finding of the workload: its acknowledgement covers the drop too.
  if (drop !== undefined)
    changes.push({ cause: fresh[0]?.id ?? cause, kind: "speedup-drop", severity: severityOf(fresh[0]), ...drop });
  const rise = drop === undefined ? speedupChange(w, base, tolerance, false) : undefined;
  if (rise !== undefined) changes.push({ cause, kind: "improvement", severity: "notice", ...rise });
  const sharding = shardingChange(w, base);
  if (sharding !== undefined) changes.push(sharding);
  return changes;
}

/** The workload's gated findings the baseline does not have (a nonce chain is the workload's own doing). */
function freshHotspots(w: WorkloadReport, base: WorkloadBaseline, renames: ReadonlyMap<string, string>): Finding[] {
  const gated = gatedWorkloadFindings(w);
  return w.findings.filter(
    (f) => !known(base.findings, f.id, renames) && f.kind !== "nonce-chain" && gated.includes(f.id),
  );
}

/**
 * A workload whose parameters changed (`workload-changes.ts`): one line, a warning when a figure moved the wrong
 * way (drop, new hotspot, more cross-shard transactions), else a notice; never a failure.
 */
function changedWorkload(
  w: WorkloadReport,
  base: WorkloadBaseline,
  tolerance: number,
  renames: ReadonlyMap<string, string>,
  parameters: string,
): Change[] {
  const drop = speedupChange(w, base, tolerance, true);
  const figures = drop ?? speedupChange(w, base, tolerance, false);
  const fresh = freshHotspots(w, base, renames).map((f) => `new hotspot ${f.subject}`);
  const sharding = shardingChange(w, base)?.text;
  const moved = [figures?.text.replace(`${w.name}: `, ""), ...fresh, sharding].filter((t) => t !== undefined);
  const worse = drop !== undefined || fresh.length > 0 || sharding !== undefined;
  return [
    {
      cause: `workload:${w.name}`,
      kind: "changed-workload",
      severity: worse ? "warning" : "notice",
      text: changedWorkloadText(parameters, moved.length === 0 ? undefined : moved.join("; ")),
      ...(figures === undefined ? {} : { diff: figures.diff }),
    },
  ];
}

/** Allowed rise of the recommended placement's cross-shard ratio (absolute, in [0, 1]) before the gate fails. */
export const CROSS_SHARD_TOLERANCE = 0.05;

/**
 * The sharding gate: the recommended placement's cross-shard ratio at the baseline's shard count must not rise
 * by more than {@link CROSS_SHARD_TOLERANCE} (deterministic: from gas and access sets, never wall time). The
 * line names the policy, the ratio before and after and the call the list now shows first.
 */
function shardingChange(w: WorkloadReport, base: WorkloadBaseline): Change | undefined {
  const before = base.sharding;
  const now = w.sharding?.placements.find((p) => p.policy === before?.policy && p.shards === before?.shards);
  if (before === undefined || now === undefined) return undefined;
  if (now.crossShardRatio <= before.crossShardRatio + CROSS_SHARD_TOLERANCE) return undefined;
  const pct = (r: number): string => `${(r * 100).toFixed(1)} %`;
  const top = w.sharding?.atomicityBreaks[0];
  const call = top === undefined ? "" : `; most frequent cut call: ${top.path.join(" → ")}`;
  return {
    cause: `workload:${w.name}`,
    kind: "cross-shard-rise",
    severity: "error",
    text:
      `cross-shard transactions under ${before.policy} at ${before.shards} shards rose from ` +
      `${pct(before.crossShardRatio)} to ${pct(now.crossShardRatio)}${call}`,
    diff: { before: `${pct(before.crossShardRatio)} cross-shard`, after: `${pct(now.crossShardRatio)} cross-shard` },
  };
}

function workloadChanges(
  report: ParallelReport,
  baseline: Baseline,
  tolerance: number,
  renames: ReadonlyMap<string, string>,
  workloadRenames: ReadonlyMap<string, string>,
): Change[] {
  return report.workloads.flatMap((w) =>
    oneWorkload(w, baseline.workloads[workloadRenames.get(w.name) ?? w.name], tolerance, renames),
  );
}

/** Baseline workloads that no longer exist (renamed ones aside), when the run had all the project's workloads to run. */
function removedWorkloads(
  report: ParallelReport,
  baseline: Baseline,
  workloadRenames: ReadonlyMap<string, string>,
): Change[] {
  const renamedFrom = new Set(workloadRenames.values());
  return Object.keys(baseline.workloads)
    .filter((name) => !report.workloads.some((w) => w.name === name) && !renamedFrom.has(name))
    .map((name) => ({
      cause: `workload:${name}`,
      kind: "removed-workload",
      severity: "notice",
      text:
        report.workloads.length === 0
          ? "in the baseline, but the project has no workload any more (this run was static), so its figures were not compared"
          : "in the baseline but no longer among the project's workloads (deleted or renamed)",
    }));
}

/** One notice per contract renamed since the baseline (the same pairs, findings and storage positions). */
function contractRenameChanges(renamed: ReadonlyMap<string, string>): Change[] {
  return [...renamed].map(([from, to]) => ({
    cause: `contract:${to}`,
    kind: "renamed",
    severity: "notice",
    text: `contract renamed from ${from} (the same always-conflicting pairs, findings and storage positions): nothing changed for parallelism`,
  }));
}

/** What the run left out on purpose (`--workload`, `--static`): workloads it did not run are not "removed". */
export interface CheckScope {
  /** Every workload of the project was run (or the project has none). */
  readonly allWorkloads: boolean;
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
  const fix = changes.every((c) => c.kind === "renamed")
    ? ""
    : changes.every((c) => c.kind === "new-always-pair" && c.severity === "notice")
      ? "These are new functions that only read it (a view function's pairs count calls sent as transactions; eth_call is never delayed): its writers are as parallel as before."
      : finding.remedy.kind === "none"
        ? finding.remedy.text
        : `Fix: ${finding.remedy.text}`;
  return {
    kind,
    severity,
    message: `${isNew}${title} ${finding.subject}${writers}: ${[what.length > 0 ? `${what.join("; ")}.` : "", fix].filter((t) => t !== "").join(" ")}${ack}`,
    source: finding.source,
    cause,
    diff,
  };
}

function hintOf(findings: readonly CheckFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  if (findings.every((f) => f.kind === "improvement"))
    return "Improvements found: run `npx hardhat parallel-report --update-baseline` and commit parallel-baseline.json.";
  if (findings.every((f) => f.severity === "notice"))
    return "Nothing regressed: record the new names and figures with `npx hardhat parallel-report --update-baseline` and commit parallel-baseline.json.";
  return "Fix what is listed, acknowledge an intended hotspot with `/// @custom:parallel-allow <reason>` on its declaration, or accept the change with `npx hardhat parallel-report --update-baseline` and commit parallel-baseline.json.";
}

/** Compares a report with the baseline; `passed` is false when any line is an error. */
export function checkAgainstBaseline(
  report: ParallelReport,
  written: Baseline,
  tolerance: number,
  scope: CheckScope = { allWorkloads: true },
): CheckResult {
  const { baseline, renamed } = withContractRenames(report, written);
  const byId = new Map<string, Finding>();
  for (const f of [
    ...report.contracts.flatMap((c) => c.findings),
    ...report.workloads.flatMap((w) => w.findings),
    ...report.findings,
  ])
    byId.set(f.id, f);
  const renames = renamesOf(report, baseline);
  const full = report.mode === "full";
  const workloadRenames = full && scope.allWorkloads ? workloadRenamesOf(report, baseline) : new Map<string, string>();
  const changes = [
    ...contractChanges(report, baseline, renames, scope.allWorkloads),
    ...renameChanges(renames),
    ...contractRenameChanges(renamed),
    ...workloadRenameChanges(workloadRenames, baseline),
    ...(full ? workloadChanges(report, baseline, tolerance, renames, workloadRenames) : []),
    ...(scope.allWorkloads ? removedWorkloads(report, baseline, workloadRenames) : []),
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

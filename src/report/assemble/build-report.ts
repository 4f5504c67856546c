/**
 * Turns workload runs, their analyses and the static analysis into the report model: hotspots get Solidity
 * names, source locations, remedies and acknowledgements; what-if results get labels; the soundness check
 * runs over every executed transaction.
 */
import { checkSoundness, type AnalysisResult, type ContractJson } from "../../analyzer/index.js";

import { simulateWorkload, type WorkloadSimulation } from "../simulate/simulate-workload.js";
import { LocationLabeler, type LocationLabel } from "./location-labels.js";
import type { HotspotEntry, Remedy, SoundnessMissEntry, WorkloadReport } from "../report-model.js";
import { contractReport, isProjectContract, sourceRef, type Acknowledgements } from "./static-view.js";
import type { WorkloadDefinition, WorkloadParams } from "../workloads/define-workload.js";
import type { WorkloadRun } from "../record/workload-runner.js";

/** A finished workload with what it ran. */
export interface CompletedWorkload {
  readonly definition: WorkloadDefinition<unknown>;
  readonly params: WorkloadParams;
  readonly run: WorkloadRun;
}

function remedyFor(
  label: LocationLabel | undefined,
  location: string,
  contracts: ReadonlyMap<string, ContractJson>,
): Remedy {
  const hot =
    label?.variable === undefined
      ? undefined
      : contracts.get(label.contract)?.hotspots.find((h) => h.location === label.variable);
  if (hot !== undefined) return { kind: "partitioned-counter", text: hot.remediation.text };
  if (label?.label.endsWith("(packed)") === true)
    return {
      kind: "split-packed-slot",
      text: `Split ${label.variable} into separate slots, or keep them in per-user state.`,
    };
  if (label?.keyRole !== undefined && label.keyRole !== "user") {
    return {
      kind: "spread-load",
      text: `Every transaction updates the entry of ${label.keyRole}: spread the load over several ${label.keyRole} instances (pools, vaults) or accumulate commutatively.`,
    };
  }
  if (location.startsWith("balance:"))
    return {
      kind: "commutative-delta",
      text: "Credit this balance lazily (pull payments / per-user escrow) instead of moving ETH in every call.",
    };
  if (label?.variable !== undefined && label.keyRole === undefined) {
    return {
      kind: "partitioned-counter",
      text: `${label.variable} is one global slot: shard it (per-user state or N partitioned counters summed lazily).`,
    };
  }
  return { kind: "none", text: "Per-user state already; contention comes from the workload's hot accounts." };
}

function hotspotEntries(
  analysis: WorkloadSimulation,
  labeler: LocationLabeler,
  contracts: ReadonlyMap<string, ContractJson>,
  acks: Acknowledgements,
): HotspotEntry[] {
  const totalEdges = Math.max(1, analysis.summary.edges);
  return analysis.hotspots.map((h) => {
    const label = labeler.label(h.location);
    const contract = label === undefined ? undefined : contracts.get(label.contract);
    const writers = contract?.hotspots.find((x) => x.location === label?.variable)?.writers ?? [];
    return {
      location: h.location,
      label: label?.label ?? h.location,
      contract: label?.contract,
      variable: label?.variable,
      keyRole: label?.keyRole,
      declaration: sourceRef(label?.declaration),
      writtenAt: writers
        .flatMap((w) => w.statements)
        .map(sourceRef)
        .filter((s) => s !== undefined),
      edges: h.edges,
      transactions: h.transactions,
      serializedGas: h.serializedGas,
      edgeShare: Math.round((h.edges / totalEdges) * 10_000) / 10_000,
      remedy: remedyFor(label, h.location, contracts),
      acknowledged: label?.variable === undefined ? undefined : acks.get(`${label.contract}.${label.variable}`),
    };
  });
}

function mappingKeys(w: CompletedWorkload): Map<string, string> {
  const keys = new Map<string, string>();
  for (const block of w.run.blocks)
    for (const tx of block.transactions) if (tx.sender !== undefined) keys.set(tx.sender, "user");
  for (const [address, name] of Object.entries(w.run.deployments)) keys.set(address, name);
  return keys;
}

function measuredOf(w: CompletedWorkload, analysis: WorkloadSimulation): WorkloadReport["measured"] {
  const m = w.run.measured;
  if (m === undefined || m.parallelMs === 0) return undefined;
  const predicted = analysis.speedups.find((s) => s.threads === m.workers)?.blockStm ?? 1;
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    workers: m.workers,
    strategy: m.strategies,
    sequentialMs: round(m.sequentialMs, 1),
    parallelMs: round(m.parallelMs, 1),
    speedup: round(m.sequentialMs / m.parallelMs, 3),
    predicted,
  };
}

/** The report entry of one workload. */
export function workloadReport(
  w: CompletedWorkload,
  contracts: ReadonlyMap<string, ContractJson>,
  acks: Acknowledgements,
): WorkloadReport {
  const analysis = simulateWorkload(w.run.blocks);
  const labeler = new LocationLabeler(w.run.deployments, contracts, mappingKeys(w));
  const names = [...new Set(Object.values(w.run.deployments))].sort();
  return {
    name: w.definition.name,
    template: w.definition.template ?? "custom",
    description: w.definition.description ?? "",
    contracts: names,
    parameters: { ...w.params },
    transactions: w.run.transactions,
    blocks: w.run.blocks.length,
    reverted: w.run.reverted,
    revertReasons: [...w.run.revertReasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    gas: analysis.summary.gas,
    conflictDensity: analysis.summary.conflictDensity,
    criticalPathRatio: analysis.summary.criticalPathRatio,
    speedups: analysis.speedups,
    hotspots: hotspotEntries(analysis, labeler, contracts, acks),
    functionPairs: analysis.functionPairs,
    whatIf: analysis.whatIf.map((x) => ({ ...x, label: labeler.label(x.location)?.label ?? x.location })),
    measured: measuredOf(w, analysis),
  };
}

/** Static reports of the project's contracts (dependencies from npm are analyzed but not reported). */
export function contractReports(
  result: AnalysisResult | undefined,
  acks: Acknowledgements,
): ReturnType<typeof contractReport>[] {
  return (result?.contracts ?? [])
    .filter(isProjectContract)
    .map((c) => contractReport(c, acks))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The soundness check over every executed transaction of every workload. */
export function soundnessOf(
  result: AnalysisResult | undefined,
  workloads: readonly CompletedWorkload[],
): { checkedTransactions: number; checkedAccesses: number; unverified: number; misses: SoundnessMissEntry[] } {
  if (result === undefined) return { checkedTransactions: 0, checkedAccesses: 0, unverified: 0, misses: [] };
  let checked = 0;
  let accesses = 0;
  let unverified = 0;
  const misses: SoundnessMissEntry[] = [];
  for (const w of workloads) {
    for (const chain of w.run.chains ?? [{ deployments: w.run.deployments, executed: w.run.executed }]) {
      const report = checkSoundness({ result, deployments: chain.deployments, transactions: chain.executed });
      checked += report.transactions;
      accesses += report.checked;
      unverified += report.unverified;
      for (const m of report.misses) {
        misses.push({ contract: m.contract, function: m.function, slot: m.slot, transaction: m.tx, access: m.kind });
      }
    }
  }
  return { checkedTransactions: checked, checkedAccesses: accesses, unverified, misses };
}

/**
 * Turns workload runs, their analyses and the static analysis into the report model: hotspots get Solidity
 * names, source locations, remedies and acknowledgements; what-if results get labels; the soundness check
 * runs over every executed transaction.
 */
import { checkSoundness, type AnalysisResult, type ContractJson } from "../../analyzer/index.js";
import { isStorageKey, keyAddress } from "../../runtime/vocabulary.js";

import { groupHotspots, type GroupStats } from "../simulate/contention-hotspots.js";
import { simulateWorkload } from "../simulate/simulate-workload.js";
import type { WorkloadSimulation } from "../simulate/simulation-model.js";
import { TOGETHER } from "../simulate/what-if.js";
import { shardingWhatIf } from "../sharding/sharding-what-if.js";
import { LocationLabeler, type LocationLabel } from "./location-labels.js";
import type { Finding, HotspotEntry, SoundnessMissEntry, WorkloadReport } from "../report-model.js";
import { contractReport, isProjectContract, sourceRef, type Acknowledgements } from "./static-view.js";
import {
  contractFixable,
  DEFAULT_COINBASE,
  whatIfLabel,
  whatIfLabels,
  workloadFindings,
  type ContendedLocation,
  type WorkloadFindingContext,
} from "./workload-findings.js";
import type { WorkloadDefinition, WorkloadParams } from "../workloads/define-workload.js";
import { explainMeasured } from "../record/measured-reason.js";
import type { WorkloadRun } from "../record/workload-runner.js";
import type { ShardedMeasurement } from "../record/sharded-measure.js";
import type { MeasuredSharding } from "../sharding/sharding-model.js";

/** A finished workload with what it ran (its definition's data: the entry never calls its functions). */
export interface CompletedWorkload {
  readonly definition: Pick<WorkloadDefinition<unknown>, "name" | "template" | "description">;
  readonly params: WorkloadParams;
  readonly run: WorkloadRun;
}

/** Hotspot rows listed per workload. */
const HOTSPOT_ROWS = 20;

/** A storage location of a known contract no layout or preimage explains, named by its contract. */
function unexplained(location: string, labeler: LocationLabeler): LocationLabel | undefined {
  const contract = isStorageKey(location) ? labeler.contractAt(keyAddress(location)) : undefined;
  if (contract === undefined) return undefined;
  const label = `${contract} storage (slot outside the layout)`;
  return { label, contract, variable: undefined, keyRole: undefined, declaration: undefined };
}

/** keccak256 preimages recorded while the workload ran (hash → input). */
function preimagesOf(w: CompletedWorkload): Map<string, string> {
  const out = new Map<string, string>();
  const chains = w.run.chains ?? [{ executed: w.run.executed }];
  for (const chain of chains)
    for (const tx of chain.executed)
      for (const [hash, input] of Object.entries(tx.preimages ?? {})) out.set(hash.toLowerCase(), input.toLowerCase());
  return out;
}

function contendedLocations(analysis: WorkloadSimulation, labeler: LocationLabeler): ContendedLocation[] {
  const totalEdges = Math.max(1, analysis.summary.edges);
  return analysis.hotspots.map((h) => ({
    location: h.location,
    label: labeler.label(h.location) ?? unexplained(h.location, labeler),
    edges: h.edges,
    edgeShare: h.edges / totalEdges,
    readers: h.readers,
    writers: h.writers,
  }));
}

function hotspotEntry(
  h: WorkloadSimulation["hotspots"][number],
  label: LocationLabel | undefined,
  finding: Finding,
  contracts: ReadonlyMap<string, ContractJson>,
  totalEdges: number,
): HotspotEntry {
  const contract = label === undefined ? undefined : contracts.get(label.contract);
  const writers = contract?.hotspots.find((x) => x.location === label?.variable)?.writers ?? [];
  return {
    location: h.location,
    label: label?.label ?? finding.subject,
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
    remedy: finding.remedy,
    acknowledged: finding.acknowledged,
  };
}

/**
 * Rows with the same label (one mapping entry role over many keys) become one row, with the label's own
 * figures: an edge or a transaction through several of its keys counts once.
 */
function mergeSameLabel(
  entries: readonly HotspotEntry[],
  byLabel: ReadonlyMap<string, GroupStats>,
  totalEdges: number,
): HotspotEntry[] {
  const rows = new Map<string, number>();
  for (const e of entries) rows.set(e.label, (rows.get(e.label) ?? 0) + 1);
  const merged = new Map<string, HotspotEntry>();
  for (const e of entries) {
    if (merged.has(e.label)) continue;
    const stats = byLabel.get(e.label);
    const several = (rows.get(e.label) ?? 0) > 1;
    merged.set(
      e.label,
      !several || stats === undefined
        ? e
        : {
            ...e,
            edges: stats.edges,
            transactions: stats.transactions,
            serializedGas: stats.serializedGas,
            edgeShare: Math.round((stats.edges / totalEdges) * 10_000) / 10_000,
          },
    );
  }
  return [...merged.values()].sort((a, b) => b.edges - a.edges || a.label.localeCompare(b.label));
}

/** Hotspot rows (never a sender's own nonce or fee, never the coinbase) and the findings table. */
function hotspotsAndFindings(
  blocks: WorkloadRun["blocks"],
  analysis: WorkloadSimulation,
  labeler: LocationLabeler,
  ctx: WorkloadFindingContext,
): { hotspots: HotspotEntry[]; findings: Finding[] } {
  const { findings, byLocation } = workloadFindings(contendedLocations(analysis, labeler), ctx);
  const totalEdges = Math.max(1, analysis.summary.edges);
  const entries = analysis.hotspots.flatMap((h) => {
    const finding = byLocation.get(h.location);
    if (finding === undefined || finding.kind === "nonce-chain") return [];
    return [hotspotEntry(h, labeler.label(h.location), finding, ctx.contracts, totalEdges)];
  });
  const labelOf = new Map(entries.map((e) => [e.location, e.label]));
  const byLabel = groupHotspots(blocks, (location) => labelOf.get(location));
  return { hotspots: mergeSameLabel(entries, byLabel, totalEdges).slice(0, HOTSPOT_ROWS), findings };
}

function mappingKeys(w: CompletedWorkload): Map<string, string> {
  const keys = new Map<string, string>();
  for (const block of w.run.blocks)
    for (const tx of block.transactions) if (tx.sender !== undefined) keys.set(tx.sender, "user");
  for (const [address, name] of Object.entries(w.run.deployments)) keys.set(address, name);
  return keys;
}

/** The what-if rows with their labels (entries that would read the same are told apart by their keys). */
function whatIfRows(rows: WorkloadSimulation["whatIf"], labeler: LocationLabeler): WorkloadReport["whatIf"] {
  const labels = whatIfLabels(
    rows.map((x) => x.location),
    (location) => labeler.label(location),
    TOGETHER,
  );
  return rows.map((x, i) => ({ ...x, label: labels[i] ?? x.location }));
}

function measuredOf(
  w: CompletedWorkload,
  analysis: WorkloadSimulation,
  labeler: LocationLabeler,
): WorkloadReport["measured"] {
  const m = w.run.measured;
  if (m === undefined || m.parallelMs === 0) return undefined;
  const predicted = analysis.speedups.find((s) => s.threads === m.workers)?.blockStm ?? 1;
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const speedup = round(m.sequentialMs / m.parallelMs, 3);
  const labelOf = (location: string): string => whatIfLabel(location, labeler.label(location)?.label);
  const reason = explainMeasured({ ...m, speedup, predicted, labelOf });
  return {
    workers: m.workers,
    strategy: m.strategies,
    sequentialMs: round(m.sequentialMs, 1),
    parallelMs: round(m.parallelMs, 1),
    speedup,
    predicted,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** The measured sharded run of the record, rounded as the report shows it (wall time: differs between runs). */
function measuredSharding(m: ShardedMeasurement | undefined): MeasuredSharding | undefined {
  if (m === undefined) return undefined;
  const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    shards: m.shards,
    sequentialMs: round(m.sequentialMs, 1),
    shardedMs: round(m.shardedMs, 1),
    speedup: round(m.speedup, 3),
    crossShardRatio: m.crossShardRatio === undefined ? undefined : round(m.crossShardRatio, 4),
    partitioner: m.partitioner,
    fallbackReason: m.fallbackReason,
  };
}

/** The report entry of one workload; `sources` (source name → text) gives the sharding section its lines. */
export function workloadReport(
  w: CompletedWorkload,
  contracts: ReadonlyMap<string, ContractJson>,
  acks: Acknowledgements,
  sources: ReadonlyMap<string, string> = new Map(),
): WorkloadReport {
  // Every contended location feeds the findings (a sender's nonce must not push a variable out of a top N).
  const keys = mappingKeys(w);
  const senders = new Set([...keys].filter(([, role]) => role === "user").map(([address]) => address));
  const analysis = simulateWorkload(w.run.blocks, {
    hotspotLimit: Number.MAX_SAFE_INTEGER,
    fixable: (location) => contractFixable(location, senders),
  });
  const labeler = new LocationLabeler(w.run.deployments, contracts, keys, preimagesOf(w));
  const { hotspots, findings } = hotspotsAndFindings(w.run.blocks, analysis, labeler, {
    workload: w.definition.name,
    senders,
    contracts,
    acks,
    whatIf: analysis.whatIf,
  });
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
    hotspots,
    functionPairs: analysis.functionPairs,
    whatIf: whatIfRows(analysis.whatIf, labeler),
    measured: measuredOf(w, analysis, labeler),
    findings,
    sharding: shardingWhatIf(w.run.blocks, {
      deployments: w.run.deployments,
      aliases: w.run.aliases,
      contracts,
      sources,
      labelOf: (location) => labeler.label(location)?.label,
      coinbase: DEFAULT_COINBASE,
      measured: measuredSharding(w.run.sharded),
      subject: w.definition.template === "test-profile" ? "test-run profile" : "workload",
    }),
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
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
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

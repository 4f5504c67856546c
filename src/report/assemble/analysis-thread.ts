/**
 * The analysis thread: the report's analyses on the machine's second core, beside the recording on the main
 * thread (analysis-client.ts). At once the static analysis (and the source texts); then, as soon as the main
 * thread has recorded a workload, its report entry (simulations, hotspots, findings, sharding what-if), its
 * share of the precision oracle and of the soundness check; at the end the same for the test-run profile, and
 * the precision and soundness figures over everything. The main thread sends one request at a time and none
 * while it measures, so the measured minings keep the machine to themselves.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";

import type { AnalysisResult } from "../../analyzer/index.js";
import { relayError, type RelayedError } from "../errors.js";
import type { CompletedWorkload } from "../record/record-workloads.js";
import type { PrecisionReport, WorkloadReport } from "../report-model.js";

import { soundnessOf, workloadReport } from "./build-report.js";
import { PrecisionOracle } from "./precision-oracle.js";
import { contractsByName, sourceTexts, staticAnalysis, type AnalysisPaths } from "./project-analysis.js";
import type { Acknowledgements } from "./static-view.js";

/** A completed workload as it crosses threads: its definition's data without its functions. */
export interface AnalyzedWorkload {
  readonly definition: { readonly name: string; readonly template?: string; readonly description?: string };
  readonly params: CompletedWorkload["params"];
  readonly run: CompletedWorkload["run"];
}

/**
 * Requests of the main thread, answered in order. A recorded workload is two requests — its report entry, then
 * its precision and soundness shares (`checks`) — so that a measured mining, which waits for the request in
 * hand, waits for half a workload's analyses at most.
 */
export type AnalysisRequest =
  | { readonly type: "workload"; readonly index: number; readonly workload: AnalyzedWorkload }
  | { readonly type: "checks"; readonly index: number }
  | { readonly type: "finish"; readonly profile: AnalyzedWorkload | undefined };

/** Messages of the analysis thread: one per request, after the first (`static`) that needs none. */
export type AnalysisMessage =
  | {
      readonly type: "static";
      readonly result: AnalysisResult | undefined;
      readonly acks: Acknowledgements;
      ms: number;
    }
  | {
      readonly type: "workload";
      readonly index: number;
      readonly report: WorkloadReport;
      readonly phases: Record<string, number>;
    }
  | { readonly type: "checked"; readonly index: number; readonly phases: Record<string, number> }
  | {
      readonly type: "finished";
      readonly testProfile: WorkloadReport | undefined;
      readonly precision: PrecisionReport | undefined;
      readonly soundness: Soundness;
      readonly phases: Record<string, number>;
    }
  | { readonly type: "failed"; readonly error: RelayedError };

/** A completed workload without what cannot cross threads (a definition's functions). */
export function analyzedWorkload(w: AnalyzedWorkload): AnalyzedWorkload {
  const { name, template, description } = w.definition;
  return { definition: { name, template, description }, params: w.params, run: w.run };
}

/** The soundness check's figures. */
export type Soundness = ReturnType<typeof soundnessOf>;

/** What the analysis thread holds between requests. */
interface Held {
  readonly analysis: Awaited<ReturnType<typeof staticAnalysis>>;
  readonly contracts: ReturnType<typeof contractsByName>;
  readonly sources: Map<string, string>;
  /** The precision oracle and the soundness check over the workloads analyzed so far, in the report's order. */
  readonly precision: PrecisionOracle;
  readonly soundness: Soundness;
  /** Workloads whose entry is made and whose checks are still to come, by index. */
  readonly unchecked: Map<number, AnalyzedWorkload>;
}

async function start(port: MessagePort, paths: AnalysisPaths): Promise<Held> {
  const started = performance.now();
  const analysis = await staticAnalysis(paths);
  const sources = await sourceTexts(analysis);
  const ms = performance.now() - started;
  port.postMessage({ type: "static", result: analysis.result, acks: analysis.acks, ms } satisfies AnalysisMessage);
  const soundness = { checkedTransactions: 0, checkedAccesses: 0, unverified: 0, misses: [] };
  const precision = new PrecisionOracle(analysis.result);
  return { analysis, contracts: contractsByName(analysis.result), sources, precision, soundness, unchecked: new Map() };
}

/** Runs `fn`, adding its wall time to `phases[phase]`. */
function timed<T>(phases: Record<string, number>, phase: string, fn: () => T): T {
  const started = performance.now();
  const value = fn();
  phases[phase] = (phases[phase] ?? 0) + performance.now() - started;
  return value;
}

/** The report entry of one recorded workload (or the profile), timed as `phase`. */
function entryOf(held: Held, w: AnalyzedWorkload, phases: Record<string, number>, phase: string): WorkloadReport {
  const { acks } = held.analysis;
  return timed(phases, phase, () => workloadReport(w, held.contracts, acks, held.sources));
}

/** Checks one recorded workload's pairs (precision oracle) and accesses (soundness). */
function check(held: Held, w: AnalyzedWorkload, phases: Record<string, number>): void {
  const { soundness } = held;
  timed(phases, "precision check", () => held.precision.add(w));
  const checked = timed(phases, "soundness check", () => soundnessOf(held.analysis.result, [w]));
  soundness.checkedTransactions += checked.checkedTransactions;
  soundness.checkedAccesses += checked.checkedAccesses;
  soundness.unverified += checked.unverified;
  soundness.misses.push(...checked.misses);
}

/** Analyzes the profile, if any: its report entry; its pairs and accesses checked. */
function analyze(
  held: Held,
  w: AnalyzedWorkload | undefined,
  phases: Record<string, number>,
): WorkloadReport | undefined {
  if (w === undefined) return undefined;
  const report = entryOf(held, w, phases, "test profile");
  check(held, w, phases);
  return report;
}

function answer(port: MessagePort, held: Held, request: AnalysisRequest): void {
  const phases: Record<string, number> = {};
  if (request.type === "workload") {
    const report = entryOf(held, request.workload, phases, "dynamic analysis");
    held.unchecked.set(request.index, request.workload);
    port.postMessage({ type: "workload", index: request.index, report, phases } satisfies AnalysisMessage);
    return;
  }
  if (request.type === "checks") {
    const w = held.unchecked.get(request.index);
    if (w === undefined) throw new Error(`the analysis thread has no entry of workload ${request.index} to check`);
    held.unchecked.delete(request.index);
    check(held, w, phases);
    port.postMessage({ type: "checked", index: request.index, phases } satisfies AnalysisMessage);
    return;
  }
  const testProfile = analyze(held, request.profile, phases);
  const precision = held.analysis.result === undefined ? undefined : held.precision.report();
  const soundness = held.soundness;
  port.postMessage({ type: "finished", testProfile, precision, soundness, phases } satisfies AnalysisMessage);
}

/** Serves the main thread: the static analysis at once, then its requests one after another. */
function serve(port: MessagePort, paths: AnalysisPaths): void {
  const held = start(port, paths);
  let queue: Promise<unknown> = held;
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    port.postMessage({ type: "failed", error: relayError(error) } satisfies AnalysisMessage);
  };
  held.catch(fail);
  port.on("message", (request: AnalysisRequest) => {
    queue = queue.then(async () => {
      if (!failed) answer(port, await held, request);
    });
    queue.catch(fail);
  });
}

if (parentPort !== null) serve(parentPort, workerData as AnalysisPaths);

/**
 * The analysis thread: the report's analyses on the machine's second core, beside the recording on the main
 * thread (analysis-client.ts). At once the static analysis (and the source texts); then, as soon as the main
 * thread has recorded a workload, its report entry (simulations, hotspots, findings, sharding what-if), its
 * share of the precision oracle and of the soundness check; the same for the test-run profile, sent before the
 * recording (its shares join the figures last); at the end the precision and soundness figures over everything. Each piece of work is a step of the recording's measure
 * lock (measure-lock.ts): it parks while a recording thread measures, so the measured minings keep the machine to
 * themselves.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";

import type { AnalysisResult } from "../../analyzer/index.js";
import { relayError, type RelayedError } from "../errors.js";
import { MeasureLock } from "../record/measure-lock.js";
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
 * hand, waits for half a workload's analyses at most. The test-run profile, read before the recording, is its
 * entry (`profile`) and its checks in slices of its chains (`profile checks`, a connection's chain each: small
 * pieces, so a measured mining waits little): its shares are kept apart and join the figures at the end, after
 * every workload's, as if judged last.
 */
export type AnalysisRequest =
  | { readonly type: "workload"; readonly index: number; readonly workload: AnalyzedWorkload }
  | { readonly type: "checks"; readonly index: number }
  | { readonly type: "profile"; readonly workload: AnalyzedWorkload }
  | { readonly type: "profile checks"; readonly chains: readonly [from: number, to: number] }
  | { readonly type: "finish" };

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
  | { readonly type: "profiled"; readonly phases: Record<string, number> }
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

/** The precision oracle and the soundness check over some recorded workloads. */
interface Checks {
  readonly precision: PrecisionOracle;
  readonly soundness: Soundness;
}

/** What the analysis thread holds between requests. */
interface Held {
  readonly analysis: Awaited<ReturnType<typeof staticAnalysis>>;
  readonly contracts: ReturnType<typeof contractsByName>;
  readonly sources: Map<string, string>;
  /** The checks over the workloads analyzed so far, in the report's order. */
  readonly checks: Checks;
  /** Workloads whose entry is made and whose checks are still to come, by index. */
  readonly unchecked: Map<number, AnalyzedWorkload>;
  /** The test-run profile: its entry once made, its checks (apart from the workloads') once made. */
  profile?: { readonly workload: AnalyzedWorkload; readonly report: WorkloadReport; checks?: Checks };
}

function noChecks(result: AnalysisResult | undefined): Checks {
  const soundness = { checkedTransactions: 0, checkedAccesses: 0, unverified: 0, misses: [] };
  return { precision: new PrecisionOracle(result), soundness };
}

async function start(port: MessagePort, paths: AnalysisPaths): Promise<Held> {
  const started = performance.now();
  const analysis = await staticAnalysis(paths);
  const sources = await sourceTexts(analysis);
  const ms = performance.now() - started;
  port.postMessage({ type: "static", result: analysis.result, acks: analysis.acks, ms } satisfies AnalysisMessage);
  const checks = noChecks(analysis.result);
  return { analysis, contracts: contractsByName(analysis.result), sources, checks, unchecked: new Map() };
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

/** Adds `checked` (one workload's soundness share, or several's) to `soundness`. */
function addSoundness(soundness: Soundness, checked: Soundness): void {
  soundness.checkedTransactions += checked.checkedTransactions;
  soundness.checkedAccesses += checked.checkedAccesses;
  soundness.unverified += checked.unverified;
  soundness.misses.push(...checked.misses);
}

/** Checks one recorded workload's pairs (precision oracle) and accesses (soundness), adding them to `checks`. */
function check(held: Held, checks: Checks, w: AnalyzedWorkload, phases: Record<string, number>): void {
  timed(phases, "precision check", () => checks.precision.add(w));
  addSoundness(
    checks.soundness,
    timed(phases, "soundness check", () => soundnessOf(held.analysis.result, [w])),
  );
}

/** The figures of every check: the workloads' in the report's order, then the profile's (as if judged last). */
function finished(held: Held): { precision: PrecisionReport | undefined; soundness: Soundness } {
  const { checks } = held;
  const later = held.profile?.checks;
  if (later !== undefined) {
    checks.precision.merge(later.precision);
    addSoundness(checks.soundness, later.soundness);
  }
  const precision = held.analysis.result === undefined ? undefined : checks.precision.report();
  return { precision, soundness: checks.soundness };
}

/** The chains of a recorded run (one when it has no `chains`, its own). */
export function chainsOf(run: AnalyzedWorkload["run"]): NonNullable<AnalyzedWorkload["run"]["chains"]> {
  return run.chains ?? [{ deployments: run.deployments, executed: run.executed, codes: run.codes }];
}

/** The workload with only its chains `from` up to `to` (excluded): checking the slices in order checks it all. */
function chainSlice(w: AnalyzedWorkload, [from, to]: readonly [number, number]): AnalyzedWorkload {
  return { ...w, run: { ...w.run, chains: chainsOf(w.run).slice(from, to) } };
}

/** Answers one request of the main thread. */
function answer(port: MessagePort, held: Held, request: AnalysisRequest): void {
  const phases: Record<string, number> = {};
  if (request.type === "workload") {
    const report = entryOf(held, request.workload, phases, "dynamic analysis");
    held.unchecked.set(request.index, request.workload);
    port.postMessage({ type: "workload", index: request.index, report, phases } satisfies AnalysisMessage);
  } else if (request.type === "checks") {
    const w = held.unchecked.get(request.index);
    if (w === undefined) throw new Error(`the analysis thread has no entry of workload ${request.index} to check`);
    held.unchecked.delete(request.index);
    check(held, held.checks, w, phases);
    port.postMessage({ type: "checked", index: request.index, phases } satisfies AnalysisMessage);
  } else if (request.type === "profile") {
    held.profile = { workload: request.workload, report: entryOf(held, request.workload, phases, "test profile") };
    port.postMessage({ type: "profiled", phases } satisfies AnalysisMessage);
  } else if (request.type === "profile checks") {
    const profile = held.profile;
    if (profile === undefined) throw new Error("the analysis thread has no test-run profile to check");
    profile.checks ??= noChecks(held.analysis.result);
    check(held, profile.checks, chainSlice(profile.workload, request.chains), phases);
    port.postMessage({ type: "profiled", phases } satisfies AnalysisMessage);
  } else {
    const testProfile = held.profile?.report;
    port.postMessage({ type: "finished", testProfile, ...finished(held), phases } satisfies AnalysisMessage);
  }
}

/**
 * What the analysis thread is started with: the project's paths and its slot in the recording's measure lock
 * (measure-lock.ts), where it parks before each piece of work while a recording thread measures.
 */
export interface AnalysisThreadData extends AnalysisPaths {
  readonly lock: SharedArrayBuffer;
  readonly slot: number;
}

/** Runs `work` as one step of the measure lock: parked first while anyone measures, idle again after it. */
async function stepped<T>(lock: MeasureLock, work: () => Promise<T> | T): Promise<T> {
  await lock.step();
  try {
    return await work();
  } finally {
    lock.finish();
  }
}

/** Serves the main thread: the static analysis at once, then its requests one after another. */
function serve(port: MessagePort, data: AnalysisThreadData): void {
  const { lock: buffer, slot, ...paths } = data;
  const lock = new MeasureLock(buffer, slot);
  const held = stepped(lock, () => start(port, paths));
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
      const ready = await held;
      if (!failed) await stepped(lock, () => answer(port, ready, request));
    });
    queue.catch(fail);
  });
}

if (parentPort !== null) serve(parentPort, workerData as AnalysisThreadData);

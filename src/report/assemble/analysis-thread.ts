/**
 * The analysis thread: the report's analyses that do not need the machine's second core for anything else,
 * beside the recording on the main thread (analysis-client.ts). At once the static analysis (and the source
 * texts); then each workload's report entry (simulations, hotspots, findings, sharding what-if) as soon as the
 * main thread has recorded it; at the end the test-run profile's entry and the precision oracle over every
 * workload. The main thread sends one request at a time and none while it measures, so the measured minings
 * keep the machine to themselves.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";

import type { AnalysisResult } from "../../analyzer/index.js";
import { relayError, type RelayedError } from "../errors.js";
import type { CompletedWorkload } from "../record/record-workloads.js";
import type { PrecisionReport, WorkloadReport } from "../report-model.js";

import { workloadReport } from "./build-report.js";
import { precisionOf } from "./precision-oracle.js";
import { contractsByName, sourceTexts, staticAnalysis, type AnalysisPaths } from "./project-analysis.js";
import type { Acknowledgements } from "./static-view.js";

/** A completed workload as it crosses threads: its definition's data without its functions. */
export interface AnalyzedWorkload {
  readonly definition: { readonly name: string; readonly template?: string; readonly description?: string };
  readonly params: CompletedWorkload["params"];
  readonly run: CompletedWorkload["run"];
}

/** Requests of the main thread, answered in order. */
export type AnalysisRequest =
  | { readonly type: "workload"; readonly index: number; readonly workload: AnalyzedWorkload }
  | { readonly type: "finish"; readonly profile: AnalyzedWorkload | undefined };

/** Messages of the analysis thread: one per request, after the first (`static`) that needs none. */
export type AnalysisMessage =
  | {
      readonly type: "static";
      readonly result: AnalysisResult | undefined;
      readonly acks: Acknowledgements;
      ms: number;
    }
  | { readonly type: "workload"; readonly index: number; readonly report: WorkloadReport; readonly ms: number }
  | {
      readonly type: "finished";
      readonly testProfile: WorkloadReport | undefined;
      readonly precision: PrecisionReport | undefined;
      readonly phases: Record<string, number>;
    }
  | { readonly type: "failed"; readonly error: RelayedError };

/** A completed workload without what cannot cross threads (a definition's functions). */
export function analyzedWorkload(w: AnalyzedWorkload): AnalyzedWorkload {
  const { name, template, description } = w.definition;
  return { definition: { name, template, description }, params: w.params, run: w.run };
}

/** What the analysis thread holds between requests. */
interface Held {
  readonly analysis: Awaited<ReturnType<typeof staticAnalysis>>;
  readonly contracts: ReturnType<typeof contractsByName>;
  readonly sources: Map<string, string>;
  /** The recorded workloads by their index in the report. */
  readonly workloads: Map<number, AnalyzedWorkload>;
}

/** A workload as the report's builders take it (they only read its definition's data). */
const asCompleted = (w: AnalyzedWorkload): CompletedWorkload => w as unknown as CompletedWorkload;

async function start(port: MessagePort, paths: AnalysisPaths): Promise<Held> {
  const started = performance.now();
  const analysis = await staticAnalysis(paths);
  const sources = await sourceTexts(analysis);
  const ms = performance.now() - started;
  port.postMessage({ type: "static", result: analysis.result, acks: analysis.acks, ms } satisfies AnalysisMessage);
  return { analysis, contracts: contractsByName(analysis.result), sources, workloads: new Map() };
}

function answer(port: MessagePort, held: Held, request: AnalysisRequest): void {
  const { contracts, sources } = held;
  const { acks, result } = held.analysis;
  const started = performance.now();
  if (request.type === "workload") {
    held.workloads.set(request.index, request.workload);
    const report = workloadReport(asCompleted(request.workload), contracts, acks, sources);
    const ms = performance.now() - started;
    port.postMessage({ type: "workload", index: request.index, report, ms } satisfies AnalysisMessage);
    return;
  }
  const profile = request.profile;
  const testProfile =
    profile === undefined ? undefined : workloadReport(asCompleted(profile), contracts, acks, sources);
  const profiled = performance.now();
  const executed = [...[...held.workloads].sort(([a], [b]) => a - b).map(([, w]) => w)];
  if (profile !== undefined) executed.push(profile);
  const precision = result === undefined ? undefined : precisionOf(result, executed);
  const phases = { "test profile": profiled - started, "precision check": performance.now() - profiled };
  port.postMessage({ type: "finished", testProfile, precision, phases } satisfies AnalysisMessage);
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

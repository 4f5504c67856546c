/**
 * One workload of the record stage, on whichever thread runs it: the parallel runtimes it is measured with,
 * and the run itself with the record stage's errors (a failing setup, a stream whose every transaction
 * reverts). Used by the in-process loop (record-workloads.ts) and by workload threads (workload-thread.ts).
 */
import { createParallelNetwork, ParallelRuntime } from "../../runtime/network/parallel-network.js";
import { ReportError } from "../errors.js";
import { PART_SEPARATOR, type PhaseTimer } from "../phase-timer.js";
import type { LoadedWorkload } from "../workloads/workload-loader.js";

import type { MeasureOptions } from "./measure-block.js";
import type { MeasureGate, MeasureLock } from "./measure-lock.js";
import type { RecordHost, RecordSettings } from "./record-workloads.js";
import { runWorkload, type WorkloadRun } from "./workload-runner.js";

/** The settings a workload run needs. */
export type JobSettings = Pick<RecordSettings, "hardfork" | "strategy" | "workers" | "shards">;

/** The runtimes the measured re-runs use, shared by the workloads of one thread; none for `sequential`. */
export interface MeasureRuntimes {
  readonly measure: MeasureOptions | undefined;
  close(): Promise<void>;
}

/**
 * The configured strategy's runtime and the sharded executor with the access-graph partition beside it (its
 * workers started once; its partitioner learns each workload's access graph from scratch). Their worker
 * threads start at once, on an empty chain of the workloads' hardfork ({@link warmUp}), while the first
 * workload sets up on this thread: its measured re-runs then find them booted.
 */
export function measureRuntimes(settings: JobSettings): MeasureRuntimes {
  if (settings.strategy === "sequential") return { measure: undefined, close: async () => {} };
  const { strategy, workers, shards } = settings;
  const runtime = new ParallelRuntime({ strategy, workers, shards, log: () => {} });
  const sharded = new ParallelRuntime({ strategy: "sharded", partitioner: "graph", workers, shards, log: () => {} });
  const ready = warmUp([runtime, sharded], settings.hardfork);
  return {
    measure: { workers, runtime, sharded: { runtime: sharded, shards }, ready },
    close: async () => {
      await ready;
      await runtime.close();
      await sharded.close();
    },
  };
}

/**
 * Starts the runtimes' worker threads and their EVM contexts for `hardfork` on a throwaway empty chain; never
 * rejects (a runtime that cannot start fails again, with its error, when a workload is measured).
 */
export async function warmUp(runtimes: readonly ParallelRuntime[], hardfork: string): Promise<void> {
  try {
    const network = await createParallelNetwork({
      chain: { hardfork, simulatedClock: true },
      runtime: { strategy: "sequential", workers: 1 },
      log: () => {},
    });
    try {
      await Promise.all(runtimes.map((r) => r.prepare(network.provider)));
    } finally {
      await network.close();
    }
  } catch {
    // Reported by the measured re-run that needs the runtime.
  }
}

/**
 * Makes `timer` leave out the time `lock`'s thread spends parked while another thread measures, and show it as
 * the part `run workloads › parked`.
 */
export function timeParked(lock: MeasureLock, timer: PhaseTimer): void {
  lock.onParked = (ms) => {
    timer.exclude(ms);
    timer.add(`run workloads${PART_SEPARATOR}parked`, ms);
  };
}

/** Runs one loaded workload; every failure is a catalogued {@link ReportError} naming it. */
export async function runJob(
  w: LoadedWorkload,
  settings: JobSettings,
  host: Pick<RecordHost, "artifacts" | "progress">,
  measure: MeasureOptions | undefined,
  options: { readonly timer: PhaseTimer; readonly gate?: MeasureGate },
): Promise<WorkloadRun> {
  const bar = host.progress?.(w.definition.name);
  measure?.sharded?.runtime.resetPartition();
  try {
    const run = await runWorkload(w.definition, w.params, {
      hardfork: settings.hardfork,
      artifacts: host.artifacts(w.definition.name),
      progress: bar?.update,
      measure,
      timer: options.timer,
      gate: options.gate,
    });
    if (run.transactions > 0 && run.reverted === run.transactions) {
      throw new ReportError("WORKLOAD_FAILED", {
        name: w.definition.name,
        phase: "the transaction stream",
        problem: `all ${run.transactions} transactions reverted (${[...run.revertReasons.keys()].slice(0, 3).join("; ")})`,
        hint: "Fix the workload's options or setup so that its transactions can succeed.",
      });
    }
    return run;
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError("WORKLOAD_FAILED", {
      name: w.definition.name,
      phase: "setup or execution",
      problem: (error as Error).message,
      hint:
        w.file === undefined
          ? "Check the workload's options (contract names, arguments) and the contracts' requirements."
          : `Fix ${w.file} (the contracts, functions and arguments it names) to match the contracts, or delete it.`,
    });
  } finally {
    bar?.done();
  }
}

/**
 * The main thread's part of a lane block once the worker lanes run (lane-engine.ts dispatches them): its own
 * lane — in place at its commit points when it is the block's prefix (isBlockPrefix), else one speculative
 * run —, then the unstarted tails of late worker lanes taken back in pieces (tail-steal.ts) with what the
 * worker lanes streamed back committed between them (lane-stream.ts), then the rest of the in-order commit.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecutionInput } from "../../exec/block-execution.js";
import type { TxIndex } from "../../vocabulary.js";

import { startPhase, type StatsRecorder } from "../execution-stats.js";
import { isBlockPrefix, type InOrderCommit } from "../block-stm/in-order-commit.js";
import type { SpeculativeResults } from "../block-stm/speculative-results.js";
import { runnableAfter } from "../block-stm/sender-chains.js";
import type { LaneStream } from "./lane-stream.js";
import { runLane, type LaneContext } from "./speculative-lane.js";
import { type LaneControl, STEAL_PIECE, stealTails, takeBackUnstarted } from "./tail-steal.js";
import type { LanePlan } from "./worker-lanes.js";

/** One block's state on the main thread once its worker lanes run. */
export interface MainThreadBlock {
  readonly results: SpeculativeResults;
  readonly controls: readonly LaneControl[];
  readonly streams: ReadonlyArray<() => LaneStream | undefined>;
  readonly commit: InOrderCommit;
}

/** The block and the engine's switches for the main thread's part. */
export interface MainThreadSetup {
  readonly lane: LaneContext;
  readonly input: BlockExecutionInput;
  readonly plan: LanePlan;
  readonly stats: StatsRecorder;
  /** False runs a main lane that is the block's prefix speculatively too (LaneEngine.exactPrefix). */
  readonly exactPrefix: boolean;
  /** False keeps every worker lane whole (LaneEngine.stealing). */
  readonly stealing: boolean;
  /** Told each phase boundary (LaneEngine.timeline). */
  readonly timeline?: (label: string) => void;
}

/** The main lane's timing for the balance (lane-balance.ts). */
export interface MainLaneTiming {
  readonly txs: number;
  readonly ms: number;
  readonly startMs: number;
  readonly end: number;
}

/** Runs the main thread's part of the block: its lane, stolen tails, then the rest of the in-order commit. */
export async function runMainThread(setup: MainThreadSetup, block: MainThreadBlock): Promise<MainLaneTiming> {
  const { input, plan, stats, timeline } = setup;
  const { results, commit } = block;
  const startMs = performance.now();
  const endLane = startPhase(stats.timings, "speculativeMs", "laneCpuMs");
  stats.laneSizes = plan.lanes.map((l) => l.length);
  const mainLane = plan.lanes[0] ?? [];
  if (setup.exactPrefix && isBlockPrefix(mainLane)) await commit.through(mainLane.length);
  else await runOnMain(setup.lane, input, mainLane, results);
  const ms = endLane();
  timeline?.("main lane");
  if (plan.steal === true && setup.stealing && mainLane.length > 0) await stealBack(setup, block, ms / mainLane.length);
  const end = performance.timeOrigin + performance.now();
  timeline?.("stolen");
  const endCommit = startPhase(stats.timings, "commitMs", "commitCpuMs");
  await commit.through(input.transactions.length);
  endCommit();
  timeline?.("committed");
  return { txs: mainLane.length, ms, startMs, end };
}

/** Runs `txs` (block positions) as one run on the main thread over the committed state. */
async function runOnMain(
  lane: LaneContext,
  input: BlockExecutionInput,
  txs: readonly TxIndex[],
  results: SpeculativeResults,
): Promise<void> {
  const block = txs.map((j) => input.transactions[j] as TypedTransaction);
  const outcomes = await runLane(lane, input.state, block, input.envBlock, input.lazyCoinbase);
  results.acceptRun(results.newRun(), txs, outcomes);
}

/**
 * Runs the unstarted tails of late worker lanes on the main thread (tail-steal.ts) — in pieces, committing
 * between them what the worker lanes have streamed back so far (lane-stream.ts), so that little of the
 * commit is left once the worker has finished; a worker lane not started by then goes to the commit points
 * whole (takeBackUnstarted). A piece leaves out what would miss its sender's previous transaction
 * (`plan.previousOfSender`: block-stm/sender-chains.ts).
 */
async function stealBack(setup: MainThreadSetup, block: MainThreadBlock, mainMsPerTx: number): Promise<void> {
  const { lane, input, plan, stats } = setup;
  const { results, controls, streams, commit } = block;
  const previous = plan.previousOfSender;
  // A lane in groups is stolen in whole groups, which a piece may not hold: one steal, as before.
  const most = plan.groupStarts === undefined ? STEAL_PIECE : undefined;
  const endSteal = startPhase(stats.timings, "stealMs", "stealCpuMs");
  const whole = takeBackUnstarted(controls);
  results.abandon(whole);
  const between = async (): Promise<void> => {
    for (const stream of streams) stream()?.drain();
    await commit.throughReady(input.transactions.length);
  };
  const run = async (stolen: readonly TxIndex[]): Promise<void> => {
    const runnable = previous === undefined ? stolen : runnableAfter(stolen, previous, commit.decided);
    if (runnable.length < stolen.length) {
      const kept = new Set(runnable);
      results.abandon(stolen.filter((j) => !kept.has(j)));
    }
    await runOnMain(lane, input, runnable, results);
  };
  stats.stolen = whole.length + (await stealTails(controls, mainMsPerTx, run, { most, between }));
  endSteal();
}

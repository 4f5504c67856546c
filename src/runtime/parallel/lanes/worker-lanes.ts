/**
 * Dispatching a block's worker lanes (the lane engine's other threads): each lane a pool task over the worker's
 * replica — the task carries the replica's sync batches (state-sync.ts), the lane's transactions
 * (wire-tx.ts) and its shared counters (tail-steal.ts) — whose outcomes stream back in chunks
 * (lane-stream.ts) and end with the worker's answer. A worker that answers `stale` gets the same task again
 * with a replica snapshot; a lane whose task faults has no results for what it had not streamed (those
 * transactions run at their commit points) and the fault is recorded.
 */
import { MessageChannel } from "node:worker_threads";

import type { BlockExecutionInput } from "../../exec/block-execution.js";

import type { StatsRecorder } from "../execution-stats.js";
import type { SpeculativeResults } from "../block-stm/speculative-results.js";
import type { LanePool, LaneRun } from "./lane-pool.js";
import type { WorkerLaneTiming } from "./lane-balance.js";
import { laneTask, type FaultInjection, type LaneTask } from "./lane-task.js";
import { LaneStream, type LaneChunk } from "./lane-stream.js";
import { unpackOutcomes } from "./packed-outcomes.js";
import type { StateSync, SyncPayload } from "./state-sync.js";
import { LaneControl } from "./tail-steal.js";

/** How a block is cut: lane 0 runs on the main thread; transactions in no lane run only at their commit point. */
export interface LanePlan {
  readonly lanes: readonly (readonly number[])[];
  /** The main thread takes back worker-lane tails when it finishes first (tail-steal.ts). */
  readonly steal?: boolean;
  /** Per lane, the offsets where a group starts: steals take whole groups (undefined: any tail). */
  readonly groupStarts?: ReadonlyArray<readonly number[] | undefined>;
  /**
   * Per transaction its sender's previous one in the block (−1: none; block-stm/sender-chains.ts): a stolen
   * piece leaves out what could not run over the committed state. Undefined: pieces run whole.
   */
  readonly previousOfSender?: readonly number[];
}

/** The worker lanes of one block, dispatched. */
export interface DispatchedLanes {
  /** Per lane its timing once it answered (undefined: it faulted or there is no pool). */
  readonly runs: Array<Promise<WorkerLaneTiming | undefined>>;
  readonly controls: LaneControl[];
  /** Per lane the stream of its current attempt. */
  readonly streams: Array<() => LaneStream | undefined>;
}

/** What dispatching needs from the engine. */
export interface WorkerLaneSetup {
  readonly pool: LanePool | undefined;
  readonly sync: StateSync;
  readonly unlimitedContractSize: boolean;
  readonly timeoutMs: number | undefined;
  /** Test hook: the first lane dispatched misbehaves this way. */
  readonly fault: FaultInjection | undefined;
}

/** Dispatches every lane of `plan` but the first (the main thread's) to the pool. */
export function dispatchWorkerLanes(
  setup: WorkerLaneSetup,
  input: BlockExecutionInput,
  plan: LanePlan,
  stats: StatsRecorder,
  results: SpeculativeResults,
): DispatchedLanes {
  const payload = dispatchPayload(setup, input);
  const lanes: DispatchedLanes = { runs: [], controls: [], streams: [] };
  let fault = setup.fault;
  plan.lanes.forEach((txs, k) => {
    if (k === 0 || txs.length === 0) return;
    const control = new LaneControl(txs, performance.now(), plan.groupStarts?.[k]);
    const attempt: { stream?: LaneStream } = {};
    const lane = { control, index: k, payload, fault, attempt };
    const done = runWorkerLane(setup, input, lane, stats, results);
    fault = undefined;
    results.awaiting(txs, done, () => attempt.stream);
    lanes.runs.push(done);
    lanes.controls.push(control);
    lanes.streams.push(() => attempt.stream);
  });
  return lanes;
}

function dispatchPayload(setup: WorkerLaneSetup, input: BlockExecutionInput): SyncPayload | undefined {
  if (setup.pool === undefined) return undefined;
  setup.sync.attach(input.state);
  return setup.sync.cut(setup.pool.threadIds());
}

interface WorkerLane {
  readonly control: LaneControl;
  readonly index: number;
  readonly payload: SyncPayload | undefined;
  readonly fault: FaultInjection | undefined;
  /** The stream of the current attempt (a stale worker's task is sent again with a snapshot). */
  readonly attempt: { stream?: LaneStream };
}

/** Runs one attempt of a lane's task with a fresh stream for its chunks (closing the previous attempt's). */
function streamedRun(
  pool: LanePool,
  lane: WorkerLane,
  task: LaneTask,
  timeoutMs: number,
  accept: (chunk: LaneChunk) => void,
): Promise<LaneRun> {
  lane.attempt.stream?.close();
  const channel = new MessageChannel();
  const stream = new LaneStream(channel.port1, accept);
  lane.attempt.stream = stream;
  return pool.run({ ...task, chunks: channel.port2, posted: stream.posted }, timeoutMs, [channel.port2]);
}

async function runWorkerLane(
  setup: WorkerLaneSetup,
  input: BlockExecutionInput,
  lane: WorkerLane,
  stats: StatsRecorder,
  results: SpeculativeResults,
): Promise<WorkerLaneTiming | undefined> {
  const { pool, sync } = setup;
  const { control, payload } = lane;
  if (pool === undefined || payload === undefined) return undefined;
  const dispatchedAt = performance.timeOrigin + performance.now();
  const txs = control.txs;
  const run = results.newRun();
  results.runOver(run, txs);
  const accept = (chunk: LaneChunk): void =>
    results.acceptWire(run, txs.slice(chunk.from, chunk.from + chunk.outcomes.length), unpackOutcomes(chunk));
  const task = laneTask(input, control, payload, setup.unlimitedContractSize, lane.fault);
  const timeout = setup.timeoutMs ?? 5000 + 20 * txs.length;
  const attempt = (sent: LaneTask): Promise<LaneRun> => streamedRun(pool, lane, sent, timeout, accept);
  let outcome = await attempt(task);
  const cold = outcome.kind === "reply" && outcome.reply.kind === "stale";
  if (cold) outcome = await attempt({ ...task, sync: sync.withSnapshot(payload) });
  const stream = lane.attempt.stream;
  if (outcome.kind === "fault" || outcome.reply.kind === "stale") {
    stream?.close();
    const fault = outcome.kind === "fault" ? outcome.fault : { kind: "error" as const, message: "replica out of sync" };
    stats.faults.push({ lane: lane.index, ...fault, transactions: txs.length });
    return undefined;
  }
  const reply = outcome.reply;
  sync.acknowledge(reply.threadId, reply.stateId, reply.version);
  stats.timings.workerCpuMs += reply.cpuMs;
  stats.timings.workerSyncCpuMs += reply.syncCpuMs;
  const answeredAt = performance.timeOrigin + performance.now();
  // Every chunk was posted before the answer: take them first, in lane order.
  stream?.drain();
  stream?.close();
  accept(reply);
  const { executeMs, startedAt, finishedAt } = reply;
  const answered = reply.from + reply.outcomes.length;
  return { txs: answered, cold, executeMs, dispatchedAt, startedAt, finishedAt, answeredAt };
}

/**
 * The pool worker: one EVM (a lane context) and one replica of the committed state per thread, both kept
 * across tasks. A task first brings the replica to the task's version (batches, or a snapshot when the
 * worker is new or behind — otherwise it answers `stale` at once), then runs its lane speculatively.
 * Loaded by piscina as a module whose default export handles one task.
 */
import { threadId } from "node:worker_threads";

import { createEnvironmentBlock } from "../../chain/block-assembly.js";

import { threadCpuMs } from "../execution-stats.js";
import { toWireOutcome, type FaultInjection, type LaneReply, type LaneTask } from "./lane-task.js";
import { ReplicaState } from "./replica-state.js";
import { createLaneContext, LaneOverlay, runSpeculative, type LaneContext } from "./speculative-lane.js";
import type { SyncPayload } from "./state-sync.js";
import { WireTxReader } from "./wire-tx.js";
import { ChunkPoster } from "./lane-stream.js";

const replica = { stateId: -1, version: -1, state: new ReplicaState() };
const lanes = new Map<string, LaneContext>();

/** Brings the replica to the payload's version; false when it cannot (the worker needs a snapshot). */
function synchronise(sync: SyncPayload): boolean {
  if (sync.snapshot !== undefined) {
    replica.state.clear();
    replica.state.apply(sync.snapshot.writes, sync.snapshot.codes);
    replica.stateId = sync.stateId;
    replica.version = sync.snapshot.version;
  }
  if (replica.stateId !== sync.stateId) return false;
  for (const batch of sync.batches) {
    if (batch.version <= replica.version) continue;
    if (batch.version !== replica.version + 1) return false;
    replica.state.apply(batch.writes, batch.codes);
    replica.version = batch.version;
  }
  return replica.version === sync.version;
}

async function laneFor(chainId: bigint, hardfork: string, unlimited: boolean): Promise<LaneContext> {
  const key = `${chainId}:${hardfork}:${unlimited}`;
  let lane = lanes.get(key);
  if (lane === undefined) {
    lane = await createLaneContext(chainId, hardfork, unlimited);
    lanes.set(key, lane);
  }
  return lane;
}

function injectFault(fault: FaultInjection): void {
  if (fault.kind === "throw") throw new Error("injected worker fault");
  if (fault.kind === "exit") process.exit(17);
  for (;;) {
    // hang: a busy loop only terminating the thread ends
  }
}

/** Runs one lane task. */
export default async function runLaneTask(task: LaneTask): Promise<LaneReply> {
  const startedAt = performance.timeOrigin + performance.now();
  const cpu = threadCpuMs();
  if (!synchronise(task.sync)) return { kind: "stale", threadId };
  const syncCpuMs = threadCpuMs() - cpu;
  const started = performance.now();
  const lane = await laneFor(task.chainId, task.hardfork, task.unlimitedContractSize);
  const envBlock = createEnvironmentBlock(lane.evm.txCommon, task.env);
  const overlay = new LaneOverlay(replica.state);
  const chunks = new ChunkPoster(task.chunks, task.posted);
  let executed = 0;
  // Progress for the pool's watchdog (lane-pool.ts): alive and working, however slowly.
  if (task.progress !== undefined) Atomics.add(task.progress, 0, 1);
  const wire = new WireTxReader(lane.evm.txCommon, task.txs, task.unlimitedContractSize);
  for (let i = 0; i < wire.count; i++) {
    // The main thread may have taken back the rest of the lane (tail-steal.ts).
    if (task.limit !== undefined && executed >= Atomics.load(task.limit, 0)) break;
    if (task.fault !== undefined && executed === task.fault.afterTxs) injectFault(task.fault);
    const tx = wire.read(i);
    chunks.add(toWireOutcome(await runSpeculative(lane, overlay, tx, envBlock, task.lazyCoinbase)));
    executed++;
    if (task.progress !== undefined) Atomics.add(task.progress, 0, 1);
  }
  const finished = performance.now();
  const executeMs = finished - started;
  const finishedAt = performance.timeOrigin + finished;
  const { stateId, version } = replica;
  const cpuMs = threadCpuMs() - cpu;
  const { from, outcomes, bytes } = chunks.rest();
  return {
    kind: "done",
    threadId,
    stateId,
    version,
    outcomes,
    bytes,
    from,
    executeMs,
    cpuMs,
    syncCpuMs,
    startedAt,
    finishedAt,
  };
}

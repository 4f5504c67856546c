/**
 * Runs one block as lanes: lane 0 on the main thread, the others on pool workers over their replicas, all
 * speculative (incarnation 0), their writes recorded in the multi-version memory as they arrive; then the
 * in-order commit validates or re-executes each transaction. Shared by the Block-STM and sharded executors,
 * which differ only in how they cut a block into lanes.
 *
 * Faults: a lane whose task throws, whose thread dies or that misses its deadline simply has no results —
 * its transactions run at their commit points, so nothing is lost, skipped or doubled — and the event is
 * recorded. piscina replaces the dead thread; the new one gets a replica snapshot on its first task.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import { createEvmContext, type EvmContext } from "../evm/evm-context.js";
import type { BlockExecutionInput } from "../exec/block-execution.js";
import type { TxIndex } from "../vocabulary.js";

import type { StatsRecorder } from "./execution-stats.js";
import { commitInOrder, type CommitResult } from "./in-order-commit.js";
import { LanePool, type LaneRun } from "./lane-pool.js";
import { environmentOf, fromWireOutcome, toWireTx, type FaultInjection, type LaneTask } from "./lane-task.js";
import { MultiVersionMemory } from "./multi-version-memory.js";
import { createLaneContext, runLane, type LaneContext, type SpeculativeOutcome } from "./speculative-lane.js";
import { StateSync, type SyncPayload } from "./state-sync.js";

/** How a block is cut: lane 0 runs on the main thread; transactions in no lane run only at their commit point. */
export interface LanePlan {
  readonly lanes: readonly (readonly TxIndex[])[];
}

/** Settings of the engine. */
export interface LaneEngineOptions {
  /** Execution threads, the main thread included (pool size = workers - 1). */
  readonly workers: number;
  /** Deadline of a lane task; default 5 s + 20 ms per transaction. */
  readonly timeoutMs?: number;
  /** Block hashes for BLOCKHASH in final incarnations. */
  readonly blockHash?: (n: bigint) => Uint8Array | undefined;
  /** Receives console.log calldata of final incarnations, in block order. */
  readonly onConsoleCall?: (data: Uint8Array) => void;
}

interface Contexts {
  readonly lane: LaneContext;
  readonly final: EvmContext;
}

/** Lane execution over a worker pool. */
export class LaneEngine {
  readonly #options: LaneEngineOptions;
  readonly #sync = new StateSync();
  readonly #contexts = new Map<string, Promise<Contexts>>();
  #pool: LanePool | undefined;
  /** Test hook: the next worker lane dispatched misbehaves this way. */
  nextFault: FaultInjection | undefined;

  constructor(options: LaneEngineOptions) {
    this.#options = options;
  }

  /** Execution threads, main included. */
  get lanes(): number {
    return Math.max(1, this.#options.workers);
  }

  /** The worker pool (created on first use); undefined with a single thread. */
  get pool(): LanePool | undefined {
    if (this.#pool === undefined && this.lanes > 1) this.#pool = new LanePool(this.lanes - 1);
    return this.#pool;
  }

  /** The main thread's EVMs for a chain. */
  contexts(chainId: bigint, hardfork: string): Promise<Contexts> {
    const key = `${chainId}:${hardfork}`;
    let contexts = this.#contexts.get(key);
    if (contexts === undefined) {
      contexts = this.#createContexts(chainId, hardfork);
      this.#contexts.set(key, contexts);
    }
    return contexts;
  }

  /** Executes `input` as `plan`, validating and committing in order. */
  async run(input: BlockExecutionInput, plan: LanePlan, stats: StatsRecorder): Promise<CommitResult> {
    const common = input.envBlock.common;
    const { lane, final } = await this.contexts(common.chainId(), common.hardfork());
    const memory = new MultiVersionMemory(input.state);
    const outcomes = new Array<SpeculativeOutcome | undefined>(input.transactions.length);
    const accept = (j: TxIndex, outcome: SpeculativeOutcome): void => {
      outcomes[j] = outcome;
      stats.speculated(j);
      if (outcome.kind === "executed") memory.record(j, 0, outcome.result.access);
    };
    const laneOf = new Map<TxIndex, Promise<void>>();
    const payload = this.#dispatchPayload(input);
    plan.lanes.forEach((txs, k) => {
      if (k === 0 || txs.length === 0) return;
      const done = this.#runWorkerLane(input, txs, k, payload, stats, accept);
      for (const j of txs) laneOf.set(j, done);
    });
    const started = performance.now();
    const mainTxs = (plan.lanes[0] ?? []).map((j) => input.transactions[j] as TypedTransaction);
    const mainOutcomes = await runLane(lane, input.state, mainTxs, input.envBlock, input.lazyCoinbase);
    mainOutcomes.forEach((o, i) => accept(plan.lanes[0]?.[i] ?? -1, o));
    stats.timings.speculativeMs = performance.now() - started;
    const speculative = (j: TxIndex) => outcomes[j] ?? laneOf.get(j)?.then(() => outcomes[j]);
    const commitStarted = performance.now();
    const result = await commitInOrder({ block: input, memory, final, speculative, stats });
    stats.timings.commitMs = performance.now() - commitStarted;
    return result;
  }

  /** Stops the pool and the state subscription. */
  async close(): Promise<void> {
    this.#sync.detach();
    await this.#pool?.close();
    this.#pool = undefined;
  }

  async #createContexts(chainId: bigint, hardfork: string): Promise<Contexts> {
    const lane = await createLaneContext(chainId, hardfork);
    const final = await createEvmContext({
      chainId,
      hardfork,
      blockHash: this.#options.blockHash ?? (() => undefined),
      onConsoleCall: this.#options.onConsoleCall,
    });
    return { lane, final };
  }

  #dispatchPayload(input: BlockExecutionInput): SyncPayload | undefined {
    const pool = this.pool;
    if (pool === undefined) return undefined;
    this.#sync.attach(input.state);
    return this.#sync.cut(pool.threadIds());
  }

  async #runWorkerLane(
    input: BlockExecutionInput,
    txs: readonly TxIndex[],
    lane: number,
    payload: SyncPayload | undefined,
    stats: StatsRecorder,
    accept: (j: TxIndex, outcome: SpeculativeOutcome) => void,
  ): Promise<void> {
    const pool = this.pool;
    if (pool === undefined || payload === undefined) return;
    const common = input.envBlock.common;
    const task: LaneTask = {
      chainId: common.chainId(),
      hardfork: common.hardfork(),
      sync: payload,
      env: environmentOf(input.envBlock),
      txs: txs.map((j) => toWireTx(input.transactions[j] as TypedTransaction)),
      lazyCoinbase: input.lazyCoinbase,
      fault: this.nextFault,
    };
    this.nextFault = undefined;
    const timeout = this.#options.timeoutMs ?? 5000 + 20 * txs.length;
    let run: LaneRun = await pool.run(task, timeout);
    if (run.kind === "reply" && run.reply.kind === "stale") {
      run = await pool.run({ ...task, sync: this.#sync.withSnapshot(payload) }, timeout);
    }
    if (run.kind === "fault" || run.reply.kind === "stale") {
      const fault = run.kind === "fault" ? run.fault : { kind: "error" as const, message: "replica out of sync" };
      stats.faults.push({ lane, ...fault, transactions: txs.length });
      return;
    }
    const reply = run.reply;
    this.#sync.acknowledge(reply.threadId, reply.stateId, reply.version);
    const baseFee = input.envBlock.header.baseFeePerGas ?? 0n;
    reply.outcomes.forEach((wire, i) => {
      const j = txs[i] ?? -1;
      accept(j, fromWireOutcome(wire, input.transactions[j] as TypedTransaction, baseFee));
    });
  }
}

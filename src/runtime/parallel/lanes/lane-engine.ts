/**
 * Runs one block as lanes — lane 0 on the main thread, the others on pool workers over their replicas, each a
 * speculative *run* — then the in-order commit validates (by run where that is certain, else by value) or
 * re-executes each transaction. Shared by the Block-STM and sharded executors (they differ in how they cut a
 * block). A lane 0 that is the block's prefix in order (Block-STM's first segment) is no speculative run: the
 * in-order commit decides it first, in place, as the sequential executor would (isBlockPrefix). It measures
 * lane speeds for the adaptive split (lane-balance.ts), keeps its workers warm across blocks, and lets a main
 * thread that ends first take back a late worker lane's tail (tail-steal.ts; the main thread's part: main-thread.ts) — in pieces, committing between
 * them what the worker lanes have streamed back (lane-stream.ts), so that after the worker ends only its last
 * chunk, the stolen transactions and the state root are left (the commit after the lanes measured 12.7 ms of
 * main-thread CPU before, 3.6 ms after: bench/executor-timeline.ts, 2026-12-07, load 6–10).
 *
 * Where a block's time goes on 2 threads: the README's "Where the executor's time goes".
 *
 * Faults: a lane whose task throws, whose thread dies or that misses its deadline simply has no more results —
 * its transactions it had not streamed back run at their commit points, so nothing is lost, skipped or doubled — and the event is
 * recorded. piscina replaces the dead thread; the new one gets a replica snapshot on its first task.
 */
import { createEvmContext, type EvmContext } from "../../evm/evm-context.js";
import type { BlockExecutionInput } from "../../exec/block-execution.js";
import type { FlatState } from "../../state/flat-state.js";

import { startPhase, type StatsRecorder } from "../execution-stats.js";
import { InOrderCommit, type CommitResult } from "../block-stm/in-order-commit.js";
import { LanePool } from "./lane-pool.js";
import { LaneBalance, type WorkerLaneTiming } from "./lane-balance.js";
import { WARM_UP_ENV, type FaultInjection, type LaneTask } from "./lane-task.js";
import { dispatchWorkerLanes, type LanePlan, type WorkerLaneSetup } from "./worker-lanes.js";
import { createLaneContext, type LaneContext } from "./speculative-lane.js";
import { runMainThread } from "./main-thread.js";
import { SpeculativeResults } from "../block-stm/speculative-results.js";
import { StateSync } from "./state-sync.js";
import { toWireTxs } from "./wire-tx.js";

export type { LanePlan } from "./worker-lanes.js";

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
  /** No contract and initcode size limits (the project's `allowUnlimitedContractSize`). */
  readonly unlimitedContractSize?: boolean;
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
  readonly #balance = new LaneBalance();
  #pool: LanePool | undefined;
  /** Test hook: the next worker lane dispatched misbehaves this way. */
  nextFault: FaultInjection | undefined;
  /** Test hook: a fixed main-lane share (0–1) instead of the adaptive one, to fuzz chosen splits. */
  fixedMainShare: number | undefined;
  /** Test hook: false keeps every worker lane whole (the fault tests need the worker to reach its fault). */
  stealing = true;
  /** Bench hook: false runs a main lane that is the block's prefix speculatively too (the A/B of isBlockPrefix). */
  exactPrefix = true;
  /** Bench hook (bench/executor-timeline.ts): told each main-thread phase boundary and each worker lane's timing. */
  timeline: ((label: string, worker?: WorkerLaneTiming) => void) | undefined;

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

  /**
   * Executes `input` as `plan`, validating and committing in order. `gate` (the conflict probe), when given,
   * runs right after the worker lanes are dispatched, overlapping them; when it says no, the worker lanes are
   * stopped (limits to zero, late answers dropped) and the result is undefined: the caller runs the block.
   */
  async run(
    input: BlockExecutionInput,
    plan: LanePlan,
    stats: StatsRecorder,
    gate?: () => Promise<boolean>,
  ): Promise<CommitResult | undefined> {
    const common = input.envBlock.common;
    const { lane, final } = await this.contexts(common.chainId(), common.hardfork());
    const results = new SpeculativeResults(input, stats);
    const dispatched = performance.now();
    this.timeline?.("start");
    const endDispatch = startPhase(stats.timings, "dispatchMs", "dispatchCpuMs");
    const { runs: workers, controls, streams } = dispatchWorkerLanes(this.#workerSetup(), input, plan, stats, results);
    this.nextFault = undefined;
    endDispatch();
    this.timeline?.("dispatched");
    if (gate !== undefined && !(await gate())) {
      for (const control of controls) control.steal(control.txs.length);
      return undefined;
    }
    if (gate !== undefined) this.timeline?.("probed");
    const commit = new InOrderCommit({
      block: input,
      final,
      speculative: (j) => results.speculative(j),
      ready: (j) => results.ready(j),
      runOf: (j) => results.runOf(j),
      writers: results.writers,
      stats,
    });
    const { exactPrefix, stealing, timeline } = this;
    const setup = { lane, input, plan, stats, exactPrefix, stealing, timeline };
    const main = await runMainThread(setup, { results, controls, streams, commit });
    const timings = await Promise.all(workers);
    for (const t of timings) if (t !== undefined) this.timeline?.("worker", t);
    this.#balance.recordBlock({ ...main, startMs: main.startMs - dispatched }, timings);
    return commit.result();
  }

  /**
   * Main-lane share of an `n`-transaction block in contiguous segments (adaptive: lane-balance.ts), never above
   * the `fallbackWeight` share: a main lane that ends first steals the worker's tail, one given too much leaves
   * the worker idle (one slow worker block once gave the next blocks' main lane 75 %).
   */
  mainShare(n: number, fallbackWeight: number): number {
    if (this.fixedMainShare !== undefined) return Math.round(n * this.fixedMainShare);
    const balanced = this.#balance.mainShare(n, this.lanes - 1, fallbackWeight);
    return Math.min(balanced, Math.round((n * fallbackWeight) / (fallbackWeight + this.lanes - 1)));
  }

  /**
   * Gets everything ready before the first block over `state`: the main thread's EVMs, every worker thread
   * started with its EVM and a replica of `state` (a cold pool made the report's first measured block several
   * times slower than sequential). Idempotent; later blocks ship only their batches.
   */
  async prepare(state: FlatState, chainId: bigint, hardfork: string): Promise<void> {
    await this.contexts(chainId, hardfork);
    const pool = this.pool;
    if (pool === undefined) return;
    this.#sync.attach(state);
    const sync = this.#sync.withSnapshot(this.#sync.cut(pool.threadIds()));
    const task: LaneTask = {
      chainId,
      hardfork,
      unlimitedContractSize: this.#options.unlimitedContractSize === true,
      sync,
      env: WARM_UP_ENV,
      txs: toWireTxs([]),
      lazyCoinbase: undefined,
      fault: undefined,
    };
    const timeout = this.#options.timeoutMs ?? 60_000;
    const runs = await Promise.all(Array.from({ length: pool.size }, () => pool.run(task, timeout)));
    for (const run of runs) {
      if (run.kind === "reply" && run.reply.kind === "done")
        this.#sync.acknowledge(run.reply.threadId, run.reply.stateId, run.reply.version);
    }
  }

  /** Stops the pool and stops following the state. */
  async close(): Promise<void> {
    this.#sync.detach();
    await this.#pool?.close();
    this.#pool = undefined;
  }

  #workerSetup(): WorkerLaneSetup {
    const options = this.#options;
    const unlimitedContractSize = options.unlimitedContractSize === true;
    return {
      pool: this.pool,
      sync: this.#sync,
      unlimitedContractSize,
      timeoutMs: options.timeoutMs,
      fault: this.nextFault,
    };
  }

  async #createContexts(chainId: bigint, hardfork: string): Promise<Contexts> {
    const unlimitedContractSize = this.#options.unlimitedContractSize === true;
    const lane = await createLaneContext(chainId, hardfork, unlimitedContractSize);
    const final = await createEvmContext({
      chainId,
      hardfork,
      unlimitedContractSize,
      blockHash: this.#options.blockHash ?? (() => undefined),
      onConsoleCall: this.#options.onConsoleCall,
    });
    return { lane, final };
  }
}

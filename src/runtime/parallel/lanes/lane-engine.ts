/**
 * Runs one block as lanes: lane 0 on the main thread, the others on pool workers over their replicas, all
 * speculative (incarnation 0), each lane one *run* whose outcomes are recorded as they arrive; then the
 * in-order commit validates (by run where it is certain, else by value) or re-executes each transaction. Shared by the Block-STM and sharded executors,
 * which differ only in how they cut a block into lanes. The engine also measures each block's lane speeds
 * (lane-balance.ts) for the Block-STM executor's adaptive split, and keeps its workers (their EVMs, jump
 * analysis caches and JIT-compiled code) alive across blocks. A main thread that ends its lane first takes
 * back the unstarted tail of a late worker lane and runs it itself (tail-steal.ts).
 *
 * Where a 1,000-ERC20-transfer block goes on 2 threads: the ceiling is the main thread's CPU time. Measured by
 * thread CPU time (2026-12-06, load 3–15): sequential ≈ 275–295 ms; Block-STM's main thread ≈ 215–250 ms — its
 * lane ≈ 0.29 ms/tx like sequential, plus ≈ 45 ms of probe, dispatch (serializing the worker's transactions),
 * the reply (≈ 1.1 MB of structured clone), validation, applying the write sets and the state root; the
 * worker ≈ 0.35 ms/tx (decoding each transaction ≈ 25 µs, serializing its reply, the replica batch). Balanced
 * by stealing, that bounds the speedup near 1.5×: the rest of the gap to 2× is work only the main thread can
 * do (the state's commitment and root) or that the two threads each pay.
 *
 * Faults: a lane whose task throws, whose thread dies or that misses its deadline simply has no results —
 * its transactions run at their commit points, so nothing is lost, skipped or doubled — and the event is
 * recorded. piscina replaces the dead thread; the new one gets a replica snapshot on its first task.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import { createEvmContext, type EvmContext } from "../../evm/evm-context.js";
import type { BlockExecutionInput } from "../../exec/block-execution.js";
import type { FlatState } from "../../state/flat-state.js";
import type { TxIndex } from "../../vocabulary.js";

import { threadCpuMs, type StatsRecorder } from "../execution-stats.js";
import { commitInOrder, type CommitResult } from "../block-stm/in-order-commit.js";
import { LanePool, type LaneRun } from "./lane-pool.js";
import { LaneBalance, type WorkerLaneTiming } from "./lane-balance.js";
import { laneTask, WARM_UP_ENV, type FaultInjection, type LaneTask } from "./lane-task.js";
import { createLaneContext, runLane, type LaneContext } from "./speculative-lane.js";
import { SpeculativeResults } from "../block-stm/speculative-results.js";
import { StateSync, type SyncPayload } from "./state-sync.js";
import { LaneControl, stealTails } from "./tail-steal.js";

/** How a block is cut: lane 0 runs on the main thread; transactions in no lane run only at their commit point. */
export interface LanePlan {
  readonly lanes: readonly (readonly TxIndex[])[];
  /** The main thread takes back worker-lane tails when it finishes first (tail-steal.ts). */
  readonly steal?: boolean;
  /** Per lane, the offsets where a group starts: steals take whole groups (undefined: any tail). */
  readonly groupStarts?: ReadonlyArray<readonly number[] | undefined>;
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
   * Executes `input` as `plan`, validating and committing in order. `gate`, when given, runs on the main thread
   * right after the worker lanes are dispatched (the conflict probe: its time then overlaps the workers'
   * lanes instead of delaying them); when it says no, the worker lanes are told to stop (their limits drop to
   * zero; whatever they still answer is dropped) and the result is undefined: the caller runs the block its
   * own way.
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
    const dispatchedCpu = threadCpuMs();
    const { runs: workers, controls } = this.#dispatchWorkers(input, plan, stats, results);
    stats.timings.dispatchMs = performance.now() - dispatched;
    stats.timings.dispatchCpuMs = threadCpuMs() - dispatchedCpu;
    if (gate !== undefined && !(await gate())) {
      for (const control of controls) control.steal(control.txs.length);
      return undefined;
    }
    const started = performance.now();
    const startedCpu = threadCpuMs();
    stats.laneSizes = plan.lanes.map((l) => l.length);
    const mainLane = plan.lanes[0] ?? [];
    const mainTxs = mainLane.map((j) => input.transactions[j] as TypedTransaction);
    const mainOutcomes = await runLane(lane, input.state, mainTxs, input.envBlock, input.lazyCoinbase);
    results.acceptRun(results.newRun(), mainLane, mainOutcomes);
    stats.timings.speculativeMs = performance.now() - started;
    stats.timings.laneCpuMs = threadCpuMs() - startedCpu;
    if (plan.steal === true && this.stealing && mainLane.length > 0)
      await this.#stealBack(lane, input, controls, results, stats, stats.timings.speculativeMs / mainLane.length);
    const mainEnd = performance.timeOrigin + performance.now();
    const commitStarted = performance.now();
    const commitCpu = threadCpuMs();
    const result = await commitInOrder({
      block: input,
      final,
      speculative: (j) => results.speculative(j),
      runOf: (j) => results.runOf(j),
      writers: results.writers,
      stats,
    });
    stats.timings.commitMs = performance.now() - commitStarted;
    stats.timings.commitCpuMs = threadCpuMs() - commitCpu;
    const mainStartMs = started - dispatched;
    this.#balance.recordBlock(
      { txs: mainLane.length, ms: stats.timings.speculativeMs, startMs: mainStartMs, end: mainEnd },
      await Promise.all(workers),
    );
    return result;
  }

  /** Runs the unstarted tails of late worker lanes on the main thread (tail-steal.ts). */
  async #stealBack(
    lane: LaneContext,
    input: BlockExecutionInput,
    controls: readonly LaneControl[],
    results: SpeculativeResults,
    stats: StatsRecorder,
    mainMsPerTx: number,
  ): Promise<void> {
    const started = performance.now();
    const startedCpu = threadCpuMs();
    stats.stolen = await stealTails(controls, mainMsPerTx, async (stolen) => {
      const txs = stolen.map((j) => input.transactions[j] as TypedTransaction);
      const outcomes = await runLane(lane, input.state, txs, input.envBlock, input.lazyCoinbase);
      results.acceptRun(results.newRun(), stolen, outcomes);
    });
    stats.timings.stealMs = performance.now() - started;
    stats.timings.stealCpuMs = threadCpuMs() - startedCpu;
  }

  /**
   * Main-lane share of an `n`-transaction block cut into contiguous segments (adaptive, see lane-balance.ts),
   * never above the `fallbackWeight` share: a main lane that ends first takes back the worker lane's tail
   * (tail-steal.ts), while one given too much leaves the worker idle — one slow worker block measured the
   * worker ≈ 4× slower and gave the next blocks' main lane 75 %, with the worker idle for most of them.
   */
  mainShare(n: number, fallbackWeight: number): number {
    if (this.fixedMainShare !== undefined) return Math.round(n * this.fixedMainShare);
    const balanced = this.#balance.mainShare(n, this.lanes - 1, fallbackWeight);
    return Math.min(balanced, Math.round((n * fallbackWeight) / (fallbackWeight + this.lanes - 1)));
  }

  /**
   * Gets everything ready before the first block over `state`: the main thread's EVMs, and every worker
   * thread started, its modules loaded, its EVM created and its replica holding `state`. Without it the first
   * parallel block pays all of that inside its own time (a cold pool made the report's first measured block
   * several times slower than sequential). Idempotent; later blocks ship only their batches.
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
      txs: [],
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

  /** Stops the pool and the state subscription. */
  async close(): Promise<void> {
    this.#sync.detach();
    await this.#pool?.close();
    this.#pool = undefined;
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

  #dispatchWorkers(
    input: BlockExecutionInput,
    plan: LanePlan,
    stats: StatsRecorder,
    results: SpeculativeResults,
  ): { runs: Array<Promise<WorkerLaneTiming | undefined>>; controls: LaneControl[] } {
    const payload = this.#dispatchPayload(input);
    const runs: Array<Promise<WorkerLaneTiming | undefined>> = [];
    const controls: LaneControl[] = [];
    plan.lanes.forEach((txs, k) => {
      if (k === 0 || txs.length === 0) return;
      const control = new LaneControl(txs, performance.now(), plan.groupStarts?.[k]);
      const done = this.#runWorkerLane(input, control, k, payload, stats, results);
      results.awaiting(txs, done);
      runs.push(done);
      controls.push(control);
    });
    return { runs, controls };
  }

  #dispatchPayload(input: BlockExecutionInput): SyncPayload | undefined {
    const pool = this.pool;
    if (pool === undefined) return undefined;
    this.#sync.attach(input.state);
    return this.#sync.cut(pool.threadIds());
  }

  async #runWorkerLane(
    input: BlockExecutionInput,
    control: LaneControl,
    lane: number,
    payload: SyncPayload | undefined,
    stats: StatsRecorder,
    results: SpeculativeResults,
  ): Promise<WorkerLaneTiming | undefined> {
    const pool = this.pool;
    if (pool === undefined || payload === undefined) return undefined;
    const dispatchedAt = performance.timeOrigin + performance.now();
    const txs = control.txs;
    const task = laneTask(input, control, payload, this.#options.unlimitedContractSize === true, this.nextFault);
    this.nextFault = undefined;
    const timeout = this.#options.timeoutMs ?? 5000 + 20 * txs.length;
    let run: LaneRun = await pool.run(task, timeout);
    const cold = run.kind === "reply" && run.reply.kind === "stale";
    if (cold) run = await pool.run({ ...task, sync: this.#sync.withSnapshot(payload) }, timeout);
    if (run.kind === "fault" || run.reply.kind === "stale") {
      const fault = run.kind === "fault" ? run.fault : { kind: "error" as const, message: "replica out of sync" };
      stats.faults.push({ lane, ...fault, transactions: txs.length });
      return undefined;
    }
    const reply = run.reply;
    this.#sync.acknowledge(reply.threadId, reply.stateId, reply.version);
    stats.timings.workerCpuMs += reply.cpuMs;
    stats.timings.workerSyncCpuMs += reply.syncCpuMs;
    const answeredAt = performance.timeOrigin + performance.now();
    results.acceptWire(results.newRun(), txs, reply.outcomes);
    const { executeMs, startedAt, finishedAt } = reply;
    return { txs: reply.outcomes.length, cold, executeMs, dispatchedAt, startedAt, finishedAt, answeredAt };
  }
}

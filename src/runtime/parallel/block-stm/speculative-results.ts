/**
 * The speculative outcomes of one block as they arrive — the main lane's at once, each worker lane's when its
 * answer comes back, stolen tails when the main thread ran them — each tagged with its *run* (one speculative
 * pass: see run-writers.ts). The in-order commit asks for transaction j's outcome and waits for j's lane only
 * when it is still running; that wait is the block's `waitMs` (the main thread idle because the split gave the
 * worker lane too much).
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecutionInput } from "../../exec/block-execution.js";
import type { TxIndex } from "../../vocabulary.js";

import type { StatsRecorder } from "../execution-stats.js";
import { fromWireOutcome, type WireOutcome } from "../lanes/lane-task.js";
import type { LaneStream } from "../lanes/lane-stream.js";
import type { SpeculativeOutcome } from "../lanes/speculative-lane.js";
import { RunWriters } from "./run-writers.js";

/** A worker lane whose outcomes have not all arrived. */
interface PendingLane {
  readonly done: Promise<unknown>;
  /** Its current attempt's stream, if any. */
  readonly stream: (() => LaneStream | undefined) | undefined;
  settled: boolean;
}

/** The speculative outcomes of one block as they arrive, with the runs that produced them. */
export class SpeculativeResults {
  /** Which run's writes made each committed value (filled by the in-order commit). */
  readonly writers = new RunWriters();
  readonly #outcomes: Array<SpeculativeOutcome | undefined>;
  readonly #runs: Array<number | undefined>;
  readonly #laneOf = new Map<TxIndex, PendingLane>();
  #nextRun = 0;

  constructor(
    private readonly input: BlockExecutionInput,
    private readonly stats: StatsRecorder,
  ) {
    this.#outcomes = new Array<SpeculativeOutcome | undefined>(input.transactions.length);
    this.#runs = new Array<number | undefined>(input.transactions.length);
  }

  /** A new run id. */
  newRun(): number {
    return this.#nextRun++;
  }

  /**
   * Records the outcomes of one run: `txs` (block positions, in the order the run executed them). The first
   * outcome recorded for a transaction wins: one the main thread took back from a worker lane that still
   * started it has two; the run whose outcome came second continued from its own execution of it, so that run's
   * reads are then always validated by value (run-writers.ts).
   */
  acceptRun(run: number, txs: readonly TxIndex[], outcomes: readonly SpeculativeOutcome[]): void {
    this.runOver(run, txs.slice(0, outcomes.length));
    outcomes.forEach((outcome, i) => {
      const j = txs[i] ?? -1;
      if (this.#outcomes[j] !== undefined) {
        this.writers.decidedAtCommit(run, undefined);
        return;
      }
      this.#outcomes[j] = outcome;
      this.#runs[j] = run;
      this.stats.speculated(j);
    });
  }

  /**
   * Declares that `run` executes `txs` (block positions) in this order: a run not in block order has its reads
   * validated by value (run-writers.ts). A run whose outcomes arrive in pieces (a streamed worker lane) must
   * be declared whole first: no piece alone shows the order across its edges.
   */
  runOver(run: number, txs: readonly TxIndex[]): void {
    for (let i = 1; i < txs.length; i++) if ((txs[i] ?? 0) <= (txs[i - 1] ?? 0)) this.writers.unordered(run);
  }

  /** Records a worker lane's outcomes, re-attached to the main thread's transaction objects. */
  acceptWire(run: number, txs: readonly TxIndex[], outcomes: readonly WireOutcome[]): void {
    const baseFee = this.input.envBlock.header.baseFeePerGas ?? 0n;
    const attached = outcomes.map((wire, i) =>
      fromWireOutcome(wire, this.input.transactions[txs[i] ?? -1] as TypedTransaction, baseFee),
    );
    this.acceptRun(run, txs, attached);
  }

  /** The outcomes of `txs` arrive when `done` settles, or before in chunks of `stream` (lane-stream.ts). */
  awaiting(txs: readonly TxIndex[], done: Promise<unknown>, stream?: () => LaneStream | undefined): void {
    const lane = { done, stream, settled: false };
    const settle = (): void => void (lane.settled = true);
    done.then(settle, settle);
    for (const j of txs) this.#laneOf.set(j, lane);
  }

  /**
   * No speculative outcome will come for `txs` from their lane (the main thread took them back and leaves them
   * to their commit points): the commit does not wait for them. An outcome the lane still sends (one it had
   * started in the race with the steal) is recorded if it arrives before its transaction is decided.
   */
  abandon(txs: readonly TxIndex[]): void {
    for (const j of txs) this.#laneOf.delete(j);
  }

  /** Whether tx j's speculative outcome is known (recorded, or none will come): the commit need not wait for it. */
  ready(j: TxIndex): boolean {
    if (this.#outcomes[j] !== undefined) return true;
    const lane = this.#laneOf.get(j);
    if (lane === undefined || lane.settled) return true;
    lane.stream?.()?.drain();
    return this.#outcomes[j] !== undefined;
  }

  /** The run whose outcome of tx j was recorded (undefined when none was). */
  runOf(j: TxIndex): number | undefined {
    return this.#runs[j];
  }

  /** The speculative outcome of tx j, waiting for its lane when it is still running (counted as `waitMs`). */
  speculative(j: TxIndex): Promise<SpeculativeOutcome | undefined> | SpeculativeOutcome | undefined {
    const ready = this.#outcomes[j];
    if (ready !== undefined) return ready;
    const lane = this.#laneOf.get(j);
    if (lane === undefined) return undefined;
    return this.#wait(j, lane);
  }

  /** Waits for tx j's outcome: a chunk of its lane's stream, or the lane's end (counted as `waitMs`). */
  async #wait(j: TxIndex, lane: PendingLane): Promise<SpeculativeOutcome | undefined> {
    const waiting = performance.now();
    while (this.#outcomes[j] === undefined && !lane.settled) {
      const stream = lane.stream?.();
      // Nothing to commit yet: the state root's trie writes for what is committed so far, in the meantime.
      // Measured (bench/executor-timeline.ts, 2026-12-07, load 3-7, three A/B pairs): the root's main-thread CPU
      // 5.5-7.0 ms instead of 10.5-10.8, that work now inside the waits for the worker's last chunks. Since the
      // thirteenth round the hashing too: the root after the block 2.7-4.4 ms instead of 12.9-13.7, the commit's
      // waits 12-15 ms more (load 12-15, two A/B pairs: the top nodes are hashed again after each wait's writes).
      if (stream === undefined || stream.drain() === 0) this.input.state.prepareRoot();
      if (this.#outcomes[j] !== undefined) break;
      if (stream === undefined) await lane.done;
      else await stream.next(lane.done);
    }
    this.stats.timings.waitMs += performance.now() - waiting;
    return this.#outcomes[j];
  }
}

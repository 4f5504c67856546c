/**
 * The speculative outcomes of one block as they arrive — the main lane's at once, each worker lane's when its
 * answer comes back — each recorded in the block's multi-version memory (incarnation 0). The in-order commit
 * asks for transaction j's outcome and waits for j's lane only when it is still running; that wait is the
 * block's `waitMs` (the main thread idle because the split gave the worker lane too much).
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecutionInput } from "../../exec/block-execution.js";
import type { TxIndex } from "../../vocabulary.js";

import type { StatsRecorder } from "../execution-stats.js";
import { fromWireOutcome, type WireOutcome } from "../lanes/lane-task.js";
import { MultiVersionMemory } from "./multi-version-memory.js";
import type { SpeculativeOutcome } from "../lanes/speculative-lane.js";

/** The speculative outcomes of one block as they arrive, recorded in its multi-version memory. */
export class SpeculativeResults {
  readonly memory: MultiVersionMemory;
  readonly #outcomes: Array<SpeculativeOutcome | undefined>;
  readonly #laneOf = new Map<TxIndex, Promise<unknown>>();

  constructor(
    private readonly input: BlockExecutionInput,
    private readonly stats: StatsRecorder,
  ) {
    this.memory = new MultiVersionMemory(input.state);
    this.#outcomes = new Array<SpeculativeOutcome | undefined>(input.transactions.length);
  }

  /**
   * Records the speculative outcome of tx j. The first one recorded wins: a transaction the main thread took
   * back from a worker lane that still started it has two, both speculative and validated alike.
   */
  accept(j: TxIndex, outcome: SpeculativeOutcome): void {
    if (this.#outcomes[j] !== undefined) return;
    this.#outcomes[j] = outcome;
    this.stats.speculated(j);
    if (outcome.kind === "executed") this.memory.record(j, 0, outcome.result.access);
  }

  /** Records a worker lane's outcomes, re-attached to the main thread's transaction objects. */
  acceptWire(txs: readonly TxIndex[], outcomes: readonly WireOutcome[]): void {
    const baseFee = this.input.envBlock.header.baseFeePerGas ?? 0n;
    outcomes.forEach((wire, i) => {
      const j = txs[i] ?? -1;
      this.accept(j, fromWireOutcome(wire, this.input.transactions[j] as TypedTransaction, baseFee));
    });
  }

  /** The outcomes of `txs` arrive when `done` settles. */
  awaiting(txs: readonly TxIndex[], done: Promise<unknown>): void {
    for (const j of txs) this.#laneOf.set(j, done);
  }

  /** The speculative outcome of tx j, waiting for its lane when it is still running (counted as `waitMs`). */
  speculative(j: TxIndex): Promise<SpeculativeOutcome | undefined> | SpeculativeOutcome | undefined {
    const ready = this.#outcomes[j];
    if (ready !== undefined) return ready;
    const lane = this.#laneOf.get(j);
    if (lane === undefined) return undefined;
    const waiting = performance.now();
    return lane.then(() => {
      this.stats.timings.waitMs += performance.now() - waiting;
      return this.#outcomes[j];
    });
  }
}

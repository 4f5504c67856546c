/**
 * Block-STM's collaborative scheduler and multi-version memory, as state machines without a clock.
 *
 * This is Algorithms 1–5 of Gelashvili et al., "Block-STM: Scaling Blockchain Execution by Turning Ordering
 * Curse to a Performance Blessing" (PPoPP'23), with the shared counters made plain fields: the
 * discrete-event driver (block-stm-simulation.ts) calls these methods one at a time, which is what the
 * paper's atomics guarantee anyway. Names follow the paper: execution_idx, validation_idx, incarnations,
 * statuses READY_TO_EXECUTE / EXECUTING / EXECUTED / ABORTING, dependencies on ESTIMATE markers.
 *
 * The multi-version memory holds no values. A recording gives each transaction one fixed read set and one
 * fixed write set, so an incarnation's version (transaction, incarnation) stands for its value, and read
 * validation compares versions, as the paper's version-based validation does. Every transaction's entries
 * share one state (absent, written by incarnation k, or ESTIMATE), because its write set never changes.
 * A read of a location walks down from the closest lower writer: absent entries are skipped, an ESTIMATE
 * blocks the reader on that writer, a delta entry is recorded and the walk continues to the next lower
 * writer, a plain write ends the walk. The versions seen form the read's version string.
 */
import { type BlockTrace, type LocationKey } from "../record/block-trace.js";

/** A task handed to a thread: execute or validate a given incarnation. */
export interface BlockStmTask {
  readonly kind: "execution" | "validation";
  readonly tx: number;
  readonly incarnation: number;
}

/** Result of reading a location: the version seen, or the lower transaction whose ESTIMATE blocks it. */
export type ReadOutcome = { readonly version: string } | { readonly blockedBy: number };

type Status = "ready" | "executing" | "executed" | "aborting";

interface Writer {
  readonly tx: number;
  readonly delta: boolean;
}

/** Writers of every location, ascending by transaction. */
function indexWriters(block: BlockTrace): Map<LocationKey, Writer[]> {
  const writers = new Map<LocationKey, Writer[]>();
  block.transactions.forEach((tx, index) => {
    const plain = new Set(tx.writes);
    for (const key of new Set([...tx.writes, ...tx.deltas])) {
      const list = writers.get(key) ?? [];
      list.push({ tx: index, delta: !plain.has(key) });
      writers.set(key, list);
    }
  });
  return writers;
}

/** Position of the last writer below `tx` in an ascending list, or −1. */
function lastBelow(list: readonly Writer[], tx: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle]?.tx ?? tx) < tx) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Scheduler and multi-version memory of one block (see the file header). */
export class BlockStmScheduler {
  /** Number of transactions. */
  readonly size: number;
  /** Locations each transaction reads, deduplicated. */
  readonly reads: readonly (readonly LocationKey[])[];
  executionIdx = 0;
  validationIdx = 0;
  readonly #writers: Map<LocationKey, Writer[]>;
  readonly #status: Status[];
  readonly #incarnation: number[];
  readonly #dependents: number[][];
  /** Incarnation whose writes are in memory, −1 when none yet. */
  readonly #written: number[];
  readonly #estimate: boolean[];
  readonly #readSet: string[][];
  readonly #writesSomething: boolean[];

  /** Prepares the memory and scheduler for a block. */
  constructor(block: BlockTrace) {
    this.size = block.transactions.length;
    this.reads = block.transactions.map((tx) => [...new Set(tx.reads)]);
    this.#writers = indexWriters(block);
    this.#status = new Array<Status>(this.size).fill("ready");
    this.#incarnation = new Array<number>(this.size).fill(0);
    this.#dependents = Array.from({ length: this.size }, () => []);
    this.#written = new Array<number>(this.size).fill(-1);
    this.#estimate = new Array<boolean>(this.size).fill(false);
    this.#readSet = Array.from({ length: this.size }, () => []);
    this.#writesSomething = block.transactions.map((tx) => tx.writes.length + tx.deltas.length > 0);
  }

  /** MVMemory.read: the version transaction `tx` sees at `location`. */
  read(location: LocationKey, tx: number): ReadOutcome {
    const list = this.#writers.get(location) ?? [];
    const seen: string[] = [];
    for (let at = lastBelow(list, tx); at >= 0; at--) {
      const writer = list[at] as Writer;
      const incarnation = this.#written[writer.tx] ?? -1;
      if (incarnation === -1) continue;
      if (this.#estimate[writer.tx]) return { blockedBy: writer.tx };
      seen.push(`${writer.tx}.${incarnation}`);
      if (!writer.delta) break;
    }
    return { version: seen.join(",") };
  }

  /** Reads a transaction's whole read set; stops at the first ESTIMATE. */
  readAll(tx: number): { versions: string[] } | { blockedBy: number } {
    const versions: string[] = [];
    for (const location of this.reads[tx] ?? []) {
      const outcome = this.read(location, tx);
      if ("blockedBy" in outcome) return outcome;
      versions.push(outcome.version);
    }
    return { versions };
  }

  /** True when the scheduler can hand out no more tasks until a running one finishes. */
  get exhausted(): boolean {
    return Math.min(this.executionIdx, this.validationIdx) >= this.size;
  }

  /** next_task, retried while it returns ⊥ and some index is still below the block size. */
  nextTask(): BlockStmTask | undefined {
    while (!this.exhausted) {
      const task = this.validationIdx < this.executionIdx ? this.#nextValidation() : this.#nextExecution();
      if (task !== undefined) return task;
    }
    return undefined;
  }

  #nextValidation(): BlockStmTask | undefined {
    const tx = this.validationIdx++;
    if (tx >= this.size || this.#status[tx] !== "executed") return undefined;
    return { kind: "validation", tx, incarnation: this.#incarnation[tx] ?? 0 };
  }

  #nextExecution(): BlockStmTask | undefined {
    return this.#tryIncarnate(this.executionIdx++);
  }

  #tryIncarnate(tx: number): BlockStmTask | undefined {
    if (tx >= this.size || this.#status[tx] !== "ready") return undefined;
    this.#status[tx] = "executing";
    return { kind: "execution", tx, incarnation: this.#incarnation[tx] ?? 0 };
  }

  /** add_dependency: suspends `tx` until `blocking` finishes; false when `blocking` already finished. */
  addDependency(tx: number, blocking: number): boolean {
    if (this.#status[blocking] === "executed") return false;
    this.#status[tx] = "aborting";
    this.#dependents[blocking]?.push(tx);
    return true;
  }

  /** Records an incarnation's writes and read set, then finish_execution; may return its validation. */
  finishExecution(task: BlockStmTask, versions: string[]): BlockStmTask | undefined {
    const { tx } = task;
    const wroteNewLocation = this.#written[tx] === -1 && this.#writesSomething[tx] === true;
    this.#written[tx] = task.incarnation;
    this.#estimate[tx] = false;
    this.#readSet[tx] = versions;
    this.#status[tx] = "executed";
    const dependents = this.#dependents[tx] ?? [];
    this.#dependents[tx] = [];
    for (const waiting of dependents) this.#setReady(waiting);
    if (dependents.length > 0) this.executionIdx = Math.min(this.executionIdx, ...dependents);
    if (this.validationIdx <= tx) return undefined;
    if (!wroteNewLocation) return { kind: "validation", tx, incarnation: task.incarnation };
    this.validationIdx = tx;
    return undefined;
  }

  /** validate_read_set: every read still sees the version it saw during execution. */
  validateReadSet(tx: number): boolean {
    const recorded = this.#readSet[tx] ?? [];
    return (this.reads[tx] ?? []).every((location, at) => {
      const outcome = this.read(location, tx);
      return "version" in outcome && outcome.version === recorded[at];
    });
  }

  /** try_validation_abort, convert_writes_to_estimates and finish_validation in one step. */
  finishValidation(task: BlockStmTask, valid: boolean): { aborted: boolean; next: BlockStmTask | undefined } {
    const { tx } = task;
    const current = this.#status[tx] === "executed" && this.#incarnation[tx] === task.incarnation;
    if (valid || !current) return { aborted: false, next: undefined };
    this.#status[tx] = "aborting";
    this.#estimate[tx] = true;
    this.#setReady(tx);
    this.validationIdx = Math.min(this.validationIdx, tx + 1);
    const next = this.executionIdx > tx ? this.#tryIncarnate(tx) : undefined;
    return { aborted: true, next };
  }

  #setReady(tx: number): void {
    this.#status[tx] = "ready";
    this.#incarnation[tx] = (this.#incarnation[tx] ?? 0) + 1;
  }

  /** True when every transaction has an executed incarnation. */
  get allExecuted(): boolean {
    return this.#status.every((status) => status === "executed");
  }
}

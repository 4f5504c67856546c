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
 * writer, a plain write ends the walk. The versions seen form the read's version.
 *
 * Because the sets are fixed, the block is compiled once ({@link compileBlock}, cached per block object and
 * shared by every thread count): locations become integers, each read knows where its walk starts in the
 * location's writer list, and reads no lower transaction writes are dropped (their version never changes).
 */
import type { BlockTrace, LocationKey } from "../record/block-trace.js";

/** A task handed to a thread: execute or validate a given incarnation. */
export interface BlockStmTask {
  readonly kind: "execution" | "validation";
  readonly tx: number;
  readonly incarnation: number;
}

/**
 * What a read saw: -1 for nothing written, one (writer, incarnation) pair packed in a number, or the pairs
 * `writer.incarnation` joined by commas (a walk through deltas, or an incarnation ≥ 2^20). Equal versions are
 * equal values.
 */
export type Version = number | string;

/** A transaction's read versions, or the lower transaction whose ESTIMATE blocked the read (a number). */
export type ReadAllOutcome = Version[] | number;

const READY = 0;
const EXECUTING = 1;
const EXECUTED = 2;
const ABORTING = 3;
const PACKED_INCARNATIONS = 2 ** 20;

/** A block's read and write sets as integers (see the file header). */
interface CompiledBlock {
  readonly size: number;
  /** Per transaction: pairs (location, start) flattened — the walk of that read starts at writer `start`. */
  readonly reads: readonly Int32Array[];
  /** Per location: its writers ascending, and whether each only applied a delta. */
  readonly writers: readonly Int32Array[];
  readonly delta: readonly Uint8Array[];
  readonly writesSomething: readonly boolean[];
}

const compiledBlocks = new WeakMap<BlockTrace, CompiledBlock>();

function locationIds(block: BlockTrace): Map<LocationKey, number> {
  const ids = new Map<LocationKey, number>();
  for (const tx of block.transactions)
    for (const key of [...tx.writes, ...tx.deltas]) if (!ids.has(key)) ids.set(key, ids.size);
  return ids;
}

/** Position of the last writer below `tx` in an ascending list, or −1. */
function lastBelow(list: Int32Array, tx: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] ?? tx) < tx) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Compiles `block` once (see the file header); the result is cached while the block object lives. */
export function compileBlock(block: BlockTrace): CompiledBlock {
  const cached = compiledBlocks.get(block);
  if (cached !== undefined) return cached;
  const ids = locationIds(block);
  const writers: number[][] = Array.from({ length: ids.size }, () => []);
  const deltas: number[][] = Array.from({ length: ids.size }, () => []);
  block.transactions.forEach((tx, index) => {
    const plain = new Set(tx.writes);
    for (const key of new Set([...tx.writes, ...tx.deltas])) {
      const id = ids.get(key) ?? 0;
      writers[id]?.push(index);
      deltas[id]?.push(plain.has(key) ? 0 : 1);
    }
  });
  const writerLists = writers.map((list) => Int32Array.from(list));
  const reads = block.transactions.map((tx, index) => {
    const pairs: number[] = [];
    for (const key of new Set(tx.reads)) {
      const id = ids.get(key);
      const start = id === undefined ? -1 : lastBelow(writerLists[id] as Int32Array, index);
      if (id !== undefined && start >= 0) pairs.push(id, start);
    }
    return Int32Array.from(pairs);
  });
  const compiled: CompiledBlock = {
    size: block.transactions.length,
    reads,
    writers: writerLists,
    delta: deltas.map((list) => Uint8Array.from(list)),
    writesSomething: block.transactions.map((tx) => tx.writes.length + tx.deltas.length > 0),
  };
  compiledBlocks.set(block, compiled);
  return compiled;
}

/** Scheduler and multi-version memory of one block (see the file header). */
export class BlockStmScheduler {
  /** Number of transactions. */
  readonly size: number;
  executionIdx = 0;
  validationIdx = 0;
  readonly #block: CompiledBlock;
  readonly #status: Uint8Array;
  readonly #incarnation: Int32Array;
  readonly #dependents: number[][];
  /** Incarnation whose writes are in memory, −1 when none yet. */
  readonly #written: Int32Array;
  readonly #estimate: Uint8Array;
  readonly #readSet: Version[][];

  /** Prepares the memory and scheduler for a block. */
  constructor(block: BlockTrace) {
    this.#block = compileBlock(block);
    this.size = this.#block.size;
    this.#status = new Uint8Array(this.size).fill(READY);
    this.#incarnation = new Int32Array(this.size);
    this.#dependents = Array.from({ length: this.size }, () => []);
    this.#written = new Int32Array(this.size).fill(-1);
    this.#estimate = new Uint8Array(this.size);
    this.#readSet = Array.from({ length: this.size }, () => []);
  }

  /** MVMemory.read of location `id` from writer position `start` down: a version, or a blocking writer. */
  #read(id: number, start: number): { version: Version } | { blockedBy: number } {
    const writers = this.#block.writers[id] as Int32Array;
    const delta = this.#block.delta[id] as Uint8Array;
    let version: Version = -1;
    for (let at = start; at >= 0; at--) {
      const writer = writers[at] as number;
      const incarnation = this.#written[writer] as number;
      if (incarnation === -1) continue;
      if (this.#estimate[writer] === 1) return { blockedBy: writer };
      version = extend(version, writer, incarnation);
      if (delta[at] === 0) break;
    }
    return { version };
  }

  /** Reads a transaction's whole read set; stops at the first ESTIMATE (then returns its writer). */
  readAll(tx: number): ReadAllOutcome {
    const reads = this.#block.reads[tx] as Int32Array;
    const versions: Version[] = [];
    for (let at = 0; at < reads.length; at += 2) {
      const outcome = this.#read(reads[at] as number, reads[at + 1] as number);
      if ("blockedBy" in outcome) return outcome.blockedBy;
      versions.push(outcome.version);
    }
    return versions;
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
    if (tx >= this.size || this.#status[tx] !== EXECUTED) return undefined;
    return { kind: "validation", tx, incarnation: this.#incarnation[tx] ?? 0 };
  }

  #nextExecution(): BlockStmTask | undefined {
    return this.#tryIncarnate(this.executionIdx++);
  }

  #tryIncarnate(tx: number): BlockStmTask | undefined {
    if (tx >= this.size || this.#status[tx] !== READY) return undefined;
    this.#status[tx] = EXECUTING;
    return { kind: "execution", tx, incarnation: this.#incarnation[tx] ?? 0 };
  }

  /** add_dependency: suspends `tx` until `blocking` finishes; false when `blocking` already finished. */
  addDependency(tx: number, blocking: number): boolean {
    if (this.#status[blocking] === EXECUTED) return false;
    this.#status[tx] = ABORTING;
    this.#dependents[blocking]?.push(tx);
    return true;
  }

  /** Records an incarnation's writes and read set, then finish_execution; may return its validation. */
  finishExecution(task: BlockStmTask, versions: Version[]): BlockStmTask | undefined {
    const { tx } = task;
    const wroteNewLocation = this.#written[tx] === -1 && this.#block.writesSomething[tx] === true;
    this.#written[tx] = task.incarnation;
    this.#estimate[tx] = 0;
    this.#readSet[tx] = versions;
    this.#status[tx] = EXECUTED;
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
    const reads = this.#block.reads[tx] as Int32Array;
    for (let at = 0; at < reads.length; at += 2) {
      const outcome = this.#read(reads[at] as number, reads[at + 1] as number);
      if (!("version" in outcome) || outcome.version !== recorded[at >> 1]) return false;
    }
    return true;
  }

  /** try_validation_abort, convert_writes_to_estimates and finish_validation in one step. */
  finishValidation(task: BlockStmTask, valid: boolean): { aborted: boolean; next: BlockStmTask | undefined } {
    const { tx } = task;
    const current = this.#status[tx] === EXECUTED && this.#incarnation[tx] === task.incarnation;
    if (valid || !current) return { aborted: false, next: undefined };
    this.#status[tx] = ABORTING;
    this.#estimate[tx] = 1;
    this.#setReady(tx);
    this.validationIdx = Math.min(this.validationIdx, tx + 1);
    const next = this.executionIdx > tx ? this.#tryIncarnate(tx) : undefined;
    return { aborted: true, next };
  }

  #setReady(tx: number): void {
    this.#status[tx] = READY;
    this.#incarnation[tx] = (this.#incarnation[tx] ?? 0) + 1;
  }

  /** True when every transaction has an executed incarnation. */
  get allExecuted(): boolean {
    return this.#status.every((status) => status === EXECUTED);
  }
}

/** `version` with one more (writer, incarnation) pair seen below it (see {@link Version}). */
function extend(version: Version, writer: number, incarnation: number): Version {
  const pair = `${writer}.${incarnation}`;
  if (version === -1) return incarnation < PACKED_INCARNATIONS ? writer * PACKED_INCARNATIONS + incarnation : pair;
  if (typeof version === "string") return `${version},${pair}`;
  const first = `${Math.floor(version / PACKED_INCARNATIONS)}.${version % PACKED_INCARNATIONS}`;
  return `${first},${pair}`;
}

/**
 * The commit step of Block-STM, in block order: transaction j is decided only when every transaction below
 * it is final, so what it must see is exactly the sequential state before it — which is the committed state
 * itself, since each final transaction is written to it before the next is decided.
 *
 * For each j: the block gas-limit check against the gas of the final transactions below (a transaction that
 * does not fit is skipped as "gas-limit", as the sequential executor decides it); then its speculative
 * result, if any, is *validated* — every location it read must hold the value it saw (run-writers.ts: by run
 * where that is certain, else by value against the committed state) — and accepted; otherwise it is
 * *re-executed* at the commit point over the committed state (its final incarnation: never invalidated again).
 * An invalid transaction (bad nonce, insufficient funds) is decided there too, against the state it sees at
 * its final position. Receipts get their cumulative gas as they are accepted, and each accepted transaction's
 * write set is applied to the state at once, in order — one by one, exactly as the sequential executor does,
 * so that even the state's undo journal (evm_snapshot/evm_revert) is the same.
 *
 * The commit is a cursor (`InOrderCommit.through`, and `throughReady`, which stops at the first transaction
 * whose lane has not answered yet: the lane engine commits a streamed worker lane's chunks as they arrive,
 * lanes/lane-stream.ts): the lane engine decides Block-STM's first segment — the
 * block's prefix — first, in place and before any worker lane answers. None of its transactions has a
 * speculative result, so each runs at its commit point over the committed state: exactly what the sequential
 * executor does, with no speculative run, no validation and no replay of a recorded write set, and a prefix
 * transaction that needs the chain (BLOCKHASH, console.log) runs once instead of being deferred. Measured
 * (bench/executor-timeline.ts, 2026-12-06 23:15–23:56, load 8–14, thread CPU, six A/B runs of 12–40 blocks): the
 * commit after the lanes 13–18 ms instead of 19–30, the main lane 5–20 ms more (it writes its transactions
 * now): the main thread's total moved −14 to +14 ms, within that load's noise.
 *
 * Why no multi-version memory: Block-STM keeps every transaction's writes as versions so that a transaction
 * can read what the ones below it wrote before they are final. Here reads at the commit point happen only
 * when everything below is final and written, so those versions were never read — recording and dropping them
 * cost ≈ 7 ms of the main thread per 1,000-ERC20 block (CPU profile, 2026-12-06) for nothing.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { EvmContext } from "../../evm/evm-context.js";
import type { BlockExecutionInput, ExecutedTx, SkippedTx } from "../../exec/block-execution.js";
import { applyAccessSets, isSkipped, runTransaction } from "../../exec/run-transaction.js";
import { readLocation } from "../../state/account-data.js";
import type { TxIndex } from "../../vocabulary.js";

import type { StatsRecorder } from "../execution-stats.js";
import type { SpeculativeOutcome } from "../lanes/speculative-lane.js";
import type { RunWriters } from "./run-writers.js";

/** What the commit step needs. */
export interface CommitInput {
  readonly block: BlockExecutionInput;
  /** EVM for final incarnations (answers BLOCKHASH and prints console.log). */
  readonly final: EvmContext;
  /** The speculative outcome of tx j, waiting for its lane if needed; undefined when there is none. */
  readonly speculative: (j: TxIndex) => Promise<SpeculativeOutcome | undefined> | SpeculativeOutcome | undefined;
  /** Whether tx j's speculative outcome is known (the commit can decide j without waiting); default always. */
  readonly ready?: (j: TxIndex) => boolean;
  /** The run whose speculative outcome of tx j was recorded. */
  readonly runOf: (j: TxIndex) => number | undefined;
  /** Which run's writes made each committed value; the commit keeps it up to date. */
  readonly writers: RunWriters;
  readonly stats: StatsRecorder;
}

/** What the commit step decided. */
export interface CommitResult {
  readonly executed: ExecutedTx[];
  readonly skipped: SkippedTx[];
  readonly gasUsed: bigint;
  /** Executed transactions with their block positions. */
  readonly finals: Array<[TxIndex, ExecutedTx]>;
}

const GAS_LIMIT_MESSAGE = "does not fit in the block's remaining gas";

/**
 * Whether a main lane is the block's prefix in order (Block-STM's first segment): it then runs in place at its
 * commit points — exact, like the sequential executor — with no speculative run, validation or replay.
 */
export function isBlockPrefix(lane: readonly TxIndex[]): boolean {
  for (let i = 0; i < lane.length; i++) if (lane[i] !== i) return false;
  return true;
}

/**
 * The in-order commit as a resumable cursor: `through(end)` decides the transactions below `end` not decided
 * yet. The lane engine decides a main lane that is the block's prefix this way, in place — each transaction
 * has no speculative result, so it runs at its commit point, exactly as the sequential executor runs it — and
 * the rest after the worker lanes answered.
 */
export class InOrderCommit {
  readonly #input: CommitInput;
  readonly #executed: ExecutedTx[] = [];
  readonly #skipped: SkippedTx[] = [];
  readonly #finals: Array<[TxIndex, ExecutedTx]> = [];
  #gasUsed = 0n;
  #next = 0;

  constructor(input: CommitInput) {
    this.#input = input;
  }

  /** Transactions decided so far (the block's prefix). */
  get decided(): number {
    return this.#next;
  }

  /** Decides the transactions from the first undecided one up to `end` (exclusive). */
  async through(end: number): Promise<void> {
    const limit = Math.min(end, this.#input.block.transactions.length);
    for (; this.#next < limit; this.#next++) await this.#decide(this.#next);
  }

  /**
   * Decides the transactions from the first undecided one up to `end` (exclusive) whose speculative outcomes
   * are known, stopping at the first that would have to wait for its lane (a streamed worker lane's chunk
   * not arrived yet: lanes/lane-stream.ts).
   */
  async throughReady(end: number): Promise<void> {
    const limit = Math.min(end, this.#input.block.transactions.length);
    const ready = this.#input.ready ?? (() => true);
    for (; this.#next < limit && ready(this.#next); this.#next++) await this.#decide(this.#next);
  }

  /** What was decided. */
  result(): CommitResult {
    return { executed: this.#executed, skipped: this.#skipped, gasUsed: this.#gasUsed, finals: this.#finals };
  }

  async #decide(j: TxIndex): Promise<void> {
    const input = this.#input;
    const { block, writers } = input;
    const tx = block.transactions[j] as TypedTransaction;
    if (this.#gasUsed + tx.gasLimit > block.envBlock.header.gasLimit) {
      // Its run may have gone on from its speculative writes, which are not in the block.
      await input.speculative(j);
      writers.decidedAtCommit(input.runOf(j), undefined);
      this.#skipped.push({ tx, reason: "gas-limit", message: GAS_LIMIT_MESSAGE });
      return;
    }
    const accepted = await validated(input, j);
    const decided = accepted ?? (await executeAtCommit(input, j, tx, this.#gasUsed));
    if (accepted === undefined)
      writers.decidedAtCommit(input.runOf(j), isSkipped(decided) ? undefined : decided.access);
    else writers.accepted(input.runOf(j) ?? -1, accepted.access);
    if (isSkipped(decided)) {
      this.#skipped.push(decided);
      return;
    }
    this.#gasUsed += decided.gasUsed;
    // The receipt is this block's own object (a lane's outcome, or the commit point's run): set in place.
    decided.receipt.cumulativeBlockGasUsed = this.#gasUsed;
    this.#executed.push(decided);
    this.#finals.push([j, decided]);
    const applying = performance.now();
    applyAccessSets(block.state, decided.access);
    input.stats.timings.applyMs += performance.now() - applying;
  }
}

/** The speculative result of tx j when it passes validation; undefined when j must run at its commit point. */
async function validated(input: CommitInput, j: TxIndex): Promise<ExecutedTx | undefined> {
  const outcome = await input.speculative(j);
  if (outcome === undefined) return undefined;
  if (outcome.kind === "deferred") input.stats.deferredOne();
  if (outcome.kind !== "executed") return undefined;
  const state = input.block.state;
  const run = input.runOf(j) ?? -1;
  const stale = input.writers.firstStale(run, outcome.result.access.reads, (key) => readLocation(state, key));
  if (stale === undefined) return outcome.result;
  input.stats.validationFailed(stale, outcome.result.gasUsed);
  return undefined;
}

/** Runs tx j's final incarnation over the committed state (everything below j is final and written). */
async function executeAtCommit(
  input: CommitInput,
  j: TxIndex,
  tx: TypedTransaction,
  gasUsed: bigint,
): Promise<ExecutedTx | SkippedTx> {
  const started = performance.now();
  const { envBlock, lazyCoinbase, state } = input.block;
  const outcome = await runTransaction(input.final, state, tx, envBlock, gasUsed, lazyCoinbase, true);
  input.stats.executedAtCommit(j, performance.now() - started);
  return outcome;
}

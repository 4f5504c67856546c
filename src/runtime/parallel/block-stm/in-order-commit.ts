/**
 * The commit step of Block-STM, in block order: transaction j is decided only when every transaction below
 * it is final, so what it must see is exactly the sequential state before it.
 *
 * For each j: the block gas-limit check against the gas of the final transactions below (a transaction that
 * does not fit is skipped as "gas-limit", as the sequential executor decides it); then its speculative
 * result, if any, is *validated* — every location it read must still hold the value it saw in the
 * multi-version memory read at j — and accepted; otherwise its versions become ESTIMATEs and it is
 * *re-executed* at the commit point over the memory at j (its final incarnation: never invalidated again).
 * An invalid transaction (bad nonce, insufficient funds) is decided there too, against the state it sees at
 * its final position. Receipts get their cumulative gas as they are accepted, and each accepted transaction's
 * write set is applied to the state at once, in order — one by one, exactly as the sequential executor does,
 * so that even the state's undo journal (evm_snapshot/evm_revert) is the same — and its versions leave the
 * memory, whose base that state is. So the main lane's exact prefix is written while the main thread would
 * otherwise wait for a worker lane's answer, and validation reads committed values directly.
 *
 * Cost (1,000 ERC20 transfers, 2 lanes): validating the worker lane's ≈ 500 read sets ≈ 3–5 ms; applying
 * the write sets ≈ 9–10 ms (most of it the state commitment's own work per location; merging them into one
 * batch saved < 1 ms and made the journal differ from the sequential one, so it was dropped). The main
 * lane's exact prefix is not validated at all (it cannot fail).
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { EvmContext } from "../../evm/evm-context.js";
import type { BlockExecutionInput, ExecutedTx, SkippedTx } from "../../exec/block-execution.js";
import { applyAccessSets, isSkipped, runTransaction } from "../../exec/run-transaction.js";
import type { TxIndex } from "../../vocabulary.js";

import type { StatsRecorder } from "../execution-stats.js";
import type { MultiVersionMemory } from "./multi-version-memory.js";
import type { SpeculativeOutcome } from "../lanes/speculative-lane.js";
import { VersionedView } from "./versioned-view.js";

/** What the commit step needs. */
export interface CommitInput {
  readonly block: BlockExecutionInput;
  readonly memory: MultiVersionMemory;
  /** EVM for final incarnations (answers BLOCKHASH and prints console.log). */
  readonly final: EvmContext;
  /** The speculative outcome of tx j, waiting for its lane if needed; undefined when there is none. */
  readonly speculative: (j: TxIndex) => Promise<SpeculativeOutcome | undefined> | SpeculativeOutcome | undefined;
  readonly stats: StatsRecorder;
  /**
   * Transactions 0 … exactPrefix − 1 ran speculatively in one lane, in order, over the pre-block state: while
   * every one below is accepted as it ran speculatively, each saw exactly the sequential state, so its
   * validation cannot fail and is skipped.
   */
  readonly exactPrefix?: number;
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

/** Length of the run 0, 1, 2, … at the start of `lane`: transactions whose speculative state was exact. */
export function exactPrefixOf(lane: readonly TxIndex[]): number {
  let k = 0;
  while (k < lane.length && lane[k] === k) k++;
  return k;
}

/** Decides every transaction in order, writing each final one to the committed state. */
export async function commitInOrder(input: CommitInput): Promise<CommitResult> {
  const { block, memory } = input;
  const gasLimit = block.envBlock.header.gasLimit;
  const result: CommitResult = { executed: [], skipped: [], gasUsed: 0n, finals: [] };
  let gasUsed = 0n;
  let exact = input.exactPrefix ?? 0;
  for (let j = 0; j < block.transactions.length; j++) {
    const tx = block.transactions[j] as TypedTransaction;
    if (gasUsed + tx.gasLimit > gasLimit) {
      // Wait for j's lane first: its speculative versions must be in the memory before they are dropped,
      // or a late answer would record them after the removal and a higher transaction would validate
      // against writes of a transaction that is not in the block.
      await input.speculative(j);
      memory.remove(j);
      result.skipped.push({ tx, reason: "gas-limit", message: GAS_LIMIT_MESSAGE });
      exact = 0;
      continue;
    }
    const accepted = await validated(input, j, j < exact);
    if (accepted === undefined) exact = 0;
    const decided = accepted ?? (await executeAtCommit(input, j, tx, gasUsed));
    if (isSkipped(decided)) {
      memory.remove(j);
      result.skipped.push(decided);
      continue;
    }
    gasUsed += decided.gasUsed;
    const receipt = { ...decided.receipt, cumulativeBlockGasUsed: gasUsed };
    const final: ExecutedTx = { ...decided, receipt };
    result.executed.push(final);
    result.finals.push([j, final]);
    const applying = performance.now();
    absorb(block, memory, j, final);
    input.stats.timings.applyMs += performance.now() - applying;
  }
  return { ...result, gasUsed };
}

/**
 * Writes final transaction j to the committed state and drops its versions from the memory: the memory's base
 * is that state, so every reader above j still sees exactly the state before it (the versions of j … reader − 1
 * over the state after 0 … j − 1), and a delta is never counted twice. Done as each transaction is decided, so
 * that the main lane's transactions are written while a worker lane is still answering.
 */
function absorb(block: BlockExecutionInput, memory: MultiVersionMemory, j: TxIndex, final: ExecutedTx): void {
  applyAccessSets(block.state, final.access);
  memory.remove(j);
}

/**
 * The speculative result of tx j when it passes validation (or is `exact`: see `CommitInput.exactPrefix`);
 * undefined when j must run at its commit point.
 */
async function validated(input: CommitInput, j: TxIndex, exact: boolean): Promise<ExecutedTx | undefined> {
  const outcome = await input.speculative(j);
  if (outcome === undefined) return undefined;
  if (outcome.kind === "deferred") input.stats.deferredOne();
  if (outcome.kind !== "executed") return undefined;
  if (exact) return outcome.result;
  const check = input.memory.validate(j, outcome.result.access.reads);
  if (check.valid) return outcome.result;
  input.stats.validationFailed(check.location, outcome.result.gasUsed);
  input.memory.markEstimate(j, 0);
  return undefined;
}

/** Runs tx j's final incarnation over the memory at j and records its versions. */
async function executeAtCommit(
  input: CommitInput,
  j: TxIndex,
  tx: TypedTransaction,
  gasUsed: bigint,
): Promise<ExecutedTx | SkippedTx> {
  const started = performance.now();
  const view = new VersionedView(input.memory, j);
  const { envBlock, lazyCoinbase } = input.block;
  const outcome = await runTransaction(input.final, view, tx, envBlock, gasUsed, lazyCoinbase, true);
  input.stats.executedAtCommit(j, performance.now() - started);
  if (!isSkipped(outcome)) input.memory.record(j, 1, outcome.access);
  return outcome;
}

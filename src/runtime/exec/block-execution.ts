/**
 * What executing a block means, whatever the strategy: the input (ordered transactions, the block's
 * environment, the committed state) and the output (per transaction: receipt data and recorded accesses, or
 * why it was left out), plus statistics. The sequential executor and the parallel ones all produce this, and
 * the chain builds the block from it — so every strategy is interchangeable and comparable.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { TxReceipt } from "@ethereumjs/vm";

import type { FlatState } from "../state/flat-state.js";
import type { AccessSets, AddressHex } from "../vocabulary.js";

/** One log as the EVM emits it: [address, topics, data]. */
export type EvmLog = [Uint8Array, Uint8Array[], Uint8Array];

/** A transaction that made it into the block. */
export interface ExecutedTx {
  readonly tx: TypedTransaction;
  readonly sender: AddressHex;
  readonly gasUsed: bigint;
  readonly status: 0 | 1;
  readonly logs: EvmLog[];
  readonly createdAddress: AddressHex | undefined;
  readonly returnValue: Uint8Array;
  /** EVM error name when the transaction reverted or failed (`revert`, `out of gas`, ...). */
  readonly error: string | undefined;
  readonly effectiveGasPrice: bigint;
  /** Receipt with `cumulativeBlockGasUsed` set for this block. */
  readonly receipt: TxReceipt;
  readonly access: AccessSets;
}

/** A transaction left out of the block, and why. */
export interface SkippedTx {
  readonly tx: TypedTransaction;
  /** `gas-limit`: does not fit in the block's remaining gas (stays pending); `invalid`: cannot run. */
  readonly reason: "gas-limit" | "invalid";
  readonly message: string;
}

/** Strategy-specific statistics of one block execution: the parallel executors add theirs (`src/runtime/parallel/execution-stats.ts`). */
export interface ExecutionStats {
  readonly strategy: "sequential" | "block-stm" | "sharded";
  /** Why this strategy was used for this block. */
  readonly reason: string;
  readonly executions: number;
  readonly [extra: string]: unknown;
}

/** Result of executing a block. */
export interface BlockExecution {
  readonly executed: ExecutedTx[];
  readonly skipped: SkippedTx[];
  readonly gasUsed: bigint;
  readonly stats: ExecutionStats;
}

/** Input of a block execution. */
export interface BlockExecutionInput {
  /** Header-only block carrying the execution environment (number, timestamp, coinbase, base fee...). */
  readonly envBlock: Block;
  readonly transactions: readonly TypedTransaction[];
  /** Committed state before the block; the executor leaves it with the block applied. */
  readonly state: FlatState;
  /** Coinbase address when its fee payments may be lazy deltas. */
  readonly lazyCoinbase: AddressHex | undefined;
}

/** Executes blocks. */
export interface BlockExecutor {
  execute(input: BlockExecutionInput): Promise<BlockExecution>;
}

/**
 * The shapes a chain keeps and hands out: stored blocks, transaction locations, options (snapshots:
 * `chain-snapshots.ts`).
 */
import type { Block } from "@ethereumjs/block";

import type { BlockExecution, BlockExecutor, ExecutedTx } from "../exec/block-execution.js";
import type { StateMark } from "../state/flat-state.js";

/** A mined block with everything the provider serves about it. */
export interface StoredBlock {
  readonly block: Block;
  readonly hash: string;
  readonly number: bigint;
  readonly executed: readonly ExecutedTx[];
  readonly execution: BlockExecution | undefined;
  /** State journal position right after this block. */
  readonly stateMark: StateMark;
  /**
   * State journal position right before this block's transactions ran: the parent's post-state plus any
   * edit made between the blocks (hardhat_setBalance, ...). Traces and access lists replay from here.
   */
  readonly preStateMark: StateMark;
  /** Before the merge: the sum of the chain's difficulties up to this block (`proof-of-work.ts`). */
  readonly totalDifficulty?: bigint;
}

/** Where a mined transaction is. */
export interface TxLocation {
  readonly blockNumber: bigint;
  readonly index: number;
}

/** Chooses the executor for a block of `txCount` transactions. */
export type ExecutorChooser = (txCount: number, sequential: BlockExecutor) => BlockExecutor;

/** Options beyond the chain settings. */
export interface ChainOptions {
  readonly chooseExecutor?: ExecutorChooser;
  /** Called with every block mined after genesis (test-run profiles). */
  readonly onBlockMined?: (block: StoredBlock) => void;
  /** Called with every throwaway block mined for a `pending` request, before it is thrown away. */
  readonly onPendingBlockMined?: (block: StoredBlock) => void;
  readonly onConsoleCall?: (data: Uint8Array) => void;
}

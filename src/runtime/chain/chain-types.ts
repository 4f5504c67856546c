/**
 * The shapes a chain keeps and hands out: stored blocks, transaction locations, snapshots, options.
 */
import type { Block } from "@ethereumjs/block";

import type { BlockExecution, BlockExecutor, ExecutedTx } from "../exec/block-execution.js";
import type { StateMark } from "../state/flat-state.js";
import type { AddressHex } from "../vocabulary.js";

import type { ChainClock } from "./chain-clock.js";
import type { HeaderHashes } from "./header-hashes.js";
import type { TxPool } from "./tx-pool.js";

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

/** What `evm_snapshot` (and the throwaway pending block) saves and restores. */
export interface Snapshot {
  readonly stateMark: StateMark;
  readonly blockCount: bigint;
  readonly pool: ReturnType<TxPool["all"]>;
  readonly clock: ReturnType<ChainClock["save"]>;
  readonly coinbase: AddressHex;
  readonly blockGasLimit: bigint;
  readonly nextBaseFee: bigint | undefined;
  readonly headerHashes: HeaderHashes;
}

/** Options beyond the chain settings. */
export interface ChainOptions {
  readonly chooseExecutor?: ExecutorChooser;
  /** Called with every block mined after genesis (test-run profiles). */
  readonly onBlockMined?: (block: StoredBlock) => void;
  /** Called with every throwaway block mined for a `pending` request, before it is thrown away. */
  readonly onPendingBlockMined?: (block: StoredBlock) => void;
  readonly onConsoleCall?: (data: Uint8Array) => void;
}

/**
 * A chain's history: its blocks in order (`block-list.ts`, reserved runs included) and where each mined
 * transaction is. Blocks enter it only through `store` (or as a reserved run) and leave it only through
 * `truncate`, so the transaction index always names blocks the list holds.
 */
import type { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";

import type { BlockExecution } from "../exec/block-execution.js";
import type { StateMark } from "../state/flat-state.js";
import { toHex } from "../util/hex.js";

import { BlockList } from "./block-list.js";
import type { StoredBlock, TxLocation } from "./chain-types.js";
import { reservedBlock } from "./hardhat-blocks.js";

/** Where the state journal stood around a block (see {@link StoredBlock}). */
export interface BlockMarks {
  readonly preStateMark: StateMark;
  readonly stateMark: StateMark;
}

/** A run of reserved blocks to append (see {@link ChainHistory.reserve}). */
export interface ReservedBlocks {
  readonly count: bigint;
  readonly interval: bigint;
  /** The state journal position every block of the run shows. */
  readonly mark: StateMark;
  readonly stateRoot: Uint8Array;
}

/** The blocks of one chain and the locations of their transactions. */
export class ChainHistory {
  readonly #blocks = new BlockList();
  readonly #txs = new Map<string, TxLocation>();

  /** Number of blocks (the next block's number). */
  get length(): bigint {
    return this.#blocks.length;
  }

  /** The newest block. */
  get latest(): StoredBlock {
    const block = this.#blocks.at(this.#blocks.length - 1n);
    if (block === undefined) throw new Error("chain has no genesis block");
    return block;
  }

  /** Block by number (made now if reserved), if any. */
  at(n: bigint): StoredBlock | undefined {
    return this.#blocks.at(n);
  }

  /** Block by lower-case 0x hash, if seen. */
  byHash(hash: string): StoredBlock | undefined {
    return this.#blocks.byHash(hash);
  }

  /** Location of a mined transaction by lower-case 0x hash. */
  txLocation(hash: string): TxLocation | undefined {
    return this.#txs.get(hash);
  }

  /** Appends a mined block, its total difficulty counted when `pow`, and indexes its transactions. */
  store(block: Block, execution: BlockExecution | undefined, marks: BlockMarks, pow: boolean): StoredBlock {
    const hash = toHex(block.hash());
    const parentTotal = this.#blocks.length === 0n ? 0n : this.latest.totalDifficulty;
    const stored: StoredBlock = {
      block,
      hash,
      number: block.header.number,
      executed: execution?.executed ?? [],
      execution,
      stateMark: marks.stateMark,
      preStateMark: marks.preStateMark,
      totalDifficulty: pow ? (parentTotal ?? 0n) + block.header.difficulty : undefined,
    };
    this.#blocks.push(stored);
    stored.executed.forEach((e, index) => this.#txs.set(toHex(e.tx.hash()), { blockNumber: stored.number, index }));
    return stored;
  }

  /**
   * Appends a run of reserved blocks `interval` seconds apart after the latest block, each made only when
   * asked for over `run.mark`, with the latest block's base fee.
   */
  reserve(common: Common, run: ReservedBlocks): void {
    const parent = this.latest.block.header;
    const baseFeePerGas = parent.baseFeePerGas ?? 0n;
    // Reserved blocks keep the total difficulty of the block before them, as on Hardhat's network.
    const totalDifficulty = this.latest.totalDifficulty;
    const make = (number: bigint, timestamp: bigint): StoredBlock => {
      const block = reservedBlock(common, number, timestamp, baseFeePerGas, run.stateRoot);
      const hash = toHex(block.hash());
      const at = { stateMark: run.mark, preStateMark: run.mark, totalDifficulty };
      return { block, hash, number, executed: [], execution: undefined, ...at };
    };
    if (run.count > 0n)
      this.#blocks.reserve({ count: run.count, baseTimestamp: parent.timestamp, interval: run.interval, make });
  }

  /** True if block `n` is reserved and not made yet: an empty block, skipped by log scans. */
  isUnmadeReserved(n: bigint): boolean {
    return this.#blocks.isUnmadeReserved(n);
  }

  /** Drops blocks from the end until `count` are left, and their transactions' locations. */
  truncate(count: bigint): void {
    for (const dropped of this.#blocks.truncate(count))
      for (const e of dropped.executed) this.#txs.delete(toHex(e.tx.hash()));
  }
}

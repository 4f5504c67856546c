/**
 * The one record of what an executed transaction did, as the runtime hands it out: to test-run profiles (one
 * JSON line each), to the report (its simulations, labels, soundness and precision checks read views of it)
 * and to tests. It is produced on demand from an `ExecutedTx` — nothing is built on the execution's hot
 * path — plus, when an {@link ExecutionObserver} watched the execution, its call frames and the preimages of
 * the hashes it computed.
 */
import type { ExecutedTx } from "./exec/block-execution.js";
import { toHex } from "./util/hex.js";
import type { AddressHex, LocationKey } from "./vocabulary.js";

/** One call frame: `from` called `to` (the address whose storage the frame uses) with `input`. */
export interface CallFrame {
  readonly from: AddressHex;
  readonly to: AddressHex;
  readonly input: string;
}

/** What an {@link ExecutionObserver} saw of one transaction. */
export interface ObservedExecution {
  /** Call frames in the order they started, delegatecalls left out (they use their caller's storage). */
  readonly calls: CallFrame[];
  /** keccak output → input, for the 32- and 64-byte inputs hashed (mapping and array slots). */
  readonly preimages: Record<string, string> | undefined;
}

/** What one executed transaction did. */
export interface ExecutionRecord {
  readonly hash: string;
  readonly from: AddressHex;
  /** Callee, or null for a contract creation. */
  readonly to: AddressHex | null;
  /** Calldata (the selector is its first 4 bytes). */
  readonly input: string;
  /** The created contract's address, if any. */
  readonly created: AddressHex | null;
  /** 1 on success, 0 on revert or failure. */
  readonly status: number;
  readonly gasUsed: number;
  /** Locations read, written and changed by commutative deltas, as runtime keys. */
  readonly reads: LocationKey[];
  readonly writes: LocationKey[];
  readonly deltas: LocationKey[];
  /** Call frames, or null when nobody observed the execution (blocks run off the main thread). */
  readonly calls: CallFrame[] | null;
  /** Preimages of slot hashes, when the observer collected them. */
  readonly preimages?: Record<string, string>;
}

/** The record of `executed`, with what an observer saw of it, if anything. */
export function executionRecord(executed: ExecutedTx, observed?: ObservedExecution): ExecutionRecord {
  const tx = executed.tx;
  return {
    hash: toHex(tx.hash()),
    from: executed.sender,
    to: tx.to === undefined ? null : toHex(tx.to.bytes),
    input: toHex(tx.data),
    created: executed.createdAddress ?? null,
    status: executed.status,
    gasUsed: Number(executed.gasUsed),
    reads: [...executed.access.reads.keys()],
    writes: [...executed.access.writes.keys()],
    deltas: [...executed.access.deltas.keys()],
    calls: observed?.calls ?? null,
    ...(observed?.preimages === undefined ? {} : { preimages: observed.preimages }),
  };
}

/**
 * Block traces: the recorded input of every simulation in `report/simulate/`, and the vocabulary they share.
 *
 * The parallel runtime (Block-STM on the EVM) records, for every transaction it commits, the state locations
 * the final incarnation read and wrote. A workload run is a list of blocks; a block is an ordered list of
 * those recordings. Nothing here executes anything: the analyses only look at who touched what, in which
 * order, and how much gas each transaction used.
 *
 * A location is a string key, one per EVM state cell the runtime tracks, built and parsed only by the
 * runtime's key codec (src/runtime/vocabulary.ts):
 *
 *   balance:0x<address>          the account balance
 *   nonce:0x<address>            the account nonce
 *   code:0x<address>             the account code (and code hash)
 *   storage:0x<address>:0x<slot> one storage slot
 *
 * Addresses are lowercase, 0x-prefixed, 40 hex digits; the runtime records slots as 32-byte hex. The builders
 * below accept any spelling of an address or slot (for hand-written traces) and give lowercase keys with
 * slots without leading zeros (`0x0`, `0x1a`). The what-if step may add a `#<part>` suffix to a key to name
 * one part of a partitioned location; runtime recordings never carry one.
 *
 * Three access kinds, with the semantics the dependency DAG (dependency-dag.ts) gives them:
 *
 * - `reads`: the transaction observed the value. It depends on whoever wrote that value before it.
 * - `writes`: the transaction stored a value (a read-modify-write also lists the location in `reads`).
 *   No-op writes (value equal to the value read) should be dropped by the runtime: they create false
 *   conflicts that Block-STM does not need to have.
 * - `deltas`: commutative updates applied lazily, such as the fee credited to the coinbase or a balance
 *   increment. Two deltas never conflict with each other; a later plain read of the location needs them all.
 *
 * `gasUsed` may be a bigint (as the EVM reports it) or a number; analyses convert it with {@link gasOf}.
 */
import type { CallFrame } from "../../runtime/execution-record.js";
import * as runtimeKeys from "../../runtime/vocabulary.js";
import { parseLocationKey, type LocationKey } from "../../runtime/vocabulary.js";

export { parseLocationKey, partKey, type LocationKey, type ParsedLocationKey } from "../../runtime/vocabulary.js";

/** Gas as the runtime reports it. */
export type Gas = bigint | number;

/** What one committed transaction did, as recorded by the runtime. */
export interface TxTrace {
  /** Position in the block, 0-based; must equal the transaction's position in {@link BlockTrace.transactions}. */
  readonly index: number;
  /** Gas used by the transaction (receipt gas). Simulated time is measured in gas. */
  readonly gasUsed: Gas;
  /** Callee address, lowercase (absent for contract creation). */
  readonly to?: string;
  /** Contract name of the callee, when the runtime could resolve it from the artifacts. */
  readonly contract?: string;
  /** Function name (`transfer`) or 4-byte selector (`0xa9059cbb`) when the name is unknown. */
  readonly function?: string;
  /** Sender address, lowercase. */
  readonly sender?: string;
  /** Locations read (first-access order; duplicates are tolerated and ignored). */
  readonly reads: readonly LocationKey[];
  /** Locations written with a plain store. */
  readonly writes: readonly LocationKey[];
  /** Locations updated by a commutative add/sub (lazy coinbase fee, balance increments). */
  readonly deltas: readonly LocationKey[];
  /** Call frames (entry first, delegatecalls left out), when an observer watched the execution. */
  readonly calls?: readonly CallFrame[];
}

/** One block: transactions in block order. */
export interface BlockTrace {
  /** Block number, when known; used only to label results. */
  readonly number?: number;
  /** Transactions in block order. */
  readonly transactions: readonly TxTrace[];
}

const ADDRESS = /^0x[0-9a-f]{40}$/;

/** Lowercases and checks an address; throws on anything that is not 20 bytes of hex. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  if (!ADDRESS.test(lower)) throw new Error(`Invalid address "${address}": expected 0x followed by 40 hex digits`);
  return lower;
}

/** Canonical slot text: lowercase hex without leading zeros. Accepts a bigint, number or hex string. */
export function normalizeSlot(slot: bigint | number | string): string {
  const value = typeof slot === "string" ? BigInt(slot.startsWith("0x") ? slot : `0x${slot}`) : BigInt(slot);
  if (value < 0n) throw new Error(`Invalid storage slot ${slot.toString()}: negative`);
  return `0x${value.toString(16)}`;
}

/** Key of an account balance, from any spelling of the address. */
export function balanceKey(address: string): LocationKey {
  return runtimeKeys.balanceKey(normalizeAddress(address));
}

/** Key of an account nonce, from any spelling of the address. */
export function nonceKey(address: string): LocationKey {
  return runtimeKeys.nonceKey(normalizeAddress(address));
}

/** Key of an account's code, from any spelling of the address. */
export function codeKey(address: string): LocationKey {
  return runtimeKeys.codeKey(normalizeAddress(address));
}

/** Key of a storage slot, from any spelling of the address and the slot. */
export function storageKey(address: string, slot: bigint | number | string): LocationKey {
  return runtimeKeys.storageKey(normalizeAddress(address), normalizeSlot(slot));
}

/** Address a key belongs to (the account that holds the location). */
export function accountOf(key: LocationKey): string {
  return parseLocationKey(key).address;
}

/** Gas as a number; throws when it is negative, not an integer, or beyond 2^53. */
export function gasOf(tx: TxTrace): number {
  const gas = typeof tx.gasUsed === "bigint" ? Number(tx.gasUsed) : tx.gasUsed;
  if (!Number.isSafeInteger(gas) || gas < 0) {
    throw new Error(`Transaction ${tx.index}: gasUsed ${tx.gasUsed.toString()} is not a non-negative safe integer`);
  }
  return gas;
}

/** Sum of the gas used by a block's transactions. */
export function blockGas(block: BlockTrace): number {
  return block.transactions.reduce((sum, tx) => sum + gasOf(tx), 0);
}

/**
 * Checks the invariants the analyses rely on: indices equal positions, gas is a safe integer, every key
 * parses. Throws an error naming the block, transaction and key.
 */
export function validateBlockTrace(block: BlockTrace, blockPosition = 0): void {
  const parsed = new Set<LocationKey>(); // a key that parsed once parses again: checked once per block
  block.transactions.forEach((tx, position) => {
    const where = `Block ${block.number ?? blockPosition}, transaction ${position}`;
    if (tx.index !== position) throw new Error(`${where}: index is ${tx.index}, expected its position ${position}`);
    gasOf(tx);
    for (const keys of [tx.reads, tx.writes, tx.deltas]) {
      for (const key of keys) {
        if (parsed.has(key)) continue;
        try {
          parseLocationKey(key);
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`);
        }
        parsed.add(key);
      }
    }
  });
}

/**
 * Label of a transaction's function for pairwise statistics: `Contract.function`; the callee address stands
 * in for an unknown contract name; a call without `function` is `Contract.(no data)`, and a transaction with
 * neither `contract` nor `function` is a plain `(value transfer)` (or `(create)` without `to`).
 */
export function functionLabel(tx: TxTrace): string {
  const owner = tx.contract ?? tx.to;
  if (tx.function !== undefined) return `${owner ?? "(create)"}.${tx.function}`;
  if (tx.contract !== undefined) return `${tx.contract}.(no data)`;
  return owner === undefined ? "(create)" : "(value transfer)";
}

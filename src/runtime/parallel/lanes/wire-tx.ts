/**
 * A lane's transactions on their way to a worker, and back into transaction objects there — with their
 * already-known senders (never recovered again) and, for the common typed transactions (EIP-2930 and EIP-1559),
 * without RLP: the main thread sends the fields of its transaction objects, column by column (the numbers as
 * one hex string, the `to` and `data` bytes as one buffer), and the worker puts them on an object of the same
 * class, skipping the decoding and the constructor's re-validation of a transaction the main thread already
 * built and validated. Other types (legacy, blob, EIP-7702) go as their serialized form.
 *
 * Why: on 1,000 ERC20 transfers (2026-12-07, machine shared, thread CPU per 1,000 transactions) serializing
 * them cost the main thread 21.5 ms and decoding them the worker 17.7 ms — per transaction ≈ 5 % of executing
 * it — and structured cloning an object per transaction 4–10 ms more; in columns 0.9 + 3.9 ms and the clone
 * well under 1 ms.
 *
 * Why this is exact: the rebuilt object has the same class, the same own fields with the same values, in the
 * constructor's order, a fresh cache, the capabilities the constructor gives its type, and the worker's
 * transaction `Common` of the same chain — what `createTxFromRLP` with that `Common` gives
 * (test/runtime/parallel/lanes/wire-tx.test.ts), except that the constructor's checks do not run again. A
 * transaction whose chain id is not the worker's takes the RLP path, and fails there as before.
 */
import type { Common } from "@ethereumjs/common";
import { createTx, createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";

import { fromHex, toHex } from "../../util/hex.js";
import type { AddressHex } from "../../vocabulary.js";

/** The bigint fields of a type-1 or type-2 transaction, in its constructor's order (`to` and `data` aside). */
const NUMBERS: Readonly<Record<number, readonly string[]>> = {
  1: ["nonce", "gasLimit", "value", "v", "r", "s", "chainId", "gasPrice"],
  2: ["nonce", "gasLimit", "value", "v", "r", "s", "chainId", "maxFeePerGas", "maxPriorityFeePerGas"],
};
/** How many of them come before `data` and how many before `accessList`. */
const BEFORE_DATA = 3;
const BEFORE_ACCESS_LIST = 7;

/** A lane's transactions for the wire, in columns. */
export interface WireTxs {
  readonly senders: readonly AddressHex[];
  /** Per transaction its type when it goes by fields, else -1 (it is in `raws`). */
  readonly types: readonly number[];
  /** The bigint fields of the field transactions, in hex, comma-separated ("" for undefined). */
  readonly numbers: string;
  /** The `to` and `data` bytes of the field transactions, one after the other. */
  readonly bytes: Uint8Array;
  /** Per transaction the length of its `to` (-1: none) and of its `data` (0 and 0 for raw ones). */
  readonly lengths: Int32Array;
  /** Non-empty access lists (bytes form) by lane offset. */
  readonly accessLists: ReadonlyMap<number, unknown>;
  /** Serialized transactions (types without a field encoding) by lane offset. */
  readonly raws: ReadonlyMap<number, Uint8Array>;
}

/** The wire form of `txs`. */
export function toWireTxs(txs: readonly TypedTransaction[]): WireTxs {
  const numbers: string[] = [];
  const chunks: Uint8Array[] = [];
  const lengths = new Int32Array(txs.length * 2);
  const accessLists = new Map<number, unknown>();
  const raws = new Map<number, Uint8Array>();
  const types = txs.map((tx, i) => {
    const names = NUMBERS[tx.type];
    if (names === undefined) {
      raws.set(i, tx.serialize());
      return -1;
    }
    const own = tx as unknown as Record<string, unknown>;
    for (const name of names) numbers.push(hexOf(own[name]));
    lengths[2 * i] = tx.to === undefined ? -1 : tx.to.bytes.length;
    lengths[2 * i + 1] = tx.data.length;
    if (tx.to !== undefined) chunks.push(tx.to.bytes);
    chunks.push(tx.data);
    if (Array.isArray(own.accessList) && own.accessList.length > 0) accessLists.set(i, own.accessList);
    return tx.type;
  });
  const senders = txs.map((tx) => toHex(tx.getSenderAddress().bytes));
  return { senders, types, numbers: numbers.join(","), bytes: concat(chunks), lengths, accessLists, raws };
}

function hexOf(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value !== "bigint") throw new Error(`wire transaction: a numeric field is ${typeof value}`);
  return value.toString(16);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Reads transactions back from their wire form, in lane order, for one `Common`. */
export class WireTxReader {
  readonly #numbers: string[];
  #number = 0;
  #byte = 0;

  /**
   * @param unlimitedInitCode the chain's `allowUnlimitedContractSize`: a creation's init code over EIP-3860's
   * limit decodes, as the main thread's transaction factory let it in.
   */
  constructor(
    private readonly common: Common,
    private readonly wire: WireTxs,
    private readonly unlimitedInitCode = false,
  ) {
    this.#numbers = wire.numbers.length === 0 ? [] : wire.numbers.split(",");
  }

  /** Transactions on the wire. */
  get count(): number {
    return this.wire.types.length;
  }

  /** Transaction `i` (read in order: 0, 1, 2, …), with its sender fixed (no signature recovery). */
  read(i: number): TypedTransaction {
    const type = this.wire.types[i] ?? -1;
    const tx = type === -1 ? this.#decoded(i) : this.#rebuilt(i, type);
    const address = new Address(fromHex(this.wire.senders[i] ?? ""));
    Object.defineProperty(tx, "getSenderAddress", { value: () => address });
    return tx;
  }

  #decoded(i: number): TypedTransaction {
    const raw = this.wire.raws.get(i);
    if (raw === undefined) throw new Error(`wire transaction ${i}: neither fields nor serialized form`);
    return createTxFromRLP(raw, this.#options()) as TypedTransaction;
  }

  /** The transaction object of field transaction `i` (decoded from RLP when it is of another chain). */
  #rebuilt(i: number, type: number): TypedTransaction {
    const names = NUMBERS[type] ?? [];
    const values = names.map((_, k) => {
      const hex = this.#numbers[this.#number + k] ?? "";
      return hex === "" ? undefined : BigInt(`0x${hex}`);
    });
    this.#number += names.length;
    const toLength = this.wire.lengths[2 * i] ?? -1;
    const to = toLength < 0 ? undefined : this.#bytes(toLength);
    const data = this.#bytes(this.wire.lengths[2 * i + 1] ?? 0);
    const common = this.common;
    const sample = sampleOf(common, type);
    const accessList = this.wire.accessLists.get(i) ?? [];
    // Another chain's transaction: the constructor rejects it, as the RLP path did.
    if (values[BEFORE_ACCESS_LIST - 1] !== common.chainId())
      return createTx({ ...fieldsOf(names, values), type, to, data, accessList } as never, this.#options());
    const tx = Object.create(Object.getPrototypeOf(sample) as object) as Record<string, unknown>;
    Object.assign(tx, { type, cache: {}, activeCapabilities: capabilitiesOf(sample), common });
    tx.txOptions = this.#options();
    tx.to = to === undefined ? undefined : new Address(to);
    names.forEach((name, k) => {
      if (k === BEFORE_DATA) tx.data = data;
      if (k === BEFORE_ACCESS_LIST) tx.accessList = accessList;
      tx[name] = values[k];
    });
    return tx as unknown as TypedTransaction;
  }

  /** The options the main thread's transaction factory builds with (`transaction-factory.ts`). */
  #options(): { common: Common; freeze: false; allowUnlimitedInitCodeSize: boolean } {
    return { common: this.common, freeze: false, allowUnlimitedInitCodeSize: this.unlimitedInitCode };
  }

  #bytes(length: number): Uint8Array {
    const bytes = this.wire.bytes.subarray(this.#byte, this.#byte + length);
    this.#byte += length;
    return bytes;
  }
}

/** The capabilities (EIPs) the constructor gives a transaction of `sample`'s type. */
function capabilitiesOf(sample: TypedTransaction): number[] {
  return [...(sample as unknown as { activeCapabilities: readonly number[] }).activeCapabilities];
}

function fieldsOf(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name, k) => [name, values[k]]));
}

const samples = new WeakMap<Common, Map<number, TypedTransaction>>();

/**
 * A transaction of type `type` built with `common`: its class and the capabilities its constructor gives (building it
 * also gives that `Common` the transaction parameters the constructor adds).
 */
function sampleOf(common: Common, type: number): TypedTransaction {
  let byType = samples.get(common);
  if (byType === undefined) samples.set(common, (byType = new Map()));
  let sample = byType.get(type);
  if (sample === undefined) {
    sample = createTx({ type }, { common, freeze: false }) as TypedTransaction;
    byType.set(type, sample);
  }
  return sample;
}

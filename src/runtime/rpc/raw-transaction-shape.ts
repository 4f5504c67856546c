/**
 * The shape of a raw transaction's fields, checked as Hardhat's network's decoder (alloy-rlp) reads them, field
 * by field in its order, before anything else: a list where a value goes is "unexpected list", a value where a
 * list goes "unexpected string", an integer wider than its type "overflow", with a leading zero byte "leading
 * zero", an address or 32-byte word of another length "unexpected length", a y-parity above 1 "invalid bool
 * value, must be 0 or 1", too few fields "input too short", too many "unexpected list length (got N, expected
 * M)" (bytes), and then a signature out of range "Invalid Signature"; a blob transaction without its sidecar is
 * "unexpected string". @ethereumjs/tx reads
 * some of these otherwise (a max fee of 2^200 is decoded, then refused for want of funds), so the first fault
 * is found here and answered in Hardhat's network's words (-32602, `data: null`; measured against EDR with
 * crafted payloads in test/compat/raw-transactions.test.ts).
 */
import { RLP } from "@ethereumjs/rlp";

import { bytesToBigInt } from "../util/hex.js";

import { invalidArgument, type RpcError } from "./rpc-error.js";

type Item = Uint8Array | Item[];

/** How one field is read: an unsigned integer of that many bytes at most, or a shaped value. */
type Field = number | "to" | "address" | "bytes" | "parity" | "accessList" | "hashes" | "authorizations";

const U64 = 8;
const U128 = 16;
const U256 = 32;
const SIGNATURE: readonly Field[] = ["parity", U256, U256];
const FEES_1559: readonly Field[] = [U64, U64, U128, U128, U64];

/** The signed fields of each transaction type, in alloy's order (blob transactions without sidecars). */
const FIELDS: Readonly<Record<number, readonly Field[]>> = {
  0: [U64, U128, U64, "to", U256, "bytes", U64, U256, U256],
  1: [U64, U64, U128, U64, "to", U256, "bytes", "accessList", ...SIGNATURE],
  2: [...FEES_1559, "to", U256, "bytes", "accessList", ...SIGNATURE],
  3: [...FEES_1559, "address", U256, "bytes", "accessList", U128, "hashes", ...SIGNATURE],
  4: [...FEES_1559, "address", U256, "bytes", "accessList", "authorizations", ...SIGNATURE],
};

/** An authorization tuple's fields: chain id, address, nonce, y-parity (a byte), r, s. */
const AUTHORIZATION: readonly Field[] = [U256, "address", U64, 1, U256, U256];

/** The first fault of `list` read as `fields`, or undefined. */
function listFault(list: Item, fields: readonly Field[]): string | undefined {
  if (!Array.isArray(list)) return "unexpected string";
  for (const [i, field] of fields.entries()) {
    const item = list[i];
    if (item === undefined) return "input too short";
    const fault = fieldFault(item, field);
    if (fault !== undefined) return fault;
  }
  return extraFault(list, fields.length);
}

/** A list of more than `count` members: the bytes the members read take, and the list's payload. */
function extraFault(list: Item[], count: number): string | undefined {
  if (list.length <= count) return undefined;
  const size = (items: Item[]): number => items.reduce((n, item) => n + RLP.encode(item).length, 0);
  return `unexpected list length (got ${size(list.slice(0, count))}, expected ${size(list)})`;
}

/** The fault of each member of `list` read by `read`, the first one found. */
function eachFault(list: Item, read: (item: Item) => string | undefined): string | undefined {
  if (!Array.isArray(list)) return "unexpected string";
  for (const item of list) {
    const fault = read(item);
    if (fault !== undefined) return fault;
  }
  return undefined;
}

function valueFault(item: Item, field: Exclude<Field, "accessList" | "hashes" | "authorizations">): string | undefined {
  if (Array.isArray(item)) return "unexpected list";
  if (field === "bytes" || (field === "to" && item.length === 0)) return undefined;
  if (field === "to" || field === "address") return item.length === 20 ? undefined : "unexpected length";
  const size = field === "parity" ? 1 : field;
  if (item.length > size) return "overflow";
  if (item[0] === 0) return "leading zero";
  return field === "parity" && item.length === 1 && item[0] !== 1 ? PARITY : undefined;
}

const PARITY = "invalid bool value, must be 0 or 1";

function fieldFault(item: Item, field: Field): string | undefined {
  const word = (w: Item): string | undefined =>
    Array.isArray(w) ? "unexpected list" : w.length === 32 ? undefined : "unexpected length";
  if (field === "hashes") return eachFault(item, word);
  if (field === "authorizations") return eachFault(item, (a) => listFault(a, AUTHORIZATION));
  if (field === "accessList")
    return eachFault(item, (entry) => {
      if (!Array.isArray(entry)) return "unexpected string";
      const [address, keys] = entry;
      if (address === undefined || keys === undefined) return "input too short";
      return valueFault(address, "address") ?? eachFault(keys, word) ?? extraFault(entry, 2);
    });
  return valueFault(item, field);
}

/** The order of secp256k1's group. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** "Invalid Signature" for an r or s of zero, an r not below the curve's order, an s above half of it (EIP-2). */
function signatureFault(fields: Uint8Array[]): string | undefined {
  const [r, s] = fields.slice(-2).map((f) => bytesToBigInt(f));
  if (r === undefined || s === undefined) return undefined;
  return r === 0n || s === 0n || r >= CURVE_ORDER || s > CURVE_ORDER / 2n ? "Invalid Signature" : undefined;
}

/**
 * Hardhat's network's refusal of raw transaction `bytes` whose fields it would not decode, or undefined where
 * their shape is right, the RLP itself is broken (see raw-transaction-words.ts), the type unknown, or a blob
 * transaction comes with its sidecar.
 */
export function rawShapeRefusal(bytes: Uint8Array): RpcError | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  const typed = first < 0x80;
  const fields = FIELDS[typed ? first : 0];
  if (fields === undefined) return undefined;
  if (typed && bytes.length === 1) return undefined;
  let decoded: Item;
  try {
    decoded = RLP.decode(typed ? bytes.subarray(1) : bytes) as Item;
  } catch {
    return undefined;
  }
  if (first === 3) {
    // Hardhat's network takes blob transactions only with their sidecar: the signed fields in a list first.
    return Array.isArray(decoded) && Array.isArray(decoded[0]) ? undefined : invalidArgument("unexpected string");
  }
  const fault = listFault(decoded, fields) ?? signatureFault(decoded as Uint8Array[]);
  return fault === undefined ? undefined : invalidArgument(fault);
}

/**
 * Validation of positional JSON-RPC params. Every reader takes the params array, the index and the
 * parameter's name, and either returns a typed value or throws -32602 naming the parameter and what was
 * expected — so a malformed request never reaches the chain.
 */
import { fromHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

import { invalidParams, RpcError } from "./rpc-error.js";

/** A block reference: a tag, a number, or a hash. */
export type BlockRef =
  | { kind: "tag"; tag: "latest" | "pending" | "earliest" | "safe" | "finalized" }
  | { kind: "number"; number: bigint }
  | { kind: "hash"; hash: string };

// As EDR reads quantities: leading zeros allowed, and a bare "0x" is zero. Its hex readers (quantities, data,
// hashes) take an upper-case "0X" prefix too; its block-spec, address and hardhat_set* readers do not.
const QUANTITY = /^0[xX][0-9a-fA-F]*$/;
const BLOCK_HEX = /^0x[0-9a-fA-F]*$/;
const DECIMAL = /^[0-9]*$/;
const DATA = /^0[xX](?:[0-9a-fA-F]{2})*$/;
const MAX_QUANTITY = (1n << 256n) - 1n;

function hexToBigInt(v: string): bigint {
  return v.length === 2 ? 0n : BigInt(v);
}

/** The params array of a request (an absent params member is an empty array). */
export function paramsArray(params: unknown): unknown[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) throw invalidParams("params must be an array");
  return params;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function bad(index: number, name: string, expected: string, value: unknown): never {
  throw invalidParams(`invalid value for parameter ${index} (${name}): expected ${expected}, got ${describe(value)}`);
}

/** Fails when more params than `max` are given. */
export function maxParams(params: unknown[], max: number): void {
  if (params.length > max) throw invalidParams(`too many params: expected at most ${max}, got ${params.length}`);
}

/** A 20-byte address. */
export function addressParam(params: unknown[], index: number, name: string): AddressHex {
  const v = params[index];
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) bad(index, name, "a 20-byte hex address", v);
  return v.toLowerCase();
}

/**
 * A quantity (0x-prefixed hex, < 2^256; "0x" is zero). Where `lenient` — where Hardhat's network reads the
 * value as a plain number (transaction request fields, block counts, timestamps, gas limits) — JSON numbers,
 * decimal digit strings ("12" is twelve) and "" (zero) are accepted as it accepts them.
 */
export function quantityParam(params: unknown[], index: number, name: string, lenient = false): bigint {
  const v = params[index];
  // A number is read as its JSON text (what Hardhat's network reads): 2 ** 60 is 1152921504606847000.
  if (lenient && typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 1e21) return BigInt(String(v));
  if (lenient && typeof v === "string" && DECIMAL.test(v)) {
    const n = v === "" ? 0n : BigInt(v);
    if (n > MAX_QUANTITY) bad(index, name, "a quantity below 2^256", v);
    return n;
  }
  if (typeof v !== "string" || !QUANTITY.test(v)) bad(index, name, "a hex quantity such as 0x1a", v);
  const n = hexToBigInt(v);
  if (n > MAX_QUANTITY) bad(index, name, "a quantity below 2^256", v);
  return n;
}

/**
 * Refuses an upper-case "0X" prefix where Hardhat's network validates the param itself (hardhat_setBalance,
 * hardhat_setNonce, hardhat_setCode, hardhat_setStorageAt: "invalid value … supplied to : QUANTITY").
 */
export function refuseUpperPrefix(params: unknown[], index: number, name: string): void {
  const v = params[index];
  if (typeof v === "string" && v.startsWith("0X")) bad(index, name, "0x-prefixed hex (lower-case x)", v);
}

/** Optional version of a param reader: undefined when absent or null. */
export function optional<T>(
  read: (params: unknown[], index: number, name: string) => T,
  params: unknown[],
  index: number,
  name: string,
): T | undefined {
  return params[index] === undefined || params[index] === null ? undefined : read(params, index, name);
}

/** Hex data, or "" read as no data (as Hardhat's network reads messages and request data). */
export function dataOrEmptyParam(params: unknown[], index: number, name: string): Uint8Array {
  return params[index] === "" ? new Uint8Array() : dataParam(params, index, name);
}

/** Hex data of any length. */
export function dataParam(params: unknown[], index: number, name: string): Uint8Array {
  const v = params[index];
  if (typeof v !== "string" || !DATA.test(v)) bad(index, name, "0x-prefixed hex data of whole bytes", v);
  return fromHex(v);
}

/** A 32-byte hash. */
export function hashParam(params: unknown[], index: number, name: string): string {
  const v = params[index];
  if (typeof v !== "string" || !/^0[xX][0-9a-fA-F]{64}$/.test(v)) bad(index, name, "a 32-byte hex hash", v);
  return v.toLowerCase();
}

/** A boolean. */
export function boolParam(params: unknown[], index: number, name: string): boolean {
  const v = params[index];
  if (typeof v !== "boolean") bad(index, name, "true or false", v);
  return v;
}

/**
 * A storage slot, normalised to a 32-byte hex word: as EDR, hex digits with or without `0x` (`"10"` is slot
 * 0x10), at most 32 bytes.
 */
export function slotParam(params: unknown[], index: number, name: string): string {
  const v = params[index];
  if (typeof v !== "string" || v === "" || !/^(0x)?[0-9a-fA-F]{0,64}$/.test(v))
    bad(index, name, "a storage slot (hex, ≤ 32 bytes)", v);
  const digits = v.startsWith("0x") ? v.slice(2) : v;
  return `0x${digits.toLowerCase().padStart(64, "0")}`;
}

const MAX_BLOCK_NUMBER = (1n << 64n) - 1n;
const BLOCK_TAGS: readonly string[] = ["latest", "pending", "earliest", "safe", "finalized"];
const BLOCK_EXPECTED = 'a block number, a block hash or one of "latest", "pending", "earliest", "safe", "finalized"';

/**
 * A block tag, number (below 2^64), or EIP-1898 object; absent means "latest" unless `required`. Plain JSON
 * numbers, decimal digit strings and 0X-prefixed hex are accepted, and EIP-1898 objects refused, where
 * `plainNumbers` (EDR takes them where only a block number or tag fits, as in eth_getBlockByNumber, and refuses
 * them where a hash would fit too).
 */
export function blockParam(
  params: unknown[],
  index: number,
  name = "block",
  required = false,
  plainNumbers = false,
): BlockRef {
  const v = params[index];
  if (v === undefined || v === null) {
    if (required) bad(index, name, "a block number, hash or tag", v);
    return { kind: "tag", tag: "latest" };
  }
  if (plainNumbers && typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
    return { kind: "number", number: BigInt(v) };
  }
  // There, decimal digits and an upper-case 0X prefix are read as a number too (as EDR reads them).
  if (plainNumbers && typeof v === "string" && /^(?:[0-9]+|0X[0-9a-fA-F]+)$/.test(v)) {
    const n = BigInt(v.replace(/^0X/, "0x"));
    if (n <= MAX_BLOCK_NUMBER) return { kind: "number", number: n };
  }
  if (typeof v === "string") {
    if (BLOCK_TAGS.includes(v)) {
      return { kind: "tag", tag: v as "latest" };
    }
    // As EDR: a hex string that fits a block number is one (leading zeros allowed); a hash must come as
    // { blockHash } — a bare 32-byte string that does not fit is refused, even a mined block's hash.
    if (BLOCK_HEX.test(v) && hexToBigInt(v) <= MAX_BLOCK_NUMBER) return { kind: "number", number: hexToBigInt(v) };
    if (BLOCK_HEX.test(v)) bad(index, name, "a block number below 2^64 (pass a block hash as { blockHash })", v);
  }
  // Where only a number or tag fits, an EIP-1898 object is refused too (EDR's PreEip1898BlockSpec).
  if (plainNumbers && typeof v === "object") bad(index, name, 'a block number or one of "latest", "pending", …', v);
  if (typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    // EIP-1898: a hash or a number, and `requireCanonical` only beside a hash (EDR refuses the rest).
    if (o.blockNumber !== undefined && (o.blockHash !== undefined || o.requireCanonical !== undefined))
      bad(
        index,
        name,
        `an EIP-1898 block spec with \`blockNumber\` alone, not beside \`${o.blockHash !== undefined ? "blockHash" : "requireCanonical"}\``,
        v,
      );
    if (typeof o.blockHash === "string")
      return { kind: "hash", hash: hashParam([o.blockHash], 0, `${name}.blockHash`) };
    if (typeof o.blockNumber === "string")
      return { kind: "number", number: quantityParam([o.blockNumber], 0, `${name}.blockNumber`) };
  }
  return bad(index, name, BLOCK_EXPECTED, v);
}

/** An object param. */
export function objectParam(params: unknown[], index: number, name: string): Record<string, unknown> {
  const v = params[index];
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(index, name, "an object", v);
  return v as Record<string, unknown>;
}

/**
 * A block where Hardhat's network takes an EIP-1898 block spec (eth_getBalance, eth_call, eth_getLogs' filter, …):
 * as {@link blockParam}, except that a word or decimal digits ("Latest", "12"), which EDR does not read, make the
 * request an unsupported method there (-32004); the same code here, the message naming the param.
 */
export function blockSpecParam(params: unknown[], index: number, name = "block", required = false): BlockRef {
  const v = params[index];
  if (typeof v === "string" && !BLOCK_TAGS.includes(v) && !v.startsWith("0x")) {
    throw new RpcError(
      -32004,
      `invalid value for parameter ${index} (${name}): expected ${BLOCK_EXPECTED}, got ${describe(v)}`,
    );
  }
  return blockParam(params, index, name, required);
}

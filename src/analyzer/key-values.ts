/**
 * Concrete values of summary keys in an executed call (shared by the soundness check and the report's
 * precision oracle): senders, origin, constants, static calldata words, arithmetic over them.
 */
import type { KeySource } from "./locations.js";
import type { FunctionJson } from "./result.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import { splitTop } from "./selectors.js";
import { keccakBig } from "./constants.js";
import { calldataKeyValue, isCalldata } from "./calldata-keys.js";
import { storedKeyValue } from "./stored-keys.js";
import { getterReturn } from "./getter-returns.js";

/** A hex word (with or without `0x`) as a number. */
export const norm = (hex: string): bigint => BigInt(hex.startsWith("0x") ? hex : `0x${hex}`);

const splitTypes = (list: string): string[] => (list === "" ? [] : splitTop(list));

/** Head words an ABI type takes: 1 for a dynamic type (its offset), its whole size for a static one. */
function headWords(type: string): number {
  if (isDynamic(type)) return 1;
  const array = /^(.*)\[(\d+)\]$/.exec(type);
  if (array !== null) return Number(array[2]) * headWords(array[1] ?? "");
  if (type.startsWith("(")) return splitTypes(type.slice(1, -1)).reduce((n, t) => n + headWords(t), 0);
  return 1;
}

function isDynamic(type: string): boolean {
  if (type === "bytes" || type === "string" || type.endsWith("[]")) return true;
  const array = /^(.*)\[\d+\]$/.exec(type);
  if (array !== null) return isDynamic(array[1] ?? "");
  return type.startsWith("(") && splitTypes(type.slice(1, -1)).some(isDynamic);
}

/**
 * The calldata head word holding parameter `index` of a canonical signature, when that parameter is a single
 * static word (an elementary value type); undefined for arrays, tuples, `bytes` and `string`. Dynamic
 * parameters before it take one head word (their offset), static arrays and tuples their whole size.
 */
export function paramWord(signature: string, index: number): number | undefined {
  const types = splitTypes(signature.slice(signature.indexOf("(") + 1, -1));
  const own = types[index];
  if (own === undefined || own.startsWith("(") || own.endsWith("]") || isDynamic(own)) return undefined;
  return types.slice(0, index).reduce((n, t) => n + headWords(t), 0);
}

/**
 * The word of member `member` (a one-word value) of tuple parameter `index` in calldata `input` (hex): a dynamic
 * tuple's head word is an offset to it, a static one is inline; members before it take their head words.
 */
function paramMember(signature: string, index: number, member: number, input: string): bigint | undefined {
  const types = splitTypes(signature.slice(signature.indexOf("(") + 1, -1));
  const tuple = types[index] ?? "";
  const members = tuple.startsWith("(") && tuple.endsWith(")") ? splitTypes(tuple.slice(1, -1)) : [];
  const own = members[member];
  if (own === undefined || own.startsWith("(") || own.endsWith("]") || isDynamic(own)) return undefined;
  const data = input.replace(/^0x/, "").slice(8);
  const word = (at: number) =>
    at * 2 + 64 <= data.length ? BigInt(`0x${data.slice(at * 2, at * 2 + 64)}`) : undefined;
  const head = types.slice(0, index).reduce((n, t) => n + headWords(t), 0) * 32;
  const start = isDynamic(tuple) ? word(head) : BigInt(head);
  if (start === undefined || start > BigInt(data.length)) return undefined;
  return word(Number(start) + members.slice(0, member).reduce((n, t) => n + headWords(t), 0) * 32);
}

/** The bytes of a `bytes`/`string` parameter in calldata `input` (hex): its head word is an offset. */
function paramBytes(signature: string, index: number, input: string): Buffer | undefined {
  const types = splitTypes(signature.slice(signature.indexOf("(") + 1, -1));
  if (types[index] !== "bytes" && types[index] !== "string") return undefined;
  const head = types.slice(0, index).reduce((n, t) => n + headWords(t), 0);
  const data = Buffer.from(input.replace(/^0x/, "").slice(8), "hex");
  const word = (at: number) =>
    at + 32 <= data.length ? BigInt(`0x${data.subarray(at, at + 32).toString("hex")}`) : undefined;
  const offset = word(head * 32);
  const length = offset === undefined || offset > BigInt(data.length) ? undefined : word(Number(offset));
  if (offset === undefined || length === undefined || Number(offset) + 32 + Number(length) > data.length)
    return undefined;
  return data.subarray(Number(offset) + 32, Number(offset) + 32 + Number(length));
}

/**
 * The words of a one-dimensional array parameter of one-word elements (`uint256[]`, `address[]`) in calldata
 * `input` (hex): its head word is an offset to the length and the elements. Undefined when malformed (the call
 * reverted decoding it).
 */
export function paramArray(signature: string, index: number, input: string): bigint[] | undefined {
  const types = splitTypes(signature.slice(signature.indexOf("(") + 1, -1));
  if (!/^(?:uint\d*|address)\[\]$/.test(types[index] ?? "")) return undefined;
  const head = types.slice(0, index).reduce((n, t) => n + headWords(t), 0);
  const data = input.replace(/^0x/, "").slice(8);
  const word = (at: bigint) => {
    const hex = at * 2n + 64n <= BigInt(data.length) ? data.slice(Number(at) * 2, Number(at) * 2 + 64) : "";
    return hex === "" ? undefined : BigInt(`0x${hex}`);
  };
  const offset = word(BigInt(head) * 32n);
  const length = offset === undefined ? undefined : word(offset);
  if (offset === undefined || length === undefined || offset + 32n + length * 32n > BigInt(data.length / 2))
    return undefined;
  return Array.from({ length: Number(length) }, (_, i) => word(offset + 32n + BigInt(i) * 32n) ?? 0n);
}

/**
 * The bytes of the called function's own `bytes`/`string` parameter `key` in frame `call`, or of a `bytes` member
 * of its tuple parameter (`request.data`: `member` its position), when it is one.
 */
export function paramBytesOf(key: KeySource, call: ExecutedCall, fn: FunctionJson): Buffer | undefined {
  if (key.kind !== "param" || fn.kind === "constructor") return undefined;
  if (key.member === undefined)
    return fn.params[key.index] === key.name ? paramBytes(fn.signature, key.index, call.input) : undefined;
  const [name, member, ...rest] = key.name.split(".");
  if (fn.params[key.index] !== name || member === undefined || rest.length > 0) return undefined;
  return memberBytes(fn.signature, key.index, key.member, call.input);
}

/** The bytes of `bytes` member `member` of tuple parameter `index` in calldata `input` (hex): offsets from the tuple. */
function memberBytes(signature: string, index: number, member: number, input: string): Buffer | undefined {
  const types = splitTypes(signature.slice(signature.indexOf("(") + 1, -1));
  const tuple = types[index] ?? "";
  const members = tuple.startsWith("(") && tuple.endsWith(")") ? splitTypes(tuple.slice(1, -1)) : [];
  if (members[member] !== "bytes") return undefined;
  const data = Buffer.from(input.replace(/^0x/, "").slice(8), "hex");
  const word = (at: number) =>
    at + 32 <= data.length ? Number(BigInt(`0x${data.subarray(at, at + 32).toString("hex")}`)) : undefined;
  const head = types.slice(0, index).reduce((n, t) => n + headWords(t), 0) * 32;
  // A tuple with a `bytes` member is dynamic: its head word is an offset to it.
  const start = word(head);
  const offset =
    start === undefined ? undefined : word(start + members.slice(0, member).reduce((n, t) => n + headWords(t), 0) * 32);
  const length = start === undefined || offset === undefined ? undefined : word(start + offset);
  if (start === undefined || offset === undefined || length === undefined) return undefined;
  const from = start + offset + 32;
  return from + length <= data.length ? data.subarray(from, from + length) : undefined;
}

/** keccak256 of `abi.encode` of words and dynamic bytes (each bytes at an offset: length word, padded data). */
function hashEncoded(parts: readonly (bigint | Buffer)[]): bigint {
  const heads: Buffer[] = [];
  const tails: Buffer[] = [];
  let tail = parts.length * 32;
  const word = (v: bigint) => Buffer.from(v.toString(16).padStart(64, "0"), "hex");
  for (const p of parts) {
    if (typeof p === "bigint") {
      heads.push(word(p & ((1n << 256n) - 1n)));
      continue;
    }
    heads.push(word(BigInt(tail)));
    const padded = Buffer.concat([p, Buffer.alloc((32 - (p.length % 32)) % 32)]);
    tails.push(word(BigInt(p.length)), padded);
    tail += 32 + padded.length;
  }
  return keccakBig(Buffer.concat([...heads, ...tails]));
}

/**
 * The concrete value of a summary key in one executed call: the frame's sender, the transaction's origin, a
 * constant, a static calldata word; `"any"` when execution alone does not tell (storage, calls, unknown).
 */
export function keyValue(
  key: KeySource | undefined,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
): bigint | "any" {
  if (key === undefined) return "any";
  const value = (k: KeySource | undefined) => keyValue(k, call, tx, fn);
  // A value read from storage names the function's own read — in its own accesses, and in composed ones when it
  // passed the value on (an argument, the instance called) — never a callee's read (`callee`, nested instances too).
  if (key.kind === "storage") return key.callee === true ? "any" : storedKeyValue(key, call, tx, fn, value);
  if (key.kind === "external-call") return getterReturn(key, call, tx, fn, value);
  if (key.kind === "sender") return call.from === "" ? "any" : norm(call.from);
  if (key.kind === "origin") return norm(tx.origin ?? tx.from);
  if (key.kind === "const")
    return key.value !== undefined
      ? BigInt(key.value)
      : key.text === "this" || key.text === "address(this)"
        ? norm(call.to)
        : "any";
  // `x = f(); if (x == 0) x = g();` (`zero-defaults.ts`): `f()` unless it is zero.
  if (key.kind === "expr" && key.op === "default") {
    const first = value(key.args[0]);
    return first === "any" || first !== 0n ? first : value(key.args[1]);
  }
  // The frame's own calldata: meaningless in a creation frame (its code, not calldata, carries the arguments).
  const fromCalldata = calldataKeyValue(
    key,
    call.input,
    value,
    () => (1n << 255n) | (keccakBig(Buffer.from(`${tx.hash}:${call.from}:${call.input}`)) >> 2n),
  );
  if (fromCalldata !== undefined) return fn.kind === "constructor" ? "any" : fromCalldata;
  if (key.kind === "expr" && key.op.startsWith("keccak:")) {
    const widths = key.op.slice("keccak:".length).split(",");
    // A "d" argument is a calldata `bytes`/`string` parameter of the called function, read from its calldata.
    const bytesOf = (k: KeySource) =>
      fn.kind === "constructor"
        ? undefined
        : isCalldata(k)
          ? Buffer.from(call.input.replace(/^0x/, ""), "hex")
          : k.kind === "param" && fn.params[k.index] === k.name
            ? paramBytes(fn.signature, k.index, call.input)
            : undefined;
    const values = key.args.map((k, i) => (widths[i] === "d" ? (bytesOf(k) ?? "any") : value(k)));
    if (values.some((v) => v === "any")) return "any";
    if (widths.includes("d")) return hashEncoded(values as (bigint | Buffer)[]);
    return hashPacked(values as bigint[], widths.map(Number));
  }
  if (key.kind === "expr") {
    const [a, b] = key.args.map(value);
    return a === undefined || b === undefined || a === "any" || b === "any"
      ? "any"
      : arithmetic(key.op, a, b, key.bits);
  }
  // A member of the called function's own calldata struct parameter (`request.to`).
  if (key.kind === "param" && key.member !== undefined && fn.kind !== "constructor") {
    const own = fn.params[key.index] === key.name.slice(0, key.name.lastIndexOf("."));
    return (own ? paramMember(fn.signature, key.index, key.member, call.input) : undefined) ?? "any";
  }
  // Only the called function's own parameter (its name at that position) is read from its calldata.
  const ownParam = key.kind === "param" && fn.kind !== "constructor" && fn.params[key.index] === key.name;
  const word = ownParam ? paramWord(fn.signature, key.index) : undefined;
  if (key.kind === "param" && word !== undefined && !key.name.includes(".")) {
    const hex = call.input.replace(/^0x/, "").slice(8 + word * 64, 8 + (word + 1) * 64);
    return hex.length === 64 ? BigInt(`0x${hex}`) : "any";
  }
  return "any";
}

/** `a op b` on unsigned `bits`-wide integers (Solidity wraps only in `unchecked`; a checked overflow reverts). */
export function arithmetic(op: string, a: bigint, b: bigint, bits: number): bigint | "any" {
  const mask = (1n << BigInt(bits)) - 1n;
  const ops: Record<string, () => bigint | undefined> = {
    "+": () => a + b,
    "-": () => a - b,
    "*": () => a * b,
    "/": () => (b === 0n ? undefined : a / b),
    "%": () => (b === 0n ? undefined : a % b),
    "&": () => a & b,
    "|": () => a | b,
    "^": () => a ^ b,
    "<<": () => (b >= BigInt(bits) ? 0n : a << b),
    ">>": () => (b >= BigInt(bits) ? 0n : a >> b),
  };
  const value = ops[op]?.();
  return value === undefined ? "any" : value & mask;
}

/** keccak256 of values laid out big-endian in `widths` bytes each (`abi.encodePacked`; 32 each: `abi.encode`). */
export function hashPacked(values: readonly bigint[], widths: readonly number[]): bigint {
  const hex = values
    .map((v, i) => {
      const bytes = widths[i] ?? 32;
      const mask = (1n << BigInt(bytes * 8)) - 1n;
      return (v & mask).toString(16).padStart(bytes * 2, "0");
    })
    .join("");
  return keccakBig(Buffer.from(hex, "hex"));
}

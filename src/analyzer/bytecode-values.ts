/**
 * Abstract values of the bytecode fallback: what a stack word or memory word is known to be — a constant,
 * CALLER/ORIGIN, a calldata word, the function selector, a storage value, a keccak of words, a hashed base
 * plus an offset — and the arithmetic and KECCAK256 over them.
 */
import { keccakBig, word } from "./constants.js";

/** An abstract EVM word. */
export type AVal =
  | { k: "c"; v: bigint }
  | { k: "caller" | "origin" | "sel" | "top" | "sload" }
  | { k: "cd"; off: bigint }
  | { k: "sha"; words: AVal[] }
  | { k: "add"; base: AVal; off: bigint | null }
  | { k: "eqsel"; v: bigint };

/** Nothing known about the word. */
export const TOP: AVal = { k: "top" };
const MASK = (1n << 256n) - 1n;

/** A constant word. */
export const c = (v: bigint): AVal => ({ k: "c", v: v & MASK });

function add(a: AVal, b: AVal): AVal {
  if (a.k === "c" && b.k === "c") return c(a.v + b.v);
  const [x, y] = a.k === "c" ? [b, a] : [a, b];
  if (y.k === "c" && (x.k === "sha" || x.k === "add"))
    return x.k === "add" && x.off !== null ? { ...x, off: x.off + y.v } : { k: "add", base: x, off: y.v };
  if (x.k === "sha") return { k: "add", base: x, off: null };
  if (y.k === "sha") return { k: "add", base: y, off: null };
  return TOP;
}

const CONSTANT_OPS: Record<number, (x: bigint, y: bigint) => bigint> = {
  0x02: (x, y) => x * y,
  0x03: (x, y) => x - y,
  0x04: (x, y) => (y === 0n ? 0n : x / y),
  0x16: (x, y) => x & y,
  0x17: (x, y) => x | y,
  0x18: (x, y) => x ^ y,
  0x1b: (x, y) => (x > 255n ? 0n : y << x),
  0x1c: (x, y) => (x > 255n ? 0n : y >> x),
  0x14: (x, y) => (x === y ? 1n : 0n),
};

/** Selector extraction (`shr(224, cd[0])`, `div(cd[0], 2^224)`, masks) and `selector == C`, or undefined. */
function selectorOp(op: number, a: AVal, b: AVal): AVal | undefined {
  if (op === 0x14) {
    if (a.k === "sel" && b.k === "c") return { k: "eqsel", v: b.v };
    if (b.k === "sel" && a.k === "c") return { k: "eqsel", v: a.v };
  }
  if (op === 0x1c && a.k === "c" && a.v === 224n && b.k === "cd" && b.off === 0n) return { k: "sel" };
  if (op === 0x04 && b.k === "c" && b.v === 1n << 224n && a.k === "cd" && a.off === 0n) return { k: "sel" };
  if (op === 0x16 && (a.k === "sel" || b.k === "sel")) return { k: "sel" };
  return undefined;
}

/** A binary opcode (ADD, MUL, SUB, DIV, EQ, AND, OR, XOR, SHL, SHR) over abstract words. */
export function binary(op: number, a: AVal, b: AVal): AVal {
  if (op === 0x01) return add(a, b);
  const selector = selectorOp(op, a, b);
  if (selector !== undefined) return selector;
  const masked = (x: AVal) => x.k === "caller" || x.k === "origin" || x.k === "cd" || x.k === "sload";
  if (op === 0x16 && a.k === "c" && masked(b)) return b;
  if (op === 0x16 && b.k === "c" && masked(a)) return a;
  if (a.k !== "c" || b.k !== "c") return TOP;
  const f = CONSTANT_OPS[op];
  return f === undefined ? TOP : c(f(a.v, b.v));
}

/** KECCAK256 of 32-byte-aligned memory words (at most 3): a constant when every word is, else symbolic. */
export function sha(mem: Map<bigint, AVal>, off: AVal | undefined, len: AVal | undefined): AVal {
  if (off?.k !== "c" || len?.k !== "c" || len.v % 32n !== 0n || len.v > 96n) return TOP;
  const words: AVal[] = [];
  for (let i = 0n; i < len.v; i += 32n) words.push(mem.get(off.v + i) ?? TOP);
  if (words.every((w) => w.k === "c"))
    return c(keccakBig(Buffer.concat(words.map((w) => word((w as { v: bigint }).v)))));
  return { k: "sha", words };
}

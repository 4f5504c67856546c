/**
 * Whether two symbolic locations, accessed by two transactions from different senders, can share a slot —
 * and under which key equalities. Level by level: root slot ranges must overlap; at every hashed level the
 * keys must be equal (msg.sender never equals another sender's msg.sender or address(0); constants compare
 * by value); a location that is `deep` covers every hashed slot below its range.
 */
import { type KeySource, type Level, type StaticIndex, type SymbolicLocation, constValue } from "./locations.js";

/** `a` (first transaction's key) must equal `b` (second transaction's key). */
export interface KeyEquality {
  a: KeySource;
  b: KeySource;
  /** The keys index a fixed-size array: the slots are known, only which element is not (never `unknown`). */
  bounded?: true;
}

/** Result of an alias check: never, unknown (with reason), or iff all equalities hold (none → always). */
export type AliasResult =
  | { kind: "never" }
  | { kind: "unknown"; reason: string }
  | { kind: "iff"; terms: KeyEquality[]; falseSharing: boolean };

const NEVER: AliasResult = { kind: "never" };

function isSender(k: KeySource): boolean {
  return k.kind === "sender" || k.kind === "origin";
}

/**
 * Whether two keys of two transactions are equal: always, never, or depends (a term). Transactions come from
 * different senders unless `sameSender` (then msg.sender = msg.sender′ and tx.origin = tx.origin′).
 */
export function keyEquality(
  a: KeySource | undefined,
  b: KeySource | undefined,
  sameSender = false,
): "always" | "never" | KeyEquality {
  if (a === undefined || b === undefined) return "always";
  if (isSender(a) && isSender(b)) return !sameSender ? "never" : a.kind === b.kind ? "always" : { a, b };
  const packed = packedParts(a, b);
  if (packed !== undefined && keyEquality(packed[0], packed[1], sameSender) === "never") return "never";
  const hashed = hashEquality(a, b, sameSender);
  if (hashed !== undefined) return hashed === "depends" ? { a, b } : hashed;
  if ((isSender(a) && zero(b)) || (isSender(b) && zero(a))) return "never";
  // A transaction calling the function directly does not come from the contract itself (nor does tx.origin),
  // nor from any contract (accounts with code send no transactions, EIP-3607).
  if ((isSender(a) && isSelf(b)) || (isSender(b) && isSelf(a))) return "never";
  if ((isSender(a) && isContract(b)) || (isSender(b) && isContract(a))) return "never";
  if (a.kind === "const" && b.kind === "const") {
    if (a.value !== undefined && b.value !== undefined) return a.value === b.value ? "always" : "never";
    if (a.text === b.text) return "always";
  }
  return { a, b };
}

const zero = (k: KeySource) => k.kind === "const" && k.value === "0";

/**
 * Two hashes of values laid out alike (`keccak256(abi.encodePacked(owner, lo, hi))`): equal exactly when every
 * value is (keccak's collision resistance, as for mapping slots).
 */
function hashEquality(a: KeySource, b: KeySource, sameSender: boolean): "always" | "never" | "depends" | undefined {
  if (a.kind !== "expr" || b.kind !== "expr" || a.op !== b.op || !a.op.startsWith("keccak:")) return undefined;
  if (a.args.length !== b.args.length) return undefined;
  const each = a.args.map((x, i) => keyEquality(x, b.args[i], sameSender));
  if (each.includes("never")) return "never";
  return each.every((e) => e === "always") ? "always" : "depends";
}

/**
 * 0 or a contract's address (`stored-values.ts`), an account with code (a high-level call's target), or a CREATE2
 * address execution does not tell (`abi-encoding.ts`).
 */
export function isContract(k: KeySource): boolean {
  return (
    (k.kind === "storage" && k.contract !== undefined) ||
    ((k.kind === "const" || k.kind === "unknown") && k.code === true)
  );
}

function isSelf(k: KeySource): boolean {
  return k.kind === "const" && k.value === undefined && (k.text === "this" || k.text === "address(this)");
}

/** Bits that bound a key's value, when known. */
function boundBits(k: KeySource): number | undefined {
  if (k.kind === "unknown") return k.bits;
  const value = constValue(k);
  return value === undefined ? undefined : value.toString(2).length;
}

/** `hi << k | lo` with `lo < 2^k`: the high part and the shift. */
export function packedHigh(k: KeySource): [KeySource, bigint] | undefined {
  if (k.kind !== "expr" || k.op !== "|") return undefined;
  for (const [hi, lo] of [k.args, [...k.args].reverse()]) {
    if (hi?.kind !== "expr" || hi.op !== "<<" || lo === undefined) continue;
    const [x, shift] = hi.args;
    const by = shift === undefined ? undefined : constValue(shift);
    const bound = boundBits(lo);
    // The high part must survive the shift: an address (160 bits) or a bounded value.
    const high = x === undefined ? undefined : isSender(x) ? 160 : boundBits(x);
    if (x === undefined || by === undefined || bound === undefined || high === undefined) continue;
    if (BigInt(bound) <= by && BigInt(high) + by <= BigInt(hi.bits)) return [x, by];
  }
  return undefined;
}

/** Two packed ids `x << k | lo` (same `k`): equal only if their high parts `x` are. */
function packedParts(a: KeySource, b: KeySource): [KeySource, KeySource] | undefined {
  const pa = packedHigh(a);
  const pb = packedHigh(b);
  return pa !== undefined && pb !== undefined && pa[1] === pb[1] ? [pa[0], pb[0]] : undefined;
}

function overlaps(x: Level, y: Level): boolean {
  const xEnd = x.span === null ? null : x.start + x.span;
  const yEnd = y.span === null ? null : y.start + y.span;
  return (xEnd === null || y.start < xEnd) && (yEnd === null || x.start < yEnd);
}

function bytesDisjoint(a: SymbolicLocation, b: SymbolicLocation): boolean {
  if (a.offset === undefined || b.offset === undefined || a.bytes === undefined || b.bytes === undefined) return false;
  return a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset;
}

/** Offsets from the index base the terms from `depth` on (and the inner range) can reach: `[lo, hi)`. */
function residual(index: StaticIndex, depth: number): [bigint, bigint] {
  let lo = index.start;
  let hi = index.start + index.span;
  for (const t of index.terms.slice(depth)) {
    const value = constValue(t.key);
    lo += (value ?? 0n) * t.stride;
    hi += (value ?? t.count - 1n) * t.stride;
  }
  return [lo, hi];
}

/**
 * Refines two overlapping levels that index the same fixed-size arrays: keys compared dimension by dimension
 * while both index the same shape, then what is left must overlap. `undefined` when the levels do not both
 * index the same base (their bounds alone decide).
 */
function indexTerms(x: Level, y: Level, sameSender: boolean): "never" | KeyEquality[] | undefined {
  const ix = x.index;
  const iy = y.index;
  if (ix === undefined || iy === undefined || ix.base !== iy.base) return undefined;
  const terms: KeyEquality[] = [];
  let depth = 0;
  for (; depth < Math.min(ix.terms.length, iy.terms.length); depth++) {
    const tx = ix.terms[depth];
    const ty = iy.terms[depth];
    if (tx === undefined || ty === undefined || tx.stride !== ty.stride || tx.count !== ty.count) break;
    const eq = keyEquality(tx.key, ty.key, sameSender);
    if (eq === "never") return "never";
    if (eq !== "always") terms.push({ ...eq, bounded: true });
  }
  const [xLo, xHi] = residual(ix, depth);
  const [yLo, yHi] = residual(iy, depth);
  return xLo < yHi && yLo < xHi ? terms : "never";
}

/** Can `a` (first transaction) and `b` (second transaction) touch a common slot, and when? */
export function alias(a: SymbolicLocation, b: SymbolicLocation, sameSender = false): AliasResult {
  if (a.root.kind === "unknown") return { kind: "unknown", reason: a.root.reason };
  if (b.root.kind === "unknown") return { kind: "unknown", reason: b.root.reason };
  // An ETH balance is no storage slot.
  if ((a.root.kind === "balance") !== (b.root.kind === "balance")) return NEVER;
  const terms: KeyEquality[] = [];
  for (let i = 0; ; i++) {
    const la = a.levels[i];
    const lb = b.levels[i];
    if (la === undefined || lb === undefined) return NEVER;
    if (i > 0) {
      if (la.via !== lb.via) return NEVER;
      const eq = keyEquality(la.key, lb.key, sameSender);
      if (eq === "never") return NEVER;
      if (eq !== "always") terms.push(eq);
    }
    if (!overlaps(la, lb)) return NEVER;
    const indexed = indexTerms(la, lb, sameSender);
    if (indexed === "never") return NEVER;
    if (indexed !== undefined) terms.push(...indexed);
    const lastA = i === a.levels.length - 1;
    const lastB = i === b.levels.length - 1;
    if (lastA && lastB) return { kind: "iff", terms, falseSharing: bytesDisjoint(a, b) };
    if (lastA || lastB) return (lastA ? a.deep : b.deep) ? { kind: "iff", terms, falseSharing: false } : NEVER;
    if (la.span === 1n && lb.span === 1n && la.start !== lb.start) return NEVER;
  }
}

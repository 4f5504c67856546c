/**
 * The few values a computed key takes in one executed call, when execution can tell them: a key that is
 * `unknown` to the static classes but carries `eval` — how the transaction computes it from its own calldata,
 * sender, constants and the deployment's immutables. Uniswap V2's `pairFor(factory, path[i], path[i + 1])`
 * inside the router's loop over `path` is the CREATE2 address `keccak256(hex'ff', factory, keccak256(token0,
 * token1), initCodeHash)` over the router's immutable `factory`, the sorted pair of two elements of the calldata
 * array (`lo`/`hi`, `sorted-pairs.ts`) and a literal: one value per pair of elements.
 *
 * Values are sets, each occurrence of a key ranging over its values on its own (a sound over-approximation: two
 * occurrences of `path[?]` need not be one element): an element of the called function's own calldata array is
 * each element the calldata holds (none of an empty array: indexing it reverts); alternatives are the union of
 * theirs; an expression is its operation over every combination; `lo`/`hi` of two values proven distinct are the
 * smaller and the larger of every two different values. More than `MAX_VALUES` values, or any value execution
 * does not tell, is "any". An immutable is the value the caller registered for the deployment at the called
 * address (`withImmutables`); "any" without one. Only keys the called function computed itself carry `eval`: a
 * callee's key bound into its caller drops it (`compose-calls.ts`), as does a key of an entry point run through
 * a self-delegatecall (`self-delegatecall.ts`).
 */
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import { keyValue, paramArray } from "./key-values.js";
import type { KeySource } from "./locations.js";
import type { FunctionJson } from "./result.js";

/** More values than this is any value. */
export const MAX_VALUES = 16;

/** Immutable values of deployments: lowercase address → immutable name → value (a number or hex string). */
export type Immutables = Readonly<Record<string, Readonly<Record<string, string | bigint>>>>;

const registry = new WeakMap<ExecutedTransaction, Immutables>();
/** While `tx` is registered: the values of its keys that depend on its calldata and immutables only. */
const caches = new WeakMap<ExecutedTransaction, Map<FunctionJson, Map<KeySource, bigint[] | "any">>>();

/**
 * Runs `place` with the deployments' immutables registered for `tx` (its keys may read them), the values of keys
 * that read neither storage nor calls kept while it runs; unregisters after.
 */
export function withImmutables<T>(tx: ExecutedTransaction, immutables: Immutables | undefined, place: () => T): T {
  registry.set(tx, immutables ?? {});
  caches.set(tx, new Map());
  try {
    return place();
  } finally {
    registry.delete(tx);
    caches.delete(tx);
  }
}

/** Whether a key's value depends only on the call's calldata, sender, constants and immutables. */
function pure(k: KeySource): boolean {
  if (k.kind === "storage" || k.kind === "external-call") return false;
  if (k.kind === "expr") return k.args.every(pure);
  if (k.kind !== "unknown") return true;
  return (k.eval === undefined || pure(k.eval)) && (k.alts ?? []).every(pure);
}

/**
 * Whether execution computes a key this module values: it carries `eval`, is an element of a calldata array or
 * an immutable, itself, as an expression's argument or as an alternative.
 */
export function hasEval(k: KeySource): boolean {
  if (k.kind === "expr") return k.args.some(hasEval);
  if (k.kind === "const") return k.immutable === true && k.value === undefined;
  return k.kind === "unknown" && (k.eval !== undefined || k.elements !== undefined || (k.alts ?? []).some(hasEval));
}

/**
 * The values key `k` takes in `call` when execution computes it (`hasEval`, module header): a list (possibly
 * empty), or "any"; undefined for other keys (`keyValue` and the other rules tell their value).
 */
export function keyValues(
  k: KeySource | undefined,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
): bigint[] | "any" | undefined {
  if (k === undefined || !hasEval(k)) return undefined;
  // One transaction's call and function give a key object one value set (`withImmutables` scopes the cache).
  const byFn = call.to === tx.to && call.input === tx.input && call.from === tx.from ? caches.get(tx) : undefined;
  const cache = byFn === undefined ? undefined : (byFn.get(fn) ?? byFn.set(fn, new Map()).get(fn));
  const cached = cache?.get(k);
  if (cached !== undefined) return cached;
  const out = values(k, { call, tx, fn });
  if (cache !== undefined && pure(k)) cache.set(k, out);
  return out;
}

interface Scope {
  call: ExecutedCall;
  tx: ExecutedTransaction;
  fn: FunctionJson;
}

function values(k: KeySource, s: Scope): bigint[] | "any" {
  if (k.kind === "unknown") {
    if (k.eval !== undefined) return values(k.eval, s);
    if (k.alts !== undefined) return union(k.alts.map((a) => values(a, s)));
    const array = k.elements;
    if (array === undefined || s.fn.kind === "constructor" || s.fn.params[array.index] !== array.name) return "any";
    return capped(paramArray(s.fn.signature, array.index, s.call.input) ?? "any");
  }
  if (k.kind === "const" && k.immutable === true && k.value === undefined) return immutable(k.text, s);
  if (k.kind === "expr" && (k.op === "lo" || k.op === "hi")) return sorted(k.op, k.args, s);
  if (k.kind !== "expr" || !k.args.some(hasEval)) return single(keyValue(k, s.call, s.tx, s.fn));
  if (/[:,]d(?:,|$)/.test(k.op)) return "any";
  let combos: bigint[][] = [[]];
  for (const a of k.args) {
    const vs = values(a, s);
    if (vs === "any") return "any";
    combos = combos.flatMap((c) => vs.map((v) => [...c, v]));
    if (combos.length > MAX_VALUES) return "any";
  }
  const out = combos.map((c) => keyValue({ ...k, args: c.map(constant) }, s.call, s.tx, s.fn));
  return union(out.map(single));
}

/** `lo`/`hi` of two values a guard proved different (`sorted-pairs.ts`): the smaller/larger of every two. */
function sorted(op: "lo" | "hi", args: readonly KeySource[], s: Scope): bigint[] | "any" {
  const [a, b] = args.map((x) => values(x, s));
  if (a === undefined || b === undefined || a === "any" || b === "any") return "any";
  const out: bigint[] = [];
  for (const x of a) for (const y of b) if (x !== y) out.push(op === "lo" ? (x < y ? x : y) : x < y ? y : x);
  return capped(out);
}

function immutable(name: string, s: Scope): bigint[] | "any" {
  const value = registry.get(s.tx)?.[s.call.to.toLowerCase()]?.[name];
  return value === undefined ? "any" : [BigInt(value)];
}

const texts = new WeakMap<object, string>();

/**
 * `JSON.stringify` of a key of an analysis result, computed once per key object (keys with `eval` are large, and
 * placement compares them for every access of every transaction); the result is read as immutable.
 */
export function keyId(k: KeySource | undefined): string {
  if (k === undefined) return "undefined";
  let text = texts.get(k);
  if (text === undefined) {
    text = JSON.stringify(k);
    texts.set(k, text);
  }
  return text;
}

const constant = (v: bigint): KeySource => ({ kind: "const", text: `0x${v.toString(16)}`, value: v.toString() });
const single = (v: bigint | "any"): bigint[] | "any" => (v === "any" ? "any" : [v]);

function union(sets: readonly (bigint[] | "any")[]): bigint[] | "any" {
  const out = new Set<bigint>();
  for (const set of sets) {
    if (set === "any") return "any";
    for (const v of set) out.add(v);
  }
  return capped([...out]);
}

function capped(vs: readonly bigint[] | "any"): bigint[] | "any" {
  if (vs === "any") return "any";
  const unique = [...new Set(vs)];
  return unique.length > MAX_VALUES ? "any" : unique;
}

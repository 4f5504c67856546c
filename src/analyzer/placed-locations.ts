/**
 * Where an access of an executed transaction is, its keys valued by the transaction (`keyValue`): keys execution
 * does not tell are wildcards, a contract's address stays one; a storage key that may take a few values
 * (`storedKeyValues`) gives one location per value, and none when it takes none.
 */
import { isContract } from "./alias.js";
import { locationFromJson } from "./classify-instances.js";
import type { ExecutedTransaction } from "./executed-transaction.js";
import { keyValue, paramArray } from "./key-values.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import type { FunctionJson, LocationJson } from "./result.js";
import { storedKeyValues } from "./stored-keys.js";
import { keyId, keyValues } from "./key-value-sets.js";

const ANY: KeySource = { kind: "unknown", reason: "not known from the transaction" };

function valued(key: KeySource, tx: ExecutedTransaction, fn: FunctionJson): KeySource {
  const v = keyValue(key, { from: tx.from, to: tx.to, input: tx.input }, tx, fn);
  // A contract's address stays one: it is none of the transactions' senders (`placedConflict`).
  if (v === "any") return isContract(key) ? key : ANY;
  return { kind: "const", text: `0x${v.toString(16)}`, value: v.toString() };
}

/** A location with its keys valued by the transaction (own or composed: a callee's stored keys stay wildcards). */
function location(loc: LocationJson, tx: ExecutedTransaction, fn: FunctionJson): SymbolicLocation {
  return locationFromJson(loc, (k) => valued(k, tx, fn));
}

/**
 * The values a key takes when execution tells a few: a storage key's (`storedKeyValues`), an element of the
 * called function's own calldata array parameter (`calldata-arrays.ts`: each element; none of an empty array).
 * `undefined` when one value (`keyValue` gives it) or any.
 */
function fewValues(k: KeySource | undefined, tx: ExecutedTransaction, fn: FunctionJson): bigint[] | undefined {
  const call = { from: tx.from, to: tx.to, input: tx.input };
  // A key execution computes from calldata elements, sorted pairs and immutables (`key-value-sets.ts`).
  const computed = keyValues(k, call, tx, fn);
  if (computed !== undefined) return computed === "any" ? undefined : computed;
  if (k?.kind === "storage") {
    const values = storedKeyValues(k, call, tx, fn, (x) => keyValue(x, call, tx, fn));
    return values !== "any" && values.length !== 1 ? values : undefined;
  }
  const array = k?.kind === "unknown" ? k.elements : undefined;
  if (array === undefined || fn.kind === "constructor" || fn.params[array.index] !== array.name) return undefined;
  return paramArray(fn.signature, array.index, tx.input);
}

/**
 * The locations an access may be at: one per value of each key that may take a few (`fewValues`:
 * `_balanceOf[_ownerOf[id]]` in a burn that deletes `_ownerOf[id]` is the owner read or 0, `balanceOf[from][ids[i]]`
 * each id of the batch); none when a key takes none (the transaction never read it, or the array is empty:
 * nothing keyed by it was accessed).
 */
export function placedLocations(loc: LocationJson, tx: ExecutedTransaction, fn: FunctionJson): SymbolicLocation[] {
  let combos: Map<string, bigint>[] = [new Map()];
  const keys = loc.levels.flatMap((l) => [l.key, ...(l.index?.terms.map((t) => t.key) ?? [])]);
  const texts = keys.map(keyId);
  for (const [i, k] of keys.entries()) {
    const text = texts[i] ?? "";
    if (combos.length === 0 || combos.some((c) => c.has(text))) continue;
    // Two elements of one array in one location (`m[ids[i]][ids[j]]`) need not be one element: left wildcards.
    if (k?.kind === "unknown" && texts.indexOf(text) !== texts.lastIndexOf(text)) continue;
    const values = fewValues(k, tx, fn);
    if (values !== undefined) combos = combos.flatMap((c) => values.map((v) => new Map(c).set(text, v)));
  }
  // Too many combinations: the keys stay wildcards (`keyValue` values only a key with one value).
  if (combos.length > 16) return [location(loc, tx, fn)];
  return combos.map((c) =>
    locationFromJson(loc, (k) => {
      const v = c.get(keyId(k));
      return v === undefined ? valued(k, tx, fn) : { kind: "const", text: `0x${v.toString(16)}`, value: `${v}` };
    }),
  );
}

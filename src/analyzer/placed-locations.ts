/**
 * Where an access of an executed transaction is, its keys valued by the transaction (`keyValue`): keys execution
 * does not tell are wildcards, a contract's address stays one; a storage key that may take a few values
 * (`storedKeyValues`) gives one location per value, and none when it takes none.
 */
import { isContract } from "./alias.js";
import { locationFromJson } from "./classify-instances.js";
import type { ExecutedTransaction } from "./executed-transaction.js";
import { keyValue } from "./key-values.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import type { FunctionJson, LocationJson } from "./result.js";
import { storedKeyValues } from "./stored-keys.js";

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
 * The locations an access may be at: one per value of each storage key that may take a few (`storedKeyValues`:
 * `_balanceOf[_ownerOf[id]]` in a burn that deletes `_ownerOf[id]` is the owner read or 0); none when a key
 * takes none (the transaction never read it: nothing keyed by it was accessed).
 */
export function placedLocations(loc: LocationJson, tx: ExecutedTransaction, fn: FunctionJson): SymbolicLocation[] {
  const call = { from: tx.from, to: tx.to, input: tx.input };
  const resolve = (k: KeySource) => keyValue(k, call, tx, fn);
  let combos: Map<string, bigint>[] = [new Map()];
  for (const level of loc.levels) {
    const k = level.key;
    const text = JSON.stringify(k);
    if (k?.kind !== "storage" || combos.length === 0 || combos.some((c) => c.has(text))) continue;
    const values = storedKeyValues(k, call, tx, fn, resolve);
    if (values !== "any" && values.length !== 1)
      combos = combos.flatMap((c) => values.map((v) => new Map(c).set(text, v)));
  }
  // Too many combinations: the keys stay wildcards (`keyValue` values only a key with one value).
  if (combos.length > 16) return [location(loc, tx, fn)];
  return combos.map((c) =>
    locationFromJson(loc, (k) => {
      const v = c.get(JSON.stringify(k));
      return v === undefined ? valued(k, tx, fn) : { kind: "const", text: `0x${v.toString(16)}`, value: `${v}` };
    }),
  );
}

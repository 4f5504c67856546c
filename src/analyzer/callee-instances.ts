/**
 * The instance a composed call reached in an executed transaction. A direct callee's stored address
 * (`IUniswapV2Pair(pair).swap(...)` calling `token0.transfer(...)`: the pair's `token0`, a key marked `callee`)
 * is valued by the transaction's record when the transaction never wrote it (`untouched-slots.ts`): the call is
 * made by the function's direct callee (one `→` in its path), whose instance is valued, and which itself reads
 * the variable (its own composed read of that text). "any" otherwise, as `keyValue` says for every other key.
 */
import type { ExecutedTransaction } from "./executed-transaction.js";
import { keyValue } from "./key-values.js";
import { keyId, keyValues } from "./key-value-sets.js";
import type { KeySource } from "./locations.js";
import { ownCallText, returned } from "./getter-returns.js";
import type { FunctionJson, LocationJson } from "./result.js";
import { deployedContract, registeredResult, variableValue } from "./untouched-slots.js";

type ComposedJson = NonNullable<FunctionJson["composed"]>[number];

/** The values a key of the called function takes: a few when execution computes it (`key-value-sets.ts`). */
function instanceValues(k: KeySource | undefined, tx: ExecutedTransaction, fn: FunctionJson): bigint[] | "any" {
  const call = { from: tx.from, to: tx.to, input: tx.input };
  const few = keyValues(k, call, tx, fn);
  if (few !== undefined) return few;
  const v = keyValue(k, call, tx, fn);
  return v === "any" ? "any" : [v];
}

/**
 * The address values of composed access `a`'s instance in `tx` (module header): several when the instance is
 * computed from several calldata elements (`pairFor(factory, path[i], path[i + 1])`), none when from an empty array.
 */
export function composedInstances(a: ComposedJson, tx: ExecutedTransaction, fn: FunctionJson): bigint[] | "any" {
  const direct = instanceValues(a.instance, tx, fn);
  const key = a.instance;
  if (direct !== "any" || key?.kind !== "storage" || key.callee !== true || !/^\w+$/.test(key.text)) return direct;
  const path = a.via.split(" → ");
  if (path.length !== 2) return "any";
  const parents = (fn.composed ?? []).filter((c) => c.via === path[0]);
  const instances = new Set(parents.map((c) => keyId(c.instance)));
  const reads = parents.some(
    (c) =>
      c.mode === "read" &&
      c.location.root.kind === "variable" &&
      [key.text, `${c.location.root.contract}.${key.text}`].includes(c.location.root.label) &&
      c.location.levels.length === 1,
  );
  const parent = instances.size === 1 && reads ? parents[0]?.instance : undefined;
  const at = parent === undefined ? "any" : instanceValues(parent, tx, fn);
  if (at === "any") return "any";
  const out = at.map((v) => variableValue(tx, `0x${v.toString(16).padStart(40, "0")}`, key.text));
  return out.some((v) => v === "any") ? "any" : [...new Set(out as bigint[])];
}

/**
 * A direct callee's own access (`pair.mint(to)` writing `balanceOf[factory.feeTo()]`) with keys its own getter
 * calls returned: a call text only the callee's class makes (so not a key the caller passed in), the callee at a
 * valued address, its function found by the path's signature, the getter's instance and arguments the callee's
 * untouched stored addresses (`variableValue`). Such keys become constants; the location is unchanged otherwise.
 */
export function calleeCallKeys(a: ComposedJson, address: string, tx: ExecutedTransaction): LocationJson {
  const result = registeredResult(tx);
  const callee = deployedContract(tx, address);
  // `target.f(types)`: no type has a dot, so the signature follows the last one.
  const signature = a.via.includes(" → ") ? undefined : a.via.split(".").pop();
  const fn = callee?.functions.find((f) => f.signature === signature);
  if (result === undefined || callee === undefined || fn === undefined || !a.location.levels.some(callKey))
    return a.location;
  const resolve = (k: KeySource): bigint | "any" =>
    k.kind === "storage" && /^\w+$/.test(k.text) ? variableValue(tx, address, k.text) : "any";
  const value = (k: KeySource): KeySource => {
    if (k.kind !== "external-call" || !ownCallText(result, callee.name, fn, k.text)) return k;
    const values = new Set(
      fn.externalCalls
        .filter((c) => `${c.target}.${c.fn}()` === k.text)
        .map((c) => (c.callee === undefined ? "any" : returned(c.callee, tx, resolve))),
    );
    const [only, ...more] = [...values];
    return only === undefined || only === "any" || more.length > 0
      ? k
      : { kind: "const", text: `0x${only.toString(16)}`, value: only.toString() };
  };
  return {
    ...a.location,
    levels: a.location.levels.map((l) => (l.key === undefined ? l : { ...l, key: value(l.key) })),
  };
}

const callKey = (l: LocationJson["levels"][number]) => l.key?.kind === "external-call";

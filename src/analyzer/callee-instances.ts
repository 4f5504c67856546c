/**
 * The instance a composed call reached in an executed transaction. A direct callee's stored address
 * (`IUniswapV2Pair(pair).swap(...)` calling `token0.transfer(...)`: the pair's `token0`, a key marked `callee`)
 * is valued by the transaction's record when the transaction never wrote it (`untouched-slots.ts`): the call is
 * made by the function's direct callee (one `→` in its path), whose instance is valued, and which itself reads
 * the variable (its own composed read of that text). "any" otherwise, as `keyValue` says for every other key.
 */
import type { ExecutedTransaction } from "./executed-transaction.js";
import { keyValue } from "./key-values.js";
import type { FunctionJson } from "./result.js";
import { variableValue } from "./untouched-slots.js";

type ComposedJson = NonNullable<FunctionJson["composed"]>[number];

/** The address value of composed access `a`'s instance in `tx` (module header). */
export function composedInstance(a: ComposedJson, tx: ExecutedTransaction, fn: FunctionJson): bigint | "any" {
  const call = { from: tx.from, to: tx.to, input: tx.input };
  const direct = keyValue(a.instance, call, tx, fn);
  const key = a.instance;
  if (direct !== "any" || key?.kind !== "storage" || key.callee !== true || !/^\w+$/.test(key.text)) return direct;
  const path = a.via.split(" → ");
  if (path.length !== 2) return "any";
  const parents = (fn.composed ?? []).filter((c) => c.via === path[0]);
  const instances = new Set(parents.map((c) => JSON.stringify(c.instance)));
  const reads = parents.some(
    (c) =>
      c.mode === "read" &&
      c.location.root.kind === "variable" &&
      [key.text, `${c.location.root.contract}.${key.text}`].includes(c.location.root.label) &&
      c.location.levels.length === 1,
  );
  const parent = instances.size === 1 && reads ? parents[0]?.instance : undefined;
  const at = parent === undefined ? "any" : keyValue(parent, call, tx, fn);
  return at === "any" ? "any" : variableValue(tx, `0x${at.toString(16).padStart(40, "0")}`, key.text);
}

/**
 * The value a public getter returned in an executed transaction: `IUniswapV2Factory(factory).getPair(tokenIn,
 * tokenOut)` returns the factory's `getPair[tokenIn][tokenOut]`. The call's key (`factory.getPair()`) names one
 * of the called function's own calls when no other function of the analysis makes a call with that text (a
 * callee's key bound into its caller keeps its text); every such call of the function must give one value. The
 * instance must be valued and deployed as the getter's implementation, the getter must read exactly one plain
 * slot keyed by its parameters, and the slot must be untouched by the transaction (`untouched-slots.ts`): then
 * the getter returned what the transaction read there — or the call came before anything could change storage
 * (`ExternalCall.first`). "any" otherwise.
 */
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import type { KeySource } from "./locations.js";
import type { AnalysisResult, FunctionJson, LocationJson } from "./result.js";
import { slotOf } from "./stored-keys.js";
import { deployedContract, recordedValue, registeredResult, untouchedValue } from "./untouched-slots.js";

type Resolve = (key: KeySource) => bigint | "any";
type Edge = NonNullable<FunctionJson["externalCalls"][number]["callee"]>;

const callText = (c: FunctionJson["externalCalls"][number]) => `${c.target}.${c.fn}()`;

/** Per call text, the contracts whose functions make a call with it (kept per result). */
const textOwners = new WeakMap<AnalysisResult, ReadonlyMap<string, ReadonlySet<string>>>();
function ownersOf(result: AnalysisResult): ReadonlyMap<string, ReadonlySet<string>> {
  let owners = textOwners.get(result);
  if (owners === undefined) {
    const out = new Map<string, Set<string>>();
    for (const c of result.contracts)
      for (const f of [...c.functions, ...(c.creation === undefined ? [] : [c.creation])])
        for (const t of f.externalCalls.map(callText)) out.set(t, (out.get(t) ?? new Set()).add(c.name));
    owners = out;
    textOwners.set(result, owners);
  }
  return owners;
}

/**
 * Whether key text `text` in `fn` (of `contract`) can only name one of `fn`'s own calls: no other contract makes
 * a call with that text (a callee's key, bound into its caller, keeps its text; callees are never of the caller's
 * class) and `fn` calls nothing on its own class (`IFoo(address(this)).f()` composes its own functions).
 */
export function ownCallText(result: AnalysisResult, contract: string, fn: FunctionJson, text: string): boolean {
  const owners = ownersOf(result).get(text);
  if (owners === undefined || owners.size !== 1 || !owners.has(contract)) return false;
  return fn.externalCalls.every((c) => c.callee?.implementation !== contract && !/\bthis\b/.test(c.target));
}

/** Bytes of the getter's value type: 20 for an address or contract, 32 for a whole word; undefined otherwise. */
function valueBytes(type: string): number | undefined {
  const inner = /=>\s*([^()=]+?)\)*$/.exec(type)?.[1] ?? type;
  if (inner === "address" || inner === "address payable" || inner.startsWith("contract ")) return 20;
  return /^(?:uint256|int256|bytes32)$/.test(inner) ? 32 : undefined;
}

/** The one plain location the getter reads, and its value's width; undefined when not one. */
function getterRead(getter: FunctionJson): LocationJson | undefined {
  if (getter.kind !== "getter" || getter.reads.length !== 1 || getter.writes.length > 0) return undefined;
  const loc = getter.reads[0]?.location;
  if (loc === undefined || loc.deep || loc.root.kind !== "variable" || (loc.offset ?? 0) !== 0) return undefined;
  return loc.levels.every((l) => l.index === undefined && l.hash === undefined && l.via !== "data") ? loc : undefined;
}

/**
 * The value one call's getter returned (`resolve` values the caller's keys); "any" when not told. A call made
 * before anything in the transaction can have changed storage (`first`) read the value from before the
 * transaction, the one the record keeps for its first read there, even when the transaction writes the slot later
 * (`if (pair == address(0)) pair = factory.createPair(a, b)`).
 */
export function returned(edge: Edge, tx: ExecutedTransaction, resolve: Resolve, first = false): bigint | "any" {
  const target = edge.target === undefined ? "any" : resolve(edge.target);
  if (target === "any") return "any";
  const address = `0x${target.toString(16).padStart(40, "0")}`;
  const contract = deployedContract(tx, address);
  const getter = contract?.functions.find((f) => f.signature === edge.function);
  const loc = getter === undefined || contract?.name !== edge.implementation ? undefined : getterRead(getter);
  const root = loc?.root.kind === "variable" ? loc.root.label : undefined;
  const bytes = valueBytes(contract?.storage.find((s) => s.label === root)?.type ?? "");
  if (loc === undefined || bytes === undefined) return "any";
  const arg: Resolve = (k) =>
    k.kind === "param" ? (edge.args[k.index] === undefined ? "any" : resolve(edge.args[k.index] as KeySource)) : "any";
  const slot = slotOf(loc, arg);
  const untouched = slot === "any" ? "any" : untouchedValue(tx, address, loc, slot, arg);
  const value = untouched === "any" && first && slot !== "any" ? recordedValue(tx, address, slot) : untouched;
  return value === "any" ? "any" : value & ((1n << BigInt(bytes * 8)) - 1n);
}

/** The value of external-call key `key` in the called function `fn`'s frame `call` (module header). */
export function getterReturn(
  key: Extract<KeySource, { kind: "external-call" }>,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
  resolve: Resolve,
): bigint | "any" {
  const result = registeredResult(tx);
  const contract = deployedContract(tx, call.to)?.name;
  const top = call.to.toLowerCase() === tx.to.toLowerCase() && call.input === tx.input && fn.kind !== "constructor";
  if (result === undefined || contract === undefined || !top || !ownCallText(result, contract, fn, key.text))
    return "any";
  const calls = fn.externalCalls.filter((c) => callText(c) === key.text);
  const values = new Set(
    calls.map((c) => (c.callee === undefined ? "any" : returned(c.callee, tx, resolve, c.first === true))),
  );
  const [only, ...more] = [...values];
  return only === undefined || more.length > 0 ? "any" : only;
}

/**
 * Slots an executed transaction never wrote, valued from its record. `placedAccesses` first places the
 * transaction's accesses with every stored key a wildcard (a sound over-approximation of everything it may
 * write, in every frame: its own function, composed callees, re-entrant callbacks, paths that revert); a slot
 * none of those writes may alias held the value from before the transaction during all of it, so every read of
 * it — in any frame, before or after any call out — saw the value the runtime recorded for the transaction's
 * first read there (`ExecutedTransaction.accesses[].value`). Keys read from such slots are then valued: a stored
 * `factory` in a router that calls out, and the return of a public getter called on a known instance
 * (`IUniswapV2Factory(factory).getPair(tokenA, tokenB)`: `getPair[tokenA][tokenB]` of the factory). Registered
 * per transaction only while `placedAccesses` places it a second time; "any" everywhere else.
 */
import { alias } from "./alias.js";
import { locationFromJson } from "./classify-instances.js";
import type { ExecutedTransaction } from "./executed-transaction.js";
import type { KeySource } from "./locations.js";
import type { Placed } from "./placed-conflict.js";
import type { AnalysisResult, ContractJson, LocationJson } from "./result.js";

/** What the first placement of a transaction told: its possible writes, and the deployments by address. */
interface Untouched {
  readonly result: AnalysisResult;
  readonly writes: readonly Placed[];
  readonly byAddress: ReadonlyMap<string, string>;
}

const registry = new WeakMap<ExecutedTransaction, Untouched>();

/**
 * Runs `place` with `tx`'s possible writes registered (`writes`: its first placement's writes and every access
 * its paths that revert may make), so keys read from slots none of them reaches are valued; unregisters after.
 */
export function withUntouched<T>(tx: ExecutedTransaction, known: Untouched, place: () => T): T {
  registry.set(tx, known);
  try {
    return place();
  } finally {
    registry.delete(tx);
  }
}

/** The analysis of the contract deployed at `address` while `tx` is registered (undefined otherwise). */
export function deployedContract(tx: ExecutedTransaction, address: string): ContractJson | undefined {
  const known = registry.get(tx);
  const name = known?.byAddress.get(address.toLowerCase());
  return name === undefined
    ? undefined
    : known?.result.contracts.find((c) => c.name === name || `${c.sourceName}:${c.name}` === name);
}

/** The analysis `tx` is placed with while it is registered. */
export function registeredResult(tx: ExecutedTransaction): AnalysisResult | undefined {
  return registry.get(tx)?.result;
}

const constKey = (v: bigint | "any"): KeySource =>
  v === "any"
    ? { kind: "unknown", reason: "not known from the transaction" }
    : { kind: "const", text: `0x${v.toString(16)}`, value: v.toString() };

/**
 * The value slot `slot` of the contract at `address` held during all of `tx` — `location` (its keys valued by
 * `resolve`) names it for the alias check —, when `tx` is registered, none of its possible writes may alias it,
 * and the transaction recorded a read there with its value; "any" otherwise.
 */
export function untouchedValue(
  tx: ExecutedTransaction,
  address: string,
  location: LocationJson,
  slot: bigint,
  resolve: (k: KeySource) => bigint | "any",
): bigint | "any" {
  const known = registry.get(tx);
  const at = address.toLowerCase();
  const contract = known?.byAddress.get(at);
  if (known === undefined || contract === undefined) return "any";
  const target = locationFromJson(location, (k) => constKey(resolve(k)));
  for (const w of known.writes) {
    const sameContract = w.address === "any" ? w.contract === "*" || w.contract === contract : w.address === at;
    if (sameContract && alias(w.location, target, true).kind !== "never") return "any";
  }
  return recordedValue(tx, at, slot);
}

/**
 * The value the transaction's record keeps for its read of `slot` at `address` — what the slot held before the
 * transaction (a read after the transaction's own write is not recorded); "any" when it recorded none.
 */
export function recordedValue(tx: ExecutedTransaction, address: string, slot: bigint): bigint | "any" {
  return readValues(tx).get(`${address.toLowerCase()}:${slot}`) ?? "any";
}

/** Per transaction (its record read as immutable), its first recorded read with a value of each slot, built once. */
const readIndex = new WeakMap<ExecutedTransaction, ReadonlyMap<string, bigint>>();
function readValues(tx: ExecutedTransaction): ReadonlyMap<string, bigint> {
  let index = readIndex.get(tx);
  if (index === undefined) {
    const built = new Map<string, bigint>();
    for (const a of tx.accesses) {
      if (a.kind !== "read" || a.value === undefined) continue;
      const key = `${a.address.toLowerCase()}:${BigInt(a.slot)}`;
      if (!built.has(key)) built.set(key, BigInt(a.value.startsWith("0x") ? a.value : `0x${a.value}`));
    }
    index = built;
    readIndex.set(tx, index);
  }
  return index;
}

/**
 * The value of state variable `label` (an address or contract, one slot or packed) of the contract deployed at
 * `address`, when `tx` never wrote it (`untouchedValue`); "any" otherwise.
 */
export function variableValue(tx: ExecutedTransaction, address: string, label: string): bigint | "any" {
  const found = deployedContract(tx, address)?.storage.filter((v) => v.label === label) ?? [];
  const [only, ...more] = found;
  const addressType =
    only?.type === "address" || only?.type === "address payable" || only?.type.startsWith("contract ");
  if (only === undefined || more.length > 0 || addressType !== true || only.offset + 20 > 32) return "any";
  const location: LocationJson = {
    text: label,
    root: { kind: "slot" },
    levels: [{ via: "root", start: only.slot, span: "0x1" }],
    deep: false,
    offset: only.offset,
    bytes: 20,
  };
  const value = untouchedValue(tx, address, location, BigInt(only.slot), () => "any");
  return value === "any" ? "any" : (value >> BigInt(only.offset * 8)) & ((1n << 160n) - 1n);
}

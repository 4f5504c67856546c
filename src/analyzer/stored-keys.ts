/**
 * Keys read from the contract's own storage, valued by execution: `_balanceOf[_ownerOf[id]]` or
 * `_delegateCheckpoints[_delegatee[from]]` name the value the transaction read at `_ownerOf[id]` or
 * `_delegatee[from]`, and a transaction records what it read (`ExecutedTransaction.accesses[].value`: the value
 * from before the transaction; a read after its own write is not recorded). A read of that location in the
 * transaction sees that value or one the transaction wrote there before: when the function makes no call out that
 * could re-enter and write it (only static calls and 2300-gas transfers) and runs as the transaction's top-level
 * call (no other frame of the transaction can then run this contract's code), only its own writes can — and when
 * each of those that may alias the location (writes and reverting accesses, symbolically) tells what it stores
 * (`AccessJson.values`: `delete _ownerOf[id]` stores 0, `_delegatee[account] = delegatee` a parameter), the key is
 * one of those values or the one read. Otherwise — or when the location holds fixed-array indices, or its keys or
 * the read are not known — the key stays a wildcard.
 */
import { alias } from "./alias.js";
import { locationFromJson } from "./classify-instances.js";
import { keccakBig, word } from "./constants.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import type { KeySource } from "./locations.js";
import type { FunctionJson, LevelJson, LocationJson } from "./result.js";
import { untouchedValue } from "./untouched-slots.js";

type Resolve = (key: KeySource) => bigint | "any";

const hexBig = (h: string): bigint => BigInt(h.startsWith("0x") ? h : `0x${h}`);

/**
 * The one location of the function's own reads whose text the key names, placed in storage with plain levels
 * (`rootIndex`: or fixed-size array elements at its first level, `vaults[msg.sender % SHARDS]`).
 */
function sourceOf(
  key: Extract<KeySource, { kind: "storage" }>,
  fn: FunctionJson,
  rootIndex = false,
): LocationJson | undefined {
  const found = new Map<string, LocationJson>();
  for (const a of [...fn.reads, ...(fn.reverting ?? [])]) {
    if (a.location.text === key.text) found.set(JSON.stringify(a.location), a.location);
  }
  const [only, ...more] = [...found.values()];
  if (only === undefined || more.length > 0 || only.deep) return undefined;
  const placed = only.root.kind === "variable" || only.root.kind === "namespace" || only.root.kind === "slot";
  const plain = only.levels.every((l, i) => (l.index === undefined || (rootIndex && i === 0)) && l.hash === undefined);
  return placed && plain ? only : undefined;
}

/** Whether another frame may write `source` during the transaction: a call out could re-enter. */
const callsOut = (fn: FunctionJson) => fn.externalCalls.some((c) => c.kind !== "staticcall" && c.kind !== "transfer");

/**
 * The values the function's own writes that may alias `source` store there (`AccessJson.values`), valued by the
 * transaction; "any" when one does not tell, or stores at another offset or width of a packed slot.
 */
function valuesWritten(source: LocationJson, fn: FunctionJson, resolve: Resolve): bigint[] | "any" {
  const keep = (k: KeySource) => k;
  const at = locationFromJson(source, keep);
  const out: bigint[] = [];
  for (const w of [...fn.writes, ...(fn.reverting ?? [])]) {
    // One transaction: its msg.sender (and origin) is one account on both sides.
    if (alias(at, locationFromJson(w.location, keep), true).kind === "never") continue;
    const zeros = w.values?.length === 1 && w.values[0]?.kind === "const" && w.values[0].value === "0";
    const sameBits = w.location.offset === source.offset && w.location.bytes === source.bytes && !w.location.deep;
    // Zeros written over the whole slot (or everything below a `delete`d struct) zero the key's bytes too.
    const wholeSlot = w.location.deep || w.location.offset === undefined;
    if (w.values === undefined || !(sameBits || (zeros && wholeSlot))) return "any";
    for (const v of w.values) {
      const value = v.kind === "storage" ? "any" : resolve(v);
      if (value === "any") return "any";
      out.push(source.bytes === undefined ? value : value & ((1n << BigInt(source.bytes * 8)) - 1n));
    }
  }
  return out;
}

/** The slot of a first level: its start, or its one fixed-size array element (`StaticIndexJson`) when valued. */
function rootSlot(root: LevelJson, resolve: Resolve): bigint | "any" {
  const index = root.index;
  if (index === undefined) return hexBig(root.start);
  if (hexBig(index.span) !== 1n) return "any";
  let slot = hexBig(index.base) + hexBig(index.start);
  for (const t of index.terms) {
    const k = resolve(t.key);
    // An index past the array's length reverts: no element was read.
    if (k === "any" || k >= hexBig(t.count)) return "any";
    slot += k * hexBig(t.stride);
  }
  return slot;
}

/** The slot of a location with plain levels, its keys valued; "any" when a key is not known. */
export function slotOf(source: LocationJson, resolve: Resolve): bigint | "any" {
  const [root, ...rest] = source.levels;
  const first = root === undefined ? "any" : rootSlot(root, resolve);
  if (first === "any") return "any";
  let slot: bigint = first;
  for (const level of rest) {
    const key = level.key === undefined ? "any" : resolve(level.key);
    if (key === "any" || level.via === "data") return "any";
    const hashed =
      level.via === "map"
        ? keccakBig(Buffer.concat([word(key), word(slot)]))
        : keccakBig(word(slot)) + key * hexBig(level.span ?? "0x1");
    slot = hashed + hexBig(level.start);
  }
  return slot;
}

/**
 * The values a storage key may take in one executed call (module header): the value the transaction read at its
 * location, and what the function's own writes store there (a key read after `delete _ownerOf[id]` is 0); "any"
 * when they cannot be told soundly.
 */
export function storedKeyValues(
  key: Extract<KeySource, { kind: "storage" }>,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
  resolve: Resolve,
): bigint[] | "any" {
  // Only the top-level frame: with no call out (`callsOut`) no other frame of the transaction runs this code.
  const top = call.to.toLowerCase() === tx.to.toLowerCase() && call.input === tx.input && fn.kind !== "constructor";
  // A value a callee read from its own storage (`callee`, bound in by `compose-calls.ts`) is no read of `fn`'s.
  if (!top || key.callee === true) return "any";
  // A call out could re-enter: the value is the one read only where nothing in the transaction may write it.
  if (callsOut(fn)) {
    const untouched = sourceOf(key, fn, true);
    return untouched === undefined ? "any" : untouchedValues(untouched, call, tx, resolve);
  }
  const source = sourceOf(key, fn);
  if (source === undefined) return "any";
  const written = valuesWritten(source, fn, resolve);
  const slot = written === "any" ? "any" : slotOf(source, resolve);
  if (written === "any" || slot === "any") return "any";
  const address = call.to.toLowerCase();
  // The runtime records a read's value from before the transaction: a read after its own write is not recorded.
  const at = tx.accesses.filter((a) => a.address.toLowerCase() === address && hexBig(a.slot) === slot);
  const read = at.find((a) => a.kind === "read");
  // Not accessed at all: no read from outside (every read of it came after one of its own writes, which stored
  // the value found, or there was none: nothing keyed by it was accessed) — when the transaction succeeded and
  // records its reads with values. A slot listed only as written may have been read first (the report lists a
  // slot read and written once, as a write): "any".
  if (read === undefined)
    return at.length > 0 || tx.reverted === true || tx.accesses.every((a) => a.value === undefined) ? "any" : written;
  if (read.value === undefined) return "any";
  const value = hexBig(read.value);
  const found = source.offset === undefined || source.bytes === undefined ? value : packed(value, source);
  return found === "any" ? "any" : [...new Set([found, ...written])];
}

/** The value a slot nothing in the transaction may write held (`untouched-slots.ts`), as the key's bytes. */
function untouchedValues(
  source: LocationJson,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  resolve: Resolve,
): bigint[] | "any" {
  const slot = slotOf(source, resolve);
  const value = slot === "any" ? "any" : untouchedValue(tx, call.to, source, slot, resolve);
  if (value === "any") return "any";
  const found = source.offset === undefined || source.bytes === undefined ? value : packed(value, source);
  return found === "any" ? "any" : [found];
}

/**
 * A packed value: its low-order bytes as an unsigned number or address (a packed bytesN key is left out: it
 * would hash left-aligned); a whole word (`bytes32`, `uint256`) as it is.
 */
function packed(word: bigint, source: LocationJson): bigint | "any" {
  if (source.bytes === 32 && (source.offset ?? 0) === 0) return word;
  if (source.bytes !== 20) return "any";
  return (word >> BigInt((source.offset ?? 0) * 8)) & ((1n << 160n) - 1n);
}

/** The one value of a storage key in one executed call (`storedKeyValues`); "any" when it may take several. */
export function storedKeyValue(
  key: Extract<KeySource, { kind: "storage" }>,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
  resolve: Resolve,
): bigint | "any" {
  const values = storedKeyValues(key, call, tx, fn, resolve);
  return values !== "any" && values.length === 1 && values[0] !== undefined ? values[0] : "any";
}

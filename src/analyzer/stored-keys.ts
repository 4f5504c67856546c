/**
 * Keys read from the contract's own storage, valued by execution: `_balanceOf[_ownerOf[id]]` or
 * `_delegateCheckpoints[_delegatee[from]]` name the value the transaction read at `_ownerOf[id]` or
 * `_delegatee[from]`, and a transaction records what it read (`ExecutedTransaction.accesses[].value`). The
 * value read is the key's only when every read of that location in the transaction sees one value: the function
 * writes nothing that may alias it (its writes and reverting accesses, symbolically) and makes no call out that
 * could re-enter and write it (only static calls and 2300-gas transfers), and it runs as the transaction's
 * top-level call (no other frame of the transaction can then run this contract's code). Otherwise — or when the location
 * holds fixed-array indices, or its keys or the read are not known — the key stays a wildcard.
 */
import { alias } from "./alias.js";
import { locationFromJson } from "./classify-instances.js";
import { keccakBig, word } from "./constants.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import type { KeySource } from "./locations.js";
import type { AccessJson, FunctionJson, LocationJson } from "./result.js";

type Resolve = (key: KeySource) => bigint | "any";

const hexBig = (h: string): bigint => BigInt(h.startsWith("0x") ? h : `0x${h}`);

/** The one location of the function's own reads whose text the key names, placed in storage with plain levels. */
function sourceOf(key: Extract<KeySource, { kind: "storage" }>, fn: FunctionJson): LocationJson | undefined {
  const found = new Map<string, LocationJson>();
  for (const a of [...fn.reads, ...(fn.reverting ?? [])]) {
    if (a.location.text === key.text) found.set(JSON.stringify(a.location), a.location);
  }
  const [only, ...more] = [...found.values()];
  if (only === undefined || more.length > 0 || only.deep) return undefined;
  const placed = only.root.kind === "variable" || only.root.kind === "namespace" || only.root.kind === "slot";
  return placed && only.levels.every((l) => l.index === undefined && l.hash === undefined) ? only : undefined;
}

/** Whether the value at `source` may change during the transaction (a write may alias it, or a call re-enter). */
function mayChange(source: LocationJson, fn: FunctionJson): boolean {
  if (fn.externalCalls.some((c) => c.kind !== "staticcall" && c.kind !== "transfer")) return true;
  const keep = (k: KeySource) => k;
  const at = locationFromJson(source, keep);
  const writes: AccessJson[] = [...fn.writes, ...(fn.reverting ?? [])];
  return writes.some((w) => alias(at, locationFromJson(w.location, keep)).kind !== "never");
}

/** The slot of a location with plain levels, its keys valued; "any" when a key is not known. */
function slotOf(source: LocationJson, resolve: Resolve): bigint | "any" {
  const [root, ...rest] = source.levels;
  if (root === undefined) return "any";
  let slot = hexBig(root.start);
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
 * The value of a storage key in one executed call, from the value the transaction read there (module header);
 * "any" when it cannot be told soundly.
 */
export function storedKeyValue(
  key: Extract<KeySource, { kind: "storage" }>,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
  resolve: Resolve,
): bigint | "any" {
  // Only the top-level frame: with no call out (`mayChange`) no other frame of the transaction runs this code.
  const top = call.to.toLowerCase() === tx.to.toLowerCase() && call.input === tx.input && fn.kind !== "constructor";
  if (!top) return "any";
  const source = sourceOf(key, fn);
  if (source === undefined || mayChange(source, fn)) return "any";
  const slot = slotOf(source, resolve);
  if (slot === "any") return "any";
  const address = call.to.toLowerCase();
  const read = tx.accesses.find(
    (a) => a.kind === "read" && a.value !== undefined && a.address.toLowerCase() === address && hexBig(a.slot) === slot,
  );
  if (read?.value === undefined) return "any";
  const value = hexBig(read.value);
  if (source.offset === undefined || source.bytes === undefined) return value;
  // A packed value: its low-order bytes as an unsigned number or address (a packed bytesN key is left out).
  if (source.bytes !== 20) return "any";
  return (value >> BigInt(source.offset * 8)) & ((1n << 160n) - 1n);
}

/**
 * Writes that store what is already there. The runtime records a write only when it changes the slot, so a
 * transaction whose every possible write of a slot stores the value the slot held before it never writes that
 * slot: `grantRole` of a role the account holds (`_roles[role].hasRole[account] = true`), a cancelled admin
 * transfer when none was pending (`_pendingDefaultAdmin = address(0)`), an approval set to what it was. A placed
 * write qualifies when its location is one slot with every key valued, every value it may store is told
 * (`AccessJson.values`, valued by the transaction), the record keeps a read of the slot (its first read, before
 * any write: the value from before the transaction) equal to each of them in the write's bytes, and every other
 * write the transaction may make that can alias the slot (in any frame: own, composed, forwarded) qualifies
 * likewise; such writes are placed as reads. Only for a transaction that succeeded.
 */
import { alias } from "./alias.js";
import type { ExecutedTransaction } from "./executed-transaction.js";
import type { KeySource } from "./locations.js";
import type { Placed } from "./placed-conflict.js";
import type { AccessJson } from "./result.js";
import { slotOf } from "./stored-keys.js";
import { recordedValue } from "./untouched-slots.js";

/** What a placed write stores: the slot, the bytes it sets, and every value it may store there. */
export interface StoredWords {
  slot: bigint;
  /** Bytes from the slot's low end, and how many (a whole word: 0 and 32). */
  offset: number;
  bytes: number;
  values: bigint[];
}

/**
 * What write `a` stores when its location is one plain slot with its keys valued (`resolve`) and each value it
 * may store is told (not a value read from storage); undefined otherwise.
 */
export function storedWords(a: AccessJson, resolve: (k: KeySource) => bigint | "any"): StoredWords | undefined {
  const loc = a.location;
  if (a.commutative || a.values === undefined || a.values.length === 0 || loc.deep) return undefined;
  if (loc.root.kind !== "variable" || loc.levels.some((l) => l.span !== "0x1" || l.hash !== undefined))
    return undefined;
  const slot = slotOf(loc, resolve);
  const values = a.values.map((v) => (v.kind === "storage" ? "any" : resolve(v)));
  if (slot === "any" || values.some((v) => v === "any")) return undefined;
  const offset = loc.offset ?? 0;
  const bytes = loc.bytes ?? 32;
  const mask = (1n << BigInt(bytes * 8)) - 1n;
  return { slot, offset, bytes, values: (values as bigint[]).map((v) => v & mask) };
}

/** Whether the write stores, in each of its possible values, what the record says its slot held before. */
function storesWhatWasThere(tx: ExecutedTransaction, p: Placed): boolean {
  const s = p.stores;
  if (!p.write || s === undefined || p.address === "any") return false;
  const before = recordedValue(tx, p.address, s.slot);
  if (before === "any") return false;
  const there = (before >> BigInt(s.offset * 8)) & ((1n << BigInt(s.bytes * 8)) - 1n);
  return s.values.every((v) => v === there);
}

/** `placed` (a successful transaction's accesses) with the writes that change nothing placed as reads. */
export function withoutUnchangedWrites(
  tx: ExecutedTransaction,
  placed: readonly Placed[],
  byAddress: ReadonlyMap<string, string>,
): Placed[] {
  const unchanged = new Set(placed.filter((p) => storesWhatWasThere(tx, p)));
  if (unchanged.size === 0) return [...placed];
  const writes = placed.filter((p) => p.write);
  const sameStorage = (w: Placed, p: Placed) =>
    w.address === "any" ? w.contract === "*" || w.contract === byAddress.get(p.address) : w.address === p.address;
  const settled = (p: Placed) =>
    writes.every(
      (w) =>
        w === p ||
        (unchanged.has(w) && w.stores?.slot === p.stores?.slot && w.address === p.address) ||
        !sameStorage(w, p) ||
        alias(w.location, p.location, true).kind === "never",
    );
  return placed.map((p) => (unchanged.has(p) && settled(p) ? { ...p, write: false } : p));
}

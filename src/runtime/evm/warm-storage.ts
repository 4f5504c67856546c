/**
 * EIP-2929's warm storage slots as @ethereumjs's `Journal` keeps them, with faster keys. Every SLOAD and SSTORE
 * asks `isWarmedStorage` (and a cold one `addWarmedStorage`), which key their maps by the unprefixed hex of the
 * address and of the slot, built by @ethereumjs/util's `bytesToUnprefixedHex` two characters at a time: a rope
 * that each map lookup then flattens and hashes. In a profile of the sample's whole `parallel-report`, the two
 * methods took ≈ 0.8 s of the main thread's 24 s (the most of any @ethereumjs function). Here the same strings
 * come from Node's native hex encoder (flat at once: 2.4× faster per lookup in a micro-benchmark), and the
 * methods repeat @ethereumjs 10.1's statements in the same order over the journal's own maps — the same keys,
 * the same entries, the same checkpoint diffs and access list — so every other method (checkpoint, revert,
 * cleanup, warm addresses) keeps working on what these write.
 */

import { cachedUnprefixedHex } from "../util/hex-cache.js";

/** The fields and methods of @ethereumjs's `Journal` the twins use. */
interface JournalFields {
  journal: Map<string, Set<string>>;
  alwaysWarmJournal: Map<string, Set<string>>;
  journalDiff: Array<[number, [Set<string>, Map<string, Set<string>>, Set<string>]]>;
  accessList?: Map<string, Set<string>>;
  addWarmedAddress(address: Uint8Array): void;
  isWarmedStorage(address: Uint8Array, slot: Uint8Array): boolean;
  addWarmedStorage(address: Uint8Array, slot: Uint8Array): void;
}

/** `Journal.isWarmedStorage`: the slot is warm in the current context (or always warm for the address). */
function isWarmedStorage(this: JournalFields, address: Uint8Array, slot: Uint8Array): boolean {
  const addressHex = cachedUnprefixedHex(address);
  const slots = this.journal.get(addressHex);
  if (slots === undefined) {
    const always = this.alwaysWarmJournal.get(addressHex);
    return always !== undefined && always.has(cachedUnprefixedHex(slot));
  }
  const slotHex = cachedUnprefixedHex(slot);
  if (slots.has(slotHex)) return true;
  return this.alwaysWarmJournal.get(addressHex)?.has(slotHex) === true;
}

/** `Journal.addWarmedStorage`: warms the slot (and its address), recorded in the checkpoint diff and access list. */
function addWarmedStorage(this: JournalFields, address: Uint8Array, slot: Uint8Array): void {
  const addressHex = cachedUnprefixedHex(address);
  let slots = this.journal.get(addressHex);
  if (slots === undefined) {
    this.addWarmedAddress(address);
    slots = this.journal.get(addressHex);
    if (slots === undefined) throw new Error(`the journal did not warm address ${addressHex}`);
  }
  const slotHex = cachedUnprefixedHex(slot);
  if (!slots.has(slotHex)) {
    slots.add(slotHex);
    const diff = this.journalDiff[this.journalDiff.length - 1]?.[1];
    if (diff === undefined) throw new Error("the journal has no checkpoint diff");
    const addressSlots = diff[1];
    let changed = addressSlots.get(addressHex);
    if (changed === undefined) {
      changed = new Set();
      addressSlots.set(addressHex, changed);
    }
    changed.add(slotHex);
  }
  // As @ethereumjs: the access list holds every warmed address (addWarmedAddress), so a missing one throws.
  if (this.accessList !== undefined) (this.accessList.get(addressHex) as Set<string>).add(slotHex);
}

function hasJournalShape(journal: unknown): journal is JournalFields {
  if (typeof journal !== "object" || journal === null) return false;
  const j = journal as Partial<Record<keyof JournalFields, unknown>>;
  return (
    j.journal instanceof Map &&
    j.alwaysWarmJournal instanceof Map &&
    Array.isArray(j.journalDiff) &&
    typeof j.addWarmedAddress === "function" &&
    typeof j.isWarmedStorage === "function" &&
    typeof j.addWarmedStorage === "function"
  );
}

/**
 * Gives `evm`'s journal the faster `isWarmedStorage`/`addWarmedStorage` (on the instance; its class keeps its
 * own); false (nothing changed) when the journal is not the shape this module knows.
 */
export function installWarmStorage(evm: object): boolean {
  const journal = (evm as { journal?: unknown }).journal;
  if (!hasJournalShape(journal)) return false;
  journal.isWarmedStorage = isWarmedStorage;
  journal.addWarmedStorage = addWarmedStorage;
  return true;
}

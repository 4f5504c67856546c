/**
 * The storage accesses of one executed transaction in the shape the analyzer's soundness check takes: every
 * `storage:` location read or written, written ones marked as writes.
 */
import type { ExecutedTransaction } from "../../analyzer/index.js";
import { isStorageKey, keyAddress, keySlot } from "../../runtime/vocabulary.js";

/** Storage accesses from recorded read and write keys; `onlyAddress` keeps one contract's. */
export function storageAccesses(
  reads: Iterable<string>,
  writes: Iterable<string>,
  onlyAddress?: string,
): ExecutedTransaction["accesses"] {
  const written = new Set(writes);
  const accesses: ExecutedTransaction["accesses"] = [];
  for (const key of new Set([...reads, ...written])) {
    if (!isStorageKey(key)) continue;
    const address = keyAddress(key);
    const slot = keySlot(key);
    if (onlyAddress !== undefined && address !== onlyAddress) continue;
    accesses.push({ address, slot, kind: written.has(key) ? "write" : "read" });
  }
  return accesses;
}

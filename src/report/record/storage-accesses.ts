/**
 * The storage accesses of one executed transaction in the shape the analyzer's soundness check takes: every
 * `storage:` location read or written, written ones marked as writes, reads with their values when known.
 */
import type { ExecutedTransaction } from "../../analyzer/index.js";
import { isStorageKey, keyAddress, keySlot, type LocationValue } from "../../runtime/vocabulary.js";

/**
 * Storage accesses from recorded read and write keys; `onlyAddress` keeps one contract's. A read carries the
 * value the transaction found there when `values` has it (the analyzer's stored-keys rule values keys with it).
 */
export function storageAccesses(
  reads: Iterable<string>,
  writes: Iterable<string>,
  onlyAddress?: string,
  values?: ReadonlyMap<string, LocationValue>,
): ExecutedTransaction["accesses"] {
  const written = new Set(writes);
  const accesses: ExecutedTransaction["accesses"] = [];
  for (const key of new Set([...reads, ...written])) {
    if (!isStorageKey(key)) continue;
    const address = keyAddress(key);
    const slot = keySlot(key);
    if (onlyAddress !== undefined && address !== onlyAddress) continue;
    if (written.has(key)) {
      accesses.push({ address, slot, kind: "write" });
      continue;
    }
    const value = values?.get(key);
    accesses.push(
      typeof value === "bigint"
        ? { address, slot, kind: "read", value: `0x${value.toString(16)}` }
        : { address, slot, kind: "read" },
    );
  }
  return accesses;
}

/**
 * Memory of an inline assembly block: words written at constant offsets (scratch space, `mstore(0x00, x)`) and
 * words written relative to the free memory pointer read in the block (`let p := mload(0x40)`
 * `mstore(add(p, 4), from)`: solmate's SafeTransferLib). A pointer is `mload(0x40)` of one generation (every
 * `mstore(0x40, ...)` starts a new one) plus a constant; Solidity keeps it at or above 0x80, so only constant
 * words at 0x80 or above can overlap pointer words, and writing either forgets the other. A generation whose
 * pointer is not derived from an earlier one (`mstore(0x40, 0)`, or set on a skipped path) is not followed.
 */
import { type AsmState, type YVal, MASK, UNKNOWN } from "./yul-values.js";

const FREE_POINTER = 0x40n;
const SCRATCH_END = 0x80n;

const pointerKey = (p: { gen: number; offset: bigint }): string => `${p.gen}:${p.offset}`;

/** `mstore(a, b)`: records the word, or forgets what an unknown address may overwrite. */
export function memoryStore(s: AsmState, a: YVal | undefined, b: YVal | undefined): void {
  if (a?.kind === "const" && b !== undefined) {
    s.memory.set(a.value, { value: b, seq: s.seq++ });
    if (a.value === FREE_POINTER) {
      s.pointers.gen++;
      // A pointer not derived from an earlier one (`mstore(0x40, 0)`) may point into scratch space.
      if (b.kind !== "ptr") s.pointers.unsafe.add(s.pointers.gen);
    }
    if (a.value >= SCRATCH_END) s.pointers.words.clear();
    return;
  }
  if (a?.kind === "ptr" && b !== undefined) {
    for (const offset of s.memory.keys()) if (offset >= SCRATCH_END) s.memory.delete(offset);
    s.pointers.words.set(pointerKey(a), { value: b, seq: s.seq++ });
    return;
  }
  s.memory.clear();
  s.pointers.words.clear();
}

/** `mload(a)`: the free memory pointer of the current generation at 0x40, else unknown. */
export function memoryLoad(s: AsmState, a: YVal | undefined): YVal {
  if (a?.kind !== "const" || a.value !== FREE_POINTER || s.pointers.unsafe.has(s.pointers.gen)) return UNKNOWN;
  return { kind: "ptr", gen: s.pointers.gen, offset: 0n };
}

/** `add(a, b)` when one side is a pointer and the other a constant. */
export function pointerAdd(a: YVal | undefined, b: YVal | undefined): YVal | undefined {
  if (a?.kind === "ptr" && b?.kind === "const") return { ...a, offset: (a.offset + b.value) & MASK };
  if (b?.kind === "ptr" && a?.kind === "const") return { ...b, offset: (b.offset + a.value) & MASK };
  return undefined;
}

/** The word written at `at + extra` (a constant or a pointer), if this block wrote it. */
export function memoryWord(s: AsmState, at: YVal | undefined, extra: bigint): YVal | undefined {
  if (at?.kind === "const") return s.memory.get(at.value + extra)?.value;
  if (at?.kind === "ptr") return s.pointers.words.get(pointerKey({ gen: at.gen, offset: at.offset + extra }))?.value;
  return undefined;
}

/** Snapshot of both memories before code some paths skip (`forgetChanged` afterwards). */
export function memorySnapshot(s: AsmState): () => void {
  const scratch = new Map(s.memory);
  const words = new Map(s.pointers.words);
  const gen = s.pointers.gen;
  return () => {
    for (const [offset, word] of s.memory) if (scratch.get(offset) !== word) s.memory.delete(offset);
    for (const [key, word] of s.pointers.words) if (words.get(key) !== word) s.pointers.words.delete(key);
    // A skipped `mstore(0x40, ...)` leaves the pointer unknown: a generation no earlier pointer shares.
    if (s.pointers.gen !== gen) s.pointers.unsafe.add(++s.pointers.gen);
  };
}

/** Forgets every word (loops). */
export function memoryClear(s: AsmState): void {
  s.memory.clear();
  s.pointers.words.clear();
}

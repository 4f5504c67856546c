/**
 * The values and state of the inline assembly evaluation (`inline-assembly.ts`), shared with its helpers for
 * calls (`assembly-calls.ts`) and storage slots (`assembly-slots.ts`).
 */
import type { InlineAssembly } from "solidity-ast";
import type { EncodedCall, EvaluationContext, Frame } from "./evaluation-context.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import type { MemoryWord } from "./assembly-hashes.js";

/**
 * A Yul value: a constant, storage locations (`x.slot` plus offsets), the hashed data region of dynamic arrays
 * (`keccak256` of a word holding `x.slot`), a Solidity value's key class, an internal function value, or unknown.
 */
export type YVal =
  | { kind: "const"; value: bigint }
  | { kind: "loc"; locs: SymbolicLocation[] }
  | { kind: "hashed"; locs: SymbolicLocation[] }
  | { kind: "key"; key: KeySource }
  /** An internal function value: the functions it can be (`function-values.ts`). */
  | { kind: "fns"; fns: number[] }
  /** The free memory pointer read in this block (`mload(0x40)` of one generation) plus a constant. */
  | { kind: "ptr"; gen: number; offset: bigint }
  /** A memory array whose elements are all `key` (`memory-arrays.ts`): at its length word, or into its data. */
  | { kind: "array"; key: KeySource; data: boolean }
  /** A Solidity `bytes` value holding an encoded call (`assembly-encoded.ts`), plus a constant offset. */
  | { kind: "encoded"; call: EncodedCall; offset: bigint }
  /** The length word of such a `bytes` value (`mload(data)`), read while memory there is still what was encoded. */
  | { kind: "encodedLength"; call: EncodedCall }
  | { kind: "unknown" };
export const UNKNOWN: YVal = { kind: "unknown" };
export const MASK = (1n << 256n) - 1n;

export interface AsmState {
  c: EvaluationContext;
  frame: Frame;
  node: InlineAssembly;
  refs: Map<string, { declaration: number; suffix: string | undefined }>;
  vars: Map<string, YVal>;
  reassigned: Set<string>;
  /** Scratch memory words written with constant offsets (`mstore(0x00, self.slot)`), in write order. */
  memory: Map<bigint, MemoryWord<YVal>>;
  /** Words written relative to the free memory pointer, by generation and offset (`assembly-memory.ts`). */
  pointers: { gen: number; words: Map<string, MemoryWord<YVal>>; unsafe: Set<number> };
  seq: number;
  /** Nesting of `if`, `switch`, `for` and function bodies being evaluated. */
  depth: number;
  /** Solidity memory arrays assigned a pointer in this block (`array1 := mload(0x40)`), by declaration. */
  built: Map<number, YVal>;
  /** Memory above the scratch words may have been written in this block (`assembly-encoded.ts`). */
  memoryDirty?: boolean;
}

/** Key class of a Yul value passed as a call argument or used as a mapping key. */
export function argKey(v: YVal | undefined): KeySource {
  if (v?.kind === "key") return v.key;
  if (v?.kind === "const") return { kind: "const", text: `0x${v.value.toString(16)}`, value: v.value.toString() };
  return { kind: "unknown", reason: "argument computed in assembly" };
}

/**
 * The memory-expansion part of an opcode's cost, to tell revm's `MemoryOOG` ("out of gas: out of memory")
 * from its plain `OutOfGas` when a frame runs out of gas on a step that grows memory: revm charges an opcode's
 * other costs first and the expansion last, except for the call family, RETURN, REVERT and the creations, which
 * grow memory first.
 */

/** Opcodes that grow memory before charging anything else. */
export const MEMORY_FIRST = new Set([
  "CALL",
  "CALLCODE",
  "DELEGATECALL",
  "STATICCALL",
  "RETURN",
  "REVERT",
  "CREATE",
  "CREATE2",
]);

/** For each memory-growing opcode: the [offset, size] stack positions (from the top) of the ranges it touches. */
export const RANGES: Readonly<Record<string, ReadonlyArray<readonly [number, number | bigint]>>> = {
  MLOAD: [[0, 32n]],
  MSTORE: [[0, 32n]],
  MSTORE8: [[0, 1n]],
  KECCAK256: [[0, 1]],
  LOG0: [[0, 1]],
  LOG1: [[0, 1]],
  LOG2: [[0, 1]],
  LOG3: [[0, 1]],
  LOG4: [[0, 1]],
  RETURN: [[0, 1]],
  REVERT: [[0, 1]],
  CALLDATACOPY: [[0, 2]],
  CODECOPY: [[0, 2]],
  RETURNDATACOPY: [[0, 2]],
  EXTCODECOPY: [[1, 3]],
  MCOPY: [
    [0, 2],
    [1, 2],
  ],
  CREATE: [[1, 2]],
  CREATE2: [[1, 2]],
  CALL: [
    [3, 4],
    [5, 6],
  ],
  CALLCODE: [
    [3, 4],
    [5, 6],
  ],
  DELEGATECALL: [
    [2, 3],
    [4, 5],
  ],
  STATICCALL: [
    [2, 3],
    [4, 5],
  ],
};

const cost = (words: bigint): bigint => 3n * words + (words * words) / 512n;

/** Gas the step would pay to grow memory (0 for other opcodes or no growth). */
export function memoryExpansionCost(op: string, stack: readonly bigint[], memoryWords: bigint): bigint {
  const ranges = RANGES[op];
  if (ranges === undefined) return 0n;
  const top = stack.length - 1;
  let words = memoryWords;
  for (const [offsetAt, sizeAt] of ranges) {
    const offset = stack[top - offsetAt] ?? 0n;
    const size = typeof sizeAt === "bigint" ? sizeAt : (stack[top - sizeAt] ?? 0n);
    if (size === 0n) continue;
    const needed = (offset + size + 31n) / 32n;
    if (needed > words) words = needed;
  }
  return cost(words) - cost(memoryWords);
}

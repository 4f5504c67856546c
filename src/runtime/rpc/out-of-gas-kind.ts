/**
 * EDR's kind of a top-level out-of-gas (`data.reason.OutOfGas` of its error), told from the outermost frame's last
 * step as revm tells it (measured against EDR in test/compat/edge-answers.test.ts): "ReentrancySentry" for an
 * SSTORE with at most 2,300 gas left (EIP-2200); for a step that touches memory, "InvalidOperand" when a size, or
 * the offset of a range that is not empty, does not fit 64 bits, "MemoryLimit" when a range ends past revm's
 * memory limit (2^32 − 1 bytes), "Memory" when growing memory is what the gas left does not cover (revm charges a
 * copy's, a hash's or a log's per-byte cost first: over the gas left, that is "Basic"); "Basic" otherwise.
 */
import type { StepEvent } from "./methods/struct-log.js";
import { MEMORY_FIRST, RANGES, memoryExpansionCost } from "./tracers/memory-cost.js";

/** The kinds of out-of-gas EDR reports. */
export type OutOfGasKind = "Basic" | "ReentrancySentry" | "Memory" | "MemoryLimit" | "InvalidOperand";

const U64_MAX = (1n << 64n) - 1n;
/** revm's memory limit (its `memory_limit` feature's default, which EDR builds with). */
const MEMORY_LIMIT = (1n << 32n) - 1n;

const words = (size: bigint): bigint => (size + 31n) / 32n;

/** The per-byte cost revm charges before growing memory (copies, hashing, logs), beyond the static cost. */
function costBeforeMemory(op: string, size: bigint): bigint {
  if (op.endsWith("COPY")) return 3n * words(size);
  if (op === "KECCAK256" || op === "SHA3") return 6n * words(size);
  if (op.startsWith("LOG")) return 8n * size;
  return 0n;
}

/** The memory ranges (offset, size) the step's opcode touches, from its stack. */
function rangesOf(step: Pick<StepEvent, "opcode" | "stack">): Array<readonly [bigint, bigint]> {
  const top = step.stack.length - 1;
  return (RANGES[step.opcode.name] ?? []).map(([offsetAt, sizeAt]) => [
    step.stack[top - offsetAt] ?? 0n,
    typeof sizeAt === "bigint" ? sizeAt : (step.stack[top - sizeAt] ?? 0n),
  ]);
}

/** EDR's kind of the out-of-gas the outermost frame's last step `step` ran into (see the module comment). */
export function outOfGasKindOf(step: StepEvent | undefined): OutOfGasKind {
  if (step === undefined) return "Basic";
  const op = step.opcode.name;
  if (op === "SSTORE" && step.gasLeft <= 2300n) return "ReentrancySentry";
  const ranges = rangesOf(step);
  if (ranges.length === 0) return "Basic";
  for (const [offset, size] of ranges) {
    if (size > U64_MAX || (size !== 0n && offset > U64_MAX)) return "InvalidOperand";
  }
  const first = ranges[0]?.[1] ?? 0n;
  const before = costBeforeMemory(op, first);
  if (!MEMORY_FIRST.has(op) && before > step.gasLeft) return "Basic";
  if (ranges.some(([offset, size]) => size !== 0n && offset + size > MEMORY_LIMIT)) return "MemoryLimit";
  const memory = memoryExpansionCost(op, step.stack, step.memoryWordCount);
  if (memory === 0n) return "Basic";
  if (MEMORY_FIRST.has(op)) return memory > step.gasLeft ? "Memory" : "Basic";
  // The step's whole cost less the growth: what revm charges before it (at least the per-byte cost).
  const fee = step.opcode.dynamicFee ?? BigInt(step.opcode.fee);
  const other = fee - memory > before ? fee - memory : before;
  return other <= step.gasLeft ? "Memory" : "Basic";
}

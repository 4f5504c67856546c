import type { StepEvent } from "../../../../src/runtime/rpc/methods/struct-log.js";

/** A step event of opcode `name` at `depth` (stack top last), the rest zero unless given. */
export function stepEvent(name: string, depth: number, stack: bigint[] = [], more: Partial<StepEvent> = {}): StepEvent {
  return {
    pc: 0,
    opcode: { name, fee: 3 },
    gasLeft: 1_000n,
    gasRefund: 0n,
    depth,
    stack,
    memory: new Uint8Array(0),
    memoryWordCount: 0n,
    address: { bytes: new Uint8Array(20).fill(0xaa) },
    ...more,
  };
}

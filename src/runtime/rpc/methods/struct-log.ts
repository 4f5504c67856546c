/**
 * One step of the struct-log tracer (debug_traceTransaction, debug_traceCall) as geth reports it: pc, op, gas,
 * gasCost and depth, the stack and memory unless the options leave them out. The per-frame members (storage,
 * refund, call costs, halts, return data) are filled in by the trackers beside this file.
 */
import { toHex } from "../../util/hex.js";

/** What the tracers read from an @ethereumjs step event. */
export interface StepEvent {
  pc: number;
  opcode: { name: string; fee: number; dynamicFee?: bigint };
  gasLeft: bigint;
  gasRefund: bigint;
  depth: number;
  stack: bigint[];
  memory: Uint8Array;
  memoryWordCount: bigint;
  address: { bytes: Uint8Array };
}

/** The struct-log tracer's options, from a request's (geth's names, Hardhat 2's `disableMemory`). */
export interface TraceOptions {
  disableStack: boolean;
  disableMemory: boolean;
  disableStorage: boolean;
  enableReturnData: boolean;
  structLogs: boolean;
  lastOuterStep: boolean;
}

/**
 * An internal trace option (no request can carry a symbol): run without recording struct logs, for a failed
 * run traced again only to see its call frames (failed-run.ts) — a step listener costs an event per opcode.
 */
export const WITHOUT_STRUCT_LOGS = Symbol("without struct logs");

/**
 * An internal trace option: keep the outermost frame's last step (answered as `lastOuterStep`), for telling the
 * kind of a top-level out-of-gas (out-of-gas-kind.ts).
 */
export const LAST_OUTER_STEP = Symbol("last outer step");

/** Reads the struct-log options of a request (anything that is not an object reads as none). */
export function traceOptions(raw: unknown): TraceOptions {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  // Memory is off unless asked for (geth's `enableMemory`, or Hardhat 2's `disableMemory: false`), as on EDR.
  return {
    disableStack: o.disableStack === true,
    disableMemory: o.enableMemory !== true && o.disableMemory !== false,
    disableStorage: o.disableStorage === true,
    enableReturnData: o.enableReturnData === true,
    structLogs: !(WITHOUT_STRUCT_LOGS in o),
    lastOuterStep: LAST_OUTER_STEP in o,
  };
}

/** The struct log of one step, its per-frame members not yet filled in. */
export function structLog(step: StepEvent, options: TraceOptions): Record<string, unknown> {
  const log: Record<string, unknown> = {
    pc: step.pc,
    op: step.opcode.name,
    gas: Number(step.gasLeft),
    // ethereumjs reports the opcode's whole cost (base + dynamic) as `dynamicFee`.
    gasCost: Number(step.opcode.dynamicFee ?? BigInt(step.opcode.fee)),
    depth: step.depth + 1,
  };
  if (!options.disableStack) log.stack = step.stack.map((v) => `0x${v.toString(16)}`);
  if (!options.disableMemory) {
    const words: string[] = [];
    const length = Number(step.memoryWordCount) * 32;
    for (let i = 0; i < length; i += 32)
      words.push(
        `0x${toHex(step.memory.subarray(i, i + 32))
          .slice(2)
          .padEnd(64, "0")}`,
      );
    log.memory = words;
  }
  return log;
}

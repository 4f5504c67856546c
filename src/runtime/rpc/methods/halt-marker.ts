/**
 * The struct-log `error` member of debug_traceTransaction / debug_traceCall, on the step a frame halted on, as
 * EDR reports it.
 */
import type { StepEvent } from "./struct-log.js";

/** EDR's names (revm's halt reasons) of the halts @ethereumjs reports, by its error message. */
const HALTS: Readonly<Record<string, string>> = {
  "out of gas": "OutOfGas",
  "stack underflow": "StackUnderflow",
  "stack overflow": "StackOverflow",
  "invalid JUMP": "InvalidJump",
  "static state change": "StateChangeDuringStaticCall",
  "value out of range": "OutOfOffset",
};

/**
 * Marks the step on which a frame halted as EDR does: `error: "Some(<halt>)"` — an invalid opcode is
 * `InvalidFEOpcode` (0xfe) or `OpcodeNotFound` — and, for running out of gas, a gasCost of all the gas that
 * was left. The last step seen at each depth is kept; a frame's end reports its error.
 */
export class HaltMarker {
  readonly #last = new Map<number, Record<string, unknown>>();

  /** Remembers `log` as the last step of its depth. */
  step(step: StepEvent, log: Record<string, unknown>): void {
    this.#last.set(step.depth, log);
  }

  /** A frame starts at `depth`: no step of it seen yet. */
  frameStarts(depth: number): void {
    this.#last.delete(depth);
  }

  /** The frame at `depth` ended, with @ethereumjs's `error` message if it failed: marks its last step. */
  frameEnds(depth: number, error: string | undefined): void {
    const log = this.#last.get(depth);
    if (log === undefined || error === undefined) return;
    const halt =
      error === "invalid opcode" ? (log.op === "INVALID" ? "InvalidFEOpcode" : "OpcodeNotFound") : HALTS[error];
    // A creation whose code deposit runs out of gas halts after its RETURN step, which EDR leaves unmarked.
    if (halt === undefined || (halt === "OutOfGas" && log.op === "RETURN")) return;
    log.error = `Some(${halt})`;
    if (halt === "OutOfGas") log.gasCost = log.gas;
  }
}

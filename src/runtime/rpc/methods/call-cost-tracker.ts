/**
 * The struct-log gasCost of CALL- and CREATE-family steps in debug_traceTransaction / debug_traceCall, as geth
 * and EDR report it.
 */
import type { StepEvent } from "./struct-log.js";

const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"]);

interface PendingCall {
  readonly log: Record<string, unknown>;
  readonly depth: number;
  readonly stipend: number;
  /** Gas left once the opcode's own cost is paid. */
  readonly available: bigint;
  /** The gas the call asks for (top of the stack); undefined for CREATE and CREATE2, which take all they may. */
  readonly requested: bigint | undefined;
}

/**
 * geth (and EDR) count the gas handed to a child frame in the gasCost of the CALL and CREATE families;
 * ethereumjs does not. When the next step runs one level deeper, its gas (less the 2,300 stipend of a value
 * call) is added; when it runs at the same level (a precompile or an account without code answered at once),
 * the gas the child was given is computed: what was asked for, at most all but one 64th of what was left
 * (EIP-150); when no child frame started at all (the call failed its checks), EDR reports 0.
 */
export class CallCostTracker {
  #pending: PendingCall | undefined;
  #entered = false;

  /** A child frame started (a call that fails its checks, e.g. value above the balance, starts none). */
  frameStarts(): void {
    this.#entered = true;
  }

  /** Completes the gasCost of the call step before `step`, and remembers `step` if it is a call. */
  observe(step: StepEvent, log: Record<string, unknown>): void {
    const pending = this.#pending;
    if (pending !== undefined && step.depth === pending.depth + 1) {
      pending.log.gasCost = Number(pending.log.gasCost) + Number(step.gasLeft) - pending.stipend;
    } else if (pending !== undefined && step.depth === pending.depth && !this.#entered) {
      // No frame at all: EDR reports a gasCost of 0.
      pending.log.gasCost = 0;
    } else if (pending !== undefined && step.depth === pending.depth) {
      const allButOne64th = pending.available - pending.available / 64n;
      const given =
        pending.requested !== undefined && pending.requested < allButOne64th ? pending.requested : allButOne64th;
      pending.log.gasCost = Number(pending.log.gasCost) + Number(given);
    }
    this.#pending = undefined;
    const op = step.opcode.name;
    if (!CALLS.has(op)) return;
    const top = step.stack.length - 1;
    const value = step.stack[top - 2] ?? 0n;
    const stipend = (op === "CALL" || op === "CALLCODE") && value > 0n ? 2300 : 0;
    const available = step.gasLeft - BigInt(Number(log.gasCost));
    const requested = op.startsWith("CREATE") ? undefined : step.stack[top];
    this.#pending = { log, depth: step.depth, stipend, available, requested };
    this.#entered = false;
  }
}

/**
 * The struct-log `refund` member of debug_traceTransaction / debug_traceCall, as EDR reports it, from the
 * refund counter @ethereumjs's step and message events carry.
 */

/** What the tracker reads from an @ethereumjs step event. */
export interface RefundStep {
  readonly opcode: { readonly name: string };
  readonly gasRefund: bigint;
}

const U64 = 1n << 64n;

/**
 * The `refund` member as EDR shows it: revm's counter of the running frame before the step. revm starts each
 * frame's counter at 0, adds a child's to its caller's when the child succeeds and drops it when the child
 * fails; @ethereumjs keeps one counter across frames (a child starts from its caller's) and reports it after
 * the step's gas is charged, so an SSTORE step already shows its own refund. The counter before an SSTORE is
 * the one after the previous step of its frame, or after the child frame that just ended.
 */
export class RefundTracker {
  /** Per running frame: the @ethereumjs counter when it started. */
  readonly #bases: bigint[] = [];
  /** The @ethereumjs counter after the last step or frame end seen. */
  #running = 0n;

  /** A frame starts with @ethereumjs's counter at `gasRefund` (the message's). */
  frameStarts(gasRefund: bigint): void {
    this.#bases.push(gasRefund);
    this.#running = gasRefund;
  }

  /** A frame ended: its caller's counter is the child's on success, unchanged on failure (as @ethereumjs). */
  frameEnds(failed: boolean, gasRefund: bigint | undefined): void {
    const base = this.#bases.pop() ?? 0n;
    this.#running = failed ? base : (gasRefund ?? base);
  }

  /** Sets `log.refund` for a step event (its counter is @ethereumjs's after the step's gas is charged). */
  observe(step: RefundStep, log: Record<string, unknown>): void {
    const before = step.opcode.name === "SSTORE" ? this.#running : step.gasRefund;
    const local = before - (this.#bases.at(-1) ?? 0n);
    // revm's counter is signed (a frame can undo its caller's refund); EDR prints it as an unsigned 64-bit number.
    log.refund = Number(local < 0n ? local + U64 : local);
    this.#running = step.gasRefund;
  }
}

/**
 * The struct-log `storage` member of debug_traceTransaction / debug_traceCall, as geth reports it.
 */
import { toHex } from "../../util/hex.js";

import type { StepEvent } from "./struct-log.js";

const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

/**
 * geth's `storage` member: at each SLOAD and SSTORE, the slots of the running contract seen so far. An SLOAD's
 * value is the top of the stack at the next step, so it is filled in then.
 */
export class StorageTracker {
  readonly #seen = new Map<string, Map<string, string>>();
  #pendingLoad: { log: Record<string, unknown>; address: string; slot: string } | undefined;

  /** Sets `log.storage` for an SSTORE step now, for an SLOAD step once the next step shows the value. */
  observe(step: StepEvent, log: Record<string, unknown>): void {
    const pending = this.#pendingLoad;
    const top = step.stack[step.stack.length - 1];
    if (pending !== undefined && top !== undefined) pending.log.storage = this.#set(pending.address, pending.slot, top);
    this.#pendingLoad = undefined;
    const address = toHex(step.address.bytes);
    const slot = step.stack[step.stack.length - 1];
    if (slot === undefined) return;
    if (step.opcode.name === "SLOAD") this.#pendingLoad = { log, address, slot: word(slot) };
    const value = step.stack[step.stack.length - 2];
    if (step.opcode.name === "SSTORE" && value !== undefined) log.storage = this.#set(address, word(slot), value);
  }

  #set(address: string, slot: string, value: bigint): Record<string, string> {
    const slots = this.#seen.get(address) ?? new Map<string, string>();
    slots.set(slot, word(value));
    this.#seen.set(address, slots);
    return Object.fromEntries(slots);
  }
}

/**
 * The frames a failed execution's Solidity stack trace is built from: the outermost frame, then each failed
 * last call whose caller reverted with the same return data (the failure bubbled up), down to the frame the
 * failure began in. Each carries the code it ran, its calldata and value, and every step's pc; the host maps them
 * through the compiled
 * contracts' source maps (the runtime knows no sources). Recorded only when an execution failed, so successful
 * runs pay nothing.
 */
import { toHex } from "../util/hex.js";

import type { Frame } from "./revert-inference.js";

/** One frame of a failure's chain, outermost first (see the module comment). */
export interface FailureFrame {
  /** The code the frame ran (0x hex): deployed code, or the initcode of a creation. */
  readonly code: string;
  /** Whether the frame ran creation code. */
  readonly creation: boolean;
  /** The frame's code address (0x hex, lowercase); undefined for a creation. */
  readonly address: string | undefined;
  /** Every step's pc, in order. */
  readonly pcs: readonly number[];
  /** The index in {@link pcs} of the first step after the call that the next frame of the chain is; -1 for the last. */
  readonly callAt: number;
  /** The frame's return data (0x hex). */
  readonly returnData: string;
  /** The frame's calldata (0x hex; the initcode's arguments are part of {@link code} for a creation). */
  readonly input: string;
  /** The value the frame was called with. */
  readonly value: bigint;
  /** The index in {@link pcs} of the first step after the frame's last call (chain or not); -1 without calls. */
  readonly lastCall: number;
  /** Whether that last call failed. */
  readonly lastCallFailed: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The chain of `outermost`, or undefined when a frame's steps or code were not recorded. */
export function failureChain(outermost: Frame): FailureFrame[] | undefined {
  const chain: FailureFrame[] = [];
  let frame: Frame | undefined = outermost;
  while (frame !== undefined) {
    const { code } = frame.message;
    if (!(code instanceof Uint8Array) || code.length === 0 || frame.pcs.length === 0) return undefined;
    const child: Frame | undefined = frame.lastChild;
    const next: Frame | undefined =
      child?.failed === true && sameBytes(child.returnData, frame.returnData) ? child : undefined;
    chain.push({
      code: toHex(code),
      creation: frame.creation,
      address: frame.to?.toLowerCase(),
      pcs: frame.pcs,
      callAt: next === undefined ? -1 : frame.callAt,
      returnData: toHex(frame.returnData),
      input: toHex(frame.data),
      value: frame.message.value,
      lastCall: child === undefined ? -1 : frame.callAt,
      lastCallFailed: child?.failed === true,
    });
    frame = next;
  }
  return chain;
}

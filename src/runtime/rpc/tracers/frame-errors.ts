/**
 * How a failed frame is named in call traces, as Hardhat's network names it: revm's halt reasons, worded the
 * geth way for `callTracer` (`execution reverted`, `out of gas`, `invalid opcode: INVALID`, ...) and the parity
 * way for `flatCallTracer` (`Reverted`, `Out of gas`, `Bad instruction`, ...); halts without a wording keep
 * revm's name. Also the `revertReason` both derive from a frame's revert data.
 */
import { fromHex, toHex } from "../../util/hex.js";
import { precompileOutOfGas } from "../../evm/precompile-failures.js";
import { isOutOfGas } from "../execution-error.js";

import { MEMORY_FIRST } from "./memory-cost.js";

import type { RecordedFrame } from "./frame-recorder.js";

/** revm's names of the halts @ethereumjs reports, by its error message. */
const STATUSES: Readonly<Record<string, string>> = {
  revert: "Revert",
  "out of gas": "OutOfGas",
  "code store out of gas": "OutOfGas",
  "stack underflow": "StackUnderflow",
  "stack overflow": "StackOverflow",
  "invalid JUMP": "InvalidJump",
  "static state change": "StateChangeDuringStaticCall",
  "value out of range": "OutOfOffset",
  "create collision": "CreateCollision",
  "code size to deposit exceeds maximum code size": "CreateContractSizeLimit",
  "invalid bytecode deployed": "CreateContractStartingWithEF",
  "initcode exceeds max initcode size": "CreateInitCodeSizeLimit",
  "insufficient balance for transfer": "OutOfFunds",
  "return data out of bounds": "OutOfOffset",
};

const GETH: Readonly<Record<string, string>> = {
  Revert: "execution reverted",
  OutOfGas: "out of gas",
  ReentrancySentryOOG: "out of gas: not enough gas for reentrancy sentry",
  OpcodeNotFound: "invalid opcode",
  InvalidFEOpcode: "invalid opcode: INVALID",
  StackOverflow: "Out of stack",
  InvalidJump: "invalid jump destination",
  PrecompileError: "precompiled failed",
  PrecompileOOG: "out of gas",
  OutOfFunds: "insufficient balance for transfer",
  MemoryOOG: "out of gas: out of memory",
};

const PARITY: Readonly<Record<string, string>> = {
  Revert: "Reverted",
  OutOfGas: "Out of gas",
  ReentrancySentryOOG: "Out of gas",
  OpcodeNotFound: "Bad instruction",
  InvalidFEOpcode: "Bad instruction",
  StackOverflow: "Out of stack",
  InvalidJump: "Bad jump destination",
  PrecompileError: "Built-in failed",
  PrecompileOOG: "Out of gas",
  MemoryOOG: "Out of gas",
  OutOfFunds: "Insufficient balance for transfer",
};

/** Gas an SSTORE needs left (EIP-2200's sentry); with less it halts as revm's `ReentrancySentryOOG`. */
const SSTORE_SENTRY = 2300n;

/** Whether the frame's last step ran out of gas growing memory (revm charges the growth last, or first for some). */
function ranOutOnMemory(frame: RecordedFrame): boolean {
  const cost = frame.lastCost;
  if (cost === undefined || frame.haltOp === undefined) return false;
  if (MEMORY_FIRST.has(frame.haltOp)) return cost.memory > frame.lastGasLeft;
  return cost.fee - cost.memory <= frame.lastGasLeft;
}

/** revm's name of a failed frame's status; undefined for a frame that succeeded. */
export function frameStatus(frame: RecordedFrame): string | undefined {
  const error = frame.error;
  if (error === undefined) return undefined;
  // A call frame that ran no step and failed ran a precompile: revm tells its own running out of gas apart.
  if (frame.haltOp === undefined && !frame.kind.startsWith("CREATE") && error !== "insufficient balance for transfer") {
    const outOfGas = precompileOutOfGas(frame.to ?? "", fromHex(frame.input), frame.gas, isOutOfGas(error));
    return outOfGas ? "PrecompileOOG" : "PrecompileError";
  }
  if (error === "invalid opcode") return frame.haltOp === "INVALID" ? "InvalidFEOpcode" : "OpcodeNotFound";
  if (error === "out of gas" && frame.haltOp === "SSTORE" && frame.lastGasLeft <= SSTORE_SENTRY)
    return "ReentrancySentryOOG";
  if (error === "out of gas" && ranOutOnMemory(frame)) return "MemoryOOG";
  const status = STATUSES[error];
  if (status !== undefined) return status;
  return error;
}

/** The frame's `error` in geth's wording (`callTracer`, `muxTracer`). */
export function gethError(status: string): string {
  return GETH[status] ?? status;
}

/** The frame's `error` in parity's wording (`flatCallTracer`). */
export function parityError(status: string): string {
  return PARITY[status] ?? status;
}

/** Panic descriptions as EDR words them (`test/compat/tracers.test.ts` compares every code). */
const PANICS: Readonly<Record<number, string>> = {
  0x00: "generic panic",
  0x01: "assert(false)",
  0x11: "arithmetic underflow or overflow",
  0x12: "division or modulo by zero",
  0x21: "enum overflow",
  0x22: "invalid encoded storage byte array accessed",
  0x31: "out-of-bounds array access; popping on an empty array",
  0x32: "out-of-bounds access of an array or bytesN",
  0x41: "out of memory",
  0x51: "uninitialized function",
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `Error(string)` revert data's string, if well formed. */
function errorString(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4 + 64) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = Number(view.getBigUint64(4 + 24));
  const lengthAt = 4 + offset;
  if (offset !== 32 || bytes.length < lengthAt + 32) return undefined;
  const length = Number(view.getBigUint64(lengthAt + 24));
  if (bytes.length < lengthAt + 32 + length) return undefined;
  return decodeUtf8(bytes.subarray(lengthAt + 32, lengthAt + 32 + length));
}

/** `Panic(uint256)` revert data worded as Hardhat's network words it (the panic's description). */
function panicText(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 36) return undefined;
  const code = BigInt(toHex(bytes.subarray(4)));
  const kind = code < 0x100n ? PANICS[Number(code)] : undefined;
  return kind ?? `unknown panic code: 0x${code.toString(16)}`;
}

/**
 * A failed frame's `revertReason`: the string of `Error(string)`, a panic's description, or the revert data
 * itself when it is valid UTF-8; undefined when none or empty.
 */
export function revertReason(output: string): string | undefined {
  const bytes = fromHex(output);
  const selector = output.slice(0, 10);
  let reason: string | undefined;
  if (selector === "0x08c379a0") reason = errorString(bytes);
  else if (selector === "0x4e487b71") reason = panicText(bytes);
  reason ??= decodeUtf8(bytes);
  return reason === undefined || reason === "" ? undefined : reason;
}

/**
 * Human messages for failed executions, worded as Hardhat's network words them, so that error text in test
 * output reads the same: reason strings, panics with their meaning, custom errors and bare reverts.
 */
import { AbiCoder } from "ethers";

import { toHex } from "../util/hex.js";

const PANICS: Readonly<Record<number, string>> = {
  0x00: "Generic compiler inserted panic",
  0x01: "Assertion error",
  0x11: "Arithmetic operation overflowed outside of an unchecked block",
  0x12: "Division or modulo division by zero",
  0x21: "Tried to convert a value into an enum, but the value was too big or negative",
  0x22: "Incorrectly encoded storage byte array",
  0x31: ".pop() was called on an empty array",
  0x32: "Array accessed at an out-of-bounds or negative index",
  0x41: "Too much memory was allocated, or an array was created that is too large",
  0x51: "Called a zero-initialized variable of internal function type",
};

const coder = AbiCoder.defaultAbiCoder();

function decodeOne(type: string, data: Uint8Array): unknown {
  try {
    return coder.decode([type], data.subarray(4))[0];
  } catch {
    return undefined;
  }
}

const ERROR_STRING = "0x08c379a0";
const PANIC = "0x4e487b71";

/** Whether revert data `data` is a custom error's: a selector that is neither `Error(string)` nor `Panic(uint256)`. */
export function isCustomErrorData(data: Uint8Array): boolean {
  if (data.length < 4) return false;
  const selector = toHex(data.subarray(0, 4));
  return selector !== ERROR_STRING && selector !== PANIC;
}

/** The message for reverted execution with return data `data`. */
export function revertMessage(data: Uint8Array): string {
  const prefix = "VM Exception while processing transaction: ";
  if (data.length === 0) return "Transaction reverted without a reason string";
  const selector = toHex(data.subarray(0, 4));
  if (selector === ERROR_STRING) {
    const reason = decodeOne("string", data);
    if (typeof reason === "string") return `${prefix}reverted with reason string '${reason}'`;
  }
  if (selector === PANIC) {
    const code = decodeOne("uint256", data);
    if (typeof code === "bigint") {
      const meaning = PANICS[Number(code)] ?? "Unknown panic code";
      return `${prefix}reverted with panic code 0x${code.toString(16)} (${meaning})`;
    }
  }
  return `${prefix}reverted with an unrecognized custom error (return data: ${toHex(data)})`;
}

/**
 * Hardhat's network names a custom error in its revert message — `reverted with custom error
 * 'Unauthorized("0xf39F…", 3)'` — when the contract whose code reverted is one the project compiled and its
 * ABI declares the error; otherwise it says "an unrecognized custom error". The contract is the one where
 * the data began: a caller that fails right after a failed call with the same return data (Solidity's
 * generated bubbling, or `revert(add(data, 32), mload(data))`) passes the question down to that callee.
 * Values are written as EDR writes them (its rewrite of Hardhat's `AbiHelpers.formatValues`): numbers in
 * decimal, addresses checksummed and quoted, strings and bytes quoted, arrays, tuples and structs as
 * `[a, b]`, function pointers as `<function>`.
 */
import { AbiCoder, ParamType } from "ethers";

import { toHex } from "../util/hex.js";

/** An `error` entry of a contract's JSON ABI. */
export interface CustomErrorAbi {
  readonly name: string;
  readonly inputs: readonly unknown[];
}

/** A recorded call frame, as much of it as this needs (see revert-inference.ts). */
export interface ErrorFrame {
  readonly tail: readonly string[];
  readonly lastChild: ErrorFrame | undefined;
  readonly failed: boolean;
  readonly returnData: Uint8Array;
}

const coder = AbiCoder.defaultAbiCoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The frame where the return data of `frame`'s revert began. */
export function originOf<F extends ErrorFrame>(frame: F): F {
  let at: ErrorFrame = frame;
  for (let child = at.lastChild; child !== undefined; child = at.lastChild) {
    if (!child.failed || !sameBytes(child.returnData, at.returnData) || at.tail.at(-1) !== "REVERT") break;
    at = child;
  }
  return at as F;
}

function formatValue(type: ParamType, value: unknown): string {
  if (type.isArray() || type.isTuple()) {
    const items = Array.from(value as ArrayLike<unknown>);
    const itemType = (i: number): ParamType | null =>
      type.isArray() ? type.arrayChildren : (type.components[i] ?? null);
    return `[${items.map((v, i) => formatValue(itemType(i) ?? type, v)).join(", ")}]`;
  }
  if (type.baseType === "function") return "<function>";
  if (typeof value === "string") return `"${value}"`;
  return String(value);
}

/** The wording of custom error `error` with return data `data` (selector included), if it decodes. */
export function customErrorMessage(error: CustomErrorAbi, data: Uint8Array): string | undefined {
  try {
    const types = error.inputs.map((input) => ParamType.from(input as string));
    const values = coder.decode(types, data.subarray(4));
    const params = types.map((t, i) => formatValue(t, values[i]));
    return `VM Exception while processing transaction: reverted with custom error '${error.name}(${params.join(", ")})'`;
  } catch {
    return undefined;
  }
}

/** The selector of return data that is a custom error (not `Error(string)`, not `Panic(uint256)`). */
export function customErrorSelector(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const selector = toHex(data.subarray(0, 4));
  return selector === "0x08c379a0" || selector === "0x4e487b71" ? undefined : selector;
}

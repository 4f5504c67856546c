/**
 * The JSON-RPC error of a failed execution, as Hardhat's network (EDR) answers it in `eth_call`,
 * `eth_estimateGas` and `eth_sendTransaction` (measured against EDR in test/compat/errors.test.ts):
 *
 * - a revert: code 3, the decoded reason, `data` = the revert bytes;
 * - out of gas: code -32000, "Transaction ran out of gas", `data` = `{ reason: { OutOfGas: "Basic" },
 *   data: "0x", transactionHash }` (the hash of the mined transaction, null for calls);
 * - a transaction sent straight to a precompile that fails (bad input, EIP-7823's modexp size limit):
 *   code 3, "Transaction reverted without a reason string", `data` = "0x"; one whose gas does not cover the
 *   precompile's cost: out of gas with reason `{ OutOfGas: "Precompile" }` (@ethereumjs reports EIP-7823's
 *   limit as out of gas too: told apart by the lengths in the input);
 * - an invalid opcode: code 3, "VM Exception while processing transaction: invalid opcode"; any other halt
 *   (stack underflow, bad jump, a write in a static call, code starting with 0xEF…): code 3, "Transaction
 *   reverted without a reason string"; `data` = "0x" — so ethers and the chai matchers see a revert, as on EDR.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import { toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

import { isPrecompile, precompileOutOfGas } from "../evm/precompile-failures.js";

import type { OutOfGasKind } from "./out-of-gas-kind.js";
import { revertMessage } from "./revert-message.js";
import { RpcError, executionReverted, refused } from "./rpc-error.js";

/** What failed: the EVM error and return data. */
export interface FailedExecution {
  readonly error: string | undefined;
  readonly returnValue: Uint8Array;
}

/** Where the failed transaction went: its recipient and input, the gas left after the intrinsic cost, its hash. */
export interface FailedTarget {
  readonly to?: AddressHex;
  readonly data?: Uint8Array;
  readonly gasAvailable?: bigint;
  readonly transactionHash?: string;
  /** EDR's kind of out-of-gas (see out-of-gas-kind.ts); "Basic" when not given. */
  readonly outOfGas?: OutOfGasKind;
}

/** Whether an EVM error is an out-of-gas one. */
export function isOutOfGas(error: string | undefined): boolean {
  return error !== undefined && OUT_OF_GAS.has(error);
}

function outOfGas(kind: OutOfGasKind | "Precompile", transactionHash: string | undefined): RpcError {
  return new RpcError(-32000, "Transaction ran out of gas", {
    reason: { OutOfGas: kind },
    data: "0x",
    transactionHash: transactionHash ?? null,
  });
}

const OUT_OF_GAS = new Set(["out of gas", "code store out of gas"]);

/** @ethereumjs's error for runtime code above the code size limit, and Hardhat's network's message for it. */
const CODE_TOO_LARGE = "code size to deposit exceeds maximum code size";
const CODE_TOO_LARGE_MESSAGE = "Transaction reverted: trying to deploy a contract whose code is too large";

/** The error to answer for a failed execution of a transaction to `target`. */
export function failedExecutionError(outcome: FailedExecution, target: FailedTarget): RpcError {
  if (outcome.error === "revert") {
    return executionReverted(revertMessage(outcome.returnValue), toHex(outcome.returnValue));
  }
  const ranOutOfGas = isOutOfGas(outcome.error);
  if (target.to !== undefined && isPrecompile(target.to)) {
    const data = target.data ?? new Uint8Array(0);
    if (precompileOutOfGas(target.to, data, target.gasAvailable, ranOutOfGas))
      return outOfGas("Precompile", target.transactionHash);
    return executionReverted(revertMessage(new Uint8Array(0)), "0x");
  }
  if (ranOutOfGas) return outOfGas(target.outOfGas ?? "Basic", target.transactionHash);
  // A creation whose runtime code is above EIP-170's limit: Hardhat's network words it so, compiled or not.
  if (outcome.error === CODE_TOO_LARGE) return executionReverted(CODE_TOO_LARGE_MESSAGE, "0x");
  // EDR names only an invalid opcode among the other halts (stack underflow, a bad jump, a state change in a
  // static call, code starting with 0xEF…); the rest revert "without a reason string".
  if (outcome.error === "invalid opcode")
    return executionReverted("VM Exception while processing transaction: invalid opcode", "0x");
  return executionReverted("Transaction reverted without a reason string", "0x");
}

/**
 * Refuses a gas limit below the intrinsic cost, or below EIP-7623's calldata floor, with EDR's messages (a
 * call or estimate would otherwise fail inside @ethereumjs).
 */
export function checkIntrinsicGas(tx: TypedTransaction): void {
  const intrinsic = tx.getIntrinsicGas();
  if (tx.gasLimit < intrinsic) throw refused(`Transaction requires at least ${intrinsic} gas but got ${tx.gasLimit}`);
  const floor = tx.getMinimumGasLimit();
  if (tx.gasLimit < floor) throw refused(`Transaction requires gas floor of ${floor} but got limit of ${tx.gasLimit}`);
}

/** What a failed transaction's error depends on: recipient, input, gas left after the intrinsic cost. */
export function targetOf(tx: TypedTransaction): FailedTarget {
  const to = tx.to === undefined ? undefined : toHex(tx.to.bytes);
  return { ...(to === undefined ? {} : { to }), data: tx.data, gasAvailable: tx.gasLimit - tx.getIntrinsicGas() };
}

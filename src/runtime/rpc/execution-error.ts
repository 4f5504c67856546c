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
 * - any other halt (invalid opcode, stack underflow, bad jump...): code 3, "VM Exception while processing
 *   transaction: <halt>", `data` = "0x" — so ethers and the chai matchers see a revert, as on EDR.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import { toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

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
  /** EDR's kind of out-of-gas (see `outOfGasKind`); "Basic" when not given. */
  readonly outOfGas?: OutOfGasKind;
}

/** The kinds of out-of-gas EDR reports that the runtime tells apart. */
export type OutOfGasKind = "Basic" | "ReentrancySentry";

/** Whether an EVM error is an out-of-gas one. */
export function isOutOfGas(error: string | undefined): boolean {
  return error !== undefined && OUT_OF_GAS.has(error);
}

/**
 * EDR's kind of a top-level out-of-gas, from a struct-log trace of the failed run: "ReentrancySentry" when
 * the outermost frame's last step is an SSTORE with at most 2,300 gas left (EIP-2200), else "Basic".
 */
export function outOfGasKind(trace: unknown): OutOfGasKind {
  const logs = (trace as { structLogs?: Array<{ depth: number; op: string; gas: number }> }).structLogs ?? [];
  const last = logs.filter((l) => l.depth === 1).at(-1);
  return last?.op === "SSTORE" && last.gas <= 2300 ? "ReentrancySentry" : "Basic";
}

/**
 * A precompile's cost where it does not depend on the input being valid. EDR (revm) checks the gas before
 * the input, @ethereumjs some inputs first: a call with too little gas for this cost is out of gas on EDR
 * whatever the input. Undefined where revm validates first (blake2f, the BLS MSMs and pairing) or the cost
 * needs a valid input (modexp).
 */
function precompileCost(n: number, length: number): bigint | undefined {
  const words = BigInt(Math.ceil(length / 32));
  const fixed: Readonly<Record<number, bigint>> = {
    1: 3000n,
    6: 150n,
    7: 6000n,
    0x0a: 50_000n,
    0x0b: 375n,
    0x0d: 600n,
    0x10: 5500n,
    0x11: 23_800n,
  };
  if (n === 2) return 60n + 12n * words;
  if (n === 3) return 600n + 120n * words;
  if (n === 4) return 15n + 3n * words;
  if (n === 8) return 45_000n + 34_000n * BigInt(Math.floor(length / 192));
  return fixed[n];
}

const MODEXP = "0x0000000000000000000000000000000000000005";
const MODEXP_MAX_LENGTH = 1024n;

/** Whether a modexp input exceeds EIP-7823's 1,024-byte limit on one of its three lengths. */
function exceedsModexpLimit(data: Uint8Array): boolean {
  const padded = new Uint8Array(96);
  padded.set(data.subarray(0, 96));
  for (let i = 0; i < 3; i++) {
    const length = BigInt(toHex(padded.subarray(32 * i, 32 * (i + 1))));
    if (length > MODEXP_MAX_LENGTH) return true;
  }
  return false;
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

/** Whether `address` is one of the precompiles (0x01–0x11 on Osaka). */
export function isPrecompile(address: AddressHex | undefined): boolean {
  if (address === undefined || !/^0x0{38}[0-9a-f]{2}$/.test(address)) return false;
  const n = Number.parseInt(address.slice(-2), 16);
  return n >= 1 && n <= 0x11;
}

/**
 * Whether a failed run of precompile `to` ran out of gas as revm tells it: its gas was below the precompile's
 * cost, or @ethereumjs ran out of gas other than at EIP-7823's modexp limit (which revm reports as an error).
 */
export function precompileOutOfGas(
  to: AddressHex,
  data: Uint8Array,
  gasAvailable: bigint | undefined,
  ranOutOfGas: boolean,
): boolean {
  const modexpLimit = to === MODEXP && exceedsModexpLimit(data);
  const cost = precompileCost(Number.parseInt(to.slice(-2), 16), data.length);
  const tooLittleGas = cost !== undefined && gasAvailable !== undefined && gasAvailable < cost;
  return (ranOutOfGas && !modexpLimit) || tooLittleGas;
}

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
  return executionReverted(`VM Exception while processing transaction: ${outcome.error ?? "unknown error"}`, "0x");
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

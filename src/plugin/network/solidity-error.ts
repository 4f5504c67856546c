/**
 * Execution failures in Hardhat's shape. Hardhat's network throws a `SolidityError` (not a `ProviderError`) for
 * every revert, panic, custom error and invalid opcode of `eth_call`, `eth_estimateGas` and a sent transaction:
 * `name` "SolidityError", `code` 3, `data` the revert bytes, `transactionHash` the failed mined transaction's
 * hash (null for calls). Tests and reporters read these (`error.name`, `String(error)`, `error.transactionHash`),
 * so the plugin throws the same shape for the parallel network's code-3 answers.
 *
 * Known difference: Hardhat's error also carries `stackTrace` / `solidityStack` (Solidity call sites built from
 * source maps); these are left out rather than guessed, so reporters print the message and the JavaScript stack.
 */
import type { JsonRpcResponse } from "hardhat/types/providers";

/** The JSON-RPC code of an execution that reverted (geth's convention, used by EDR). */
const REVERT_CODE = 3;

/** A failed execution, as Hardhat's network reports one (see the module comment). */
export class SolidityError extends Error {
  /** Always 3, as on Hardhat's network. */
  readonly code = REVERT_CODE;

  constructor(
    message: string,
    /** The revert bytes (`0x` when there are none). */
    readonly data: string,
    /** The failed transaction, or null for a call or an estimate. */
    readonly transactionHash: string | null,
  ) {
    super(message);
    this.name = "SolidityError";
  }
}

/** The SolidityError to throw for `response`, when it is a code-3 execution failure; otherwise undefined. */
export function solidityErrorOf(response: JsonRpcResponse): SolidityError | undefined {
  if (!("error" in response) || response.error === undefined) return undefined;
  const { code, message, data } = response.error as { code: unknown; message: unknown; data?: unknown };
  if (code !== REVERT_CODE || typeof message !== "string" || typeof data !== "string") return undefined;
  // A failed send's hash rides on the error object as a non-enumerable property (runtime/rpc/rpc-error.ts).
  const hash: unknown = Reflect.get(response.error, "transactionHash");
  return new SolidityError(message, data, typeof hash === "string" ? hash : null);
}

/**
 * The error `eth_estimateGas` answers in Hardhat's default `noInternalOutOfGas` mode when an inner call runs
 * out of gas even at the largest gas limit: Hardhat's `InternalCallOutOfGasError`, with the `data` EDR puts on
 * the wire (`reason: "InternalCallOutOfGas"`), which Hardhat's gas handler and `hardhat node` clients recognise.
 */
import { RpcError } from "./rpc-error.js";

const MESSAGE =
  "Gas estimation failed: an internal call runs out of gas regardless of the transaction's gas limit, so no reliable estimate exists. Set an explicit gas limit for the transaction, or set the network's gasEstimationMode to 'topLevelSuccess' to only require the top-level call to succeed.";

/** The estimation failure, as Hardhat's network answers it (-32000). */
export function internalCallOutOfGas(): RpcError {
  return new RpcError(-32000, MESSAGE, { reason: "InternalCallOutOfGas", data: "0x", transactionHash: null });
}

/** Whether `error` is that estimation failure. */
export function isInternalCallOutOfGas(error: unknown): boolean {
  if (!(error instanceof RpcError)) return false;
  const data = error.data as { reason?: unknown } | null | undefined;
  return data?.reason === "InternalCallOutOfGas";
}

/**
 * JSON-RPC errors as Hardhat's network answers them: -32602 for malformed params (naming the parameter), -32004
 * ("method not supported", EIP-1474) for unknown methods, 3 with the revert bytes in `data` for reverts (so ethers and the chai matchers decode
 * reason strings, custom errors and panics), -32000 for transactions the node refuses.
 */
import type { FailureFrame } from "./failure-frames.js";

/** Facts for the in-process host that are not part of the JSON-RPC answer (see {@link RpcError.toJson}). */
export interface RpcErrorExtras {
  /** The mined transaction that failed (a send's revert). */
  readonly transactionHash?: string;
  /** The gas a request without `gas` runs with (an estimate that no limit satisfies falls back to it). */
  readonly defaultGas?: bigint;
  /**
   * A refusal Hardhat's network raises while parsing param `afterParam`: its message ends with the parser's
   * position in the request's JSON text and its data is the request (added where the request is known).
   */
  readonly afterParam?: number;
  /** A revert's chain of failed frames, for the host's Solidity stack trace (failure-frames.ts). */
  readonly failureFrames?: readonly FailureFrame[];
}

/** An error the provider answers as a JSON-RPC error object. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly extras: RpcErrorExtras = {},
  ) {
    super(message);
    this.name = "RpcError";
  }

  /**
   * The `error` member of a JSON-RPC response. The {@link RpcErrorExtras} ride along as non-enumerable
   * properties: the wire format stays geth's (`data` is the revert bytes), while the in-process plugin can give
   * the error Hardhat's shape (its `SolidityError` carries the hash) and Hardhat's fallback gas.
   */
  toJson(): { code: number; message: string; data?: unknown } {
    const json =
      this.data === undefined
        ? { code: this.code, message: this.message }
        : { code: this.code, message: this.message, data: this.data };
    for (const [key, value] of Object.entries(this.extras)) {
      if (value !== undefined) Object.defineProperty(json, key, { value, enumerable: false });
    }
    return json;
  }
}

/** `error` with `extras` added to its own. */
export function withExtras(error: RpcError, extras: RpcErrorExtras): RpcError {
  return new RpcError(error.code, error.message, error.data, { ...error.extras, ...extras });
}

/** `error` with the hash of the mined transaction that failed. */
export function withTransactionHash(error: RpcError, hash: string): RpcError {
  return new RpcError(error.code, error.message, error.data, { ...error.extras, transactionHash: hash });
}

/**
 * -32000: even the gas a request without `gas` runs with (`defaultGas`) leaves an inner call out of gas, so no
 * estimate satisfies Hardhat's default `noInternalOutOfGas` mode; Hardhat's message and data.
 */
export function internalCallOutOfGas(defaultGas: bigint): RpcError {
  const message =
    "Gas estimation failed: an internal call runs out of gas regardless of the transaction's gas limit, so no " +
    "reliable estimate exists. Set an explicit gas limit for the transaction, or set the network's " +
    "gasEstimationMode to 'topLevelSuccess' to only require the top-level call to succeed.";
  const data = { reason: "InternalCallOutOfGas", data: "0x", transactionHash: null };
  return new RpcError(-32000, message, data, { defaultGas });
}

/** -32602: a parameter is missing or malformed. */
export function invalidParams(message: string): RpcError {
  return new RpcError(-32602, message);
}

/**
 * -32602 for a well-formed request the node refuses as an invalid argument (a wrong chain id, an unknown block
 * hash...): `data` is null, as EDR answers these (its parse errors carry the request instead).
 */
export function invalidArgument(message: string): RpcError {
  return new RpcError(-32602, message, null);
}

/** -32004: the method is not supported (EDR's code for every method it does not serve). */
export function methodNotFound(method: string): RpcError {
  return new RpcError(-32004, `Method ${method} is not supported`);
}

/** -32000: the node refuses the request (nonce, funds, gas...). `data` is null, as EDR answers it. */
export function refused(message: string): RpcError {
  return new RpcError(-32000, message, null);
}

/** -32000 raised by Hardhat's network while it parses param `index` (see {@link RpcErrorExtras.afterParam}). */
export function refusedInParsing(message: string, index: number): RpcError {
  return new RpcError(-32000, message, undefined, { afterParam: index });
}

/** 3: execution reverted; `data` holds the revert bytes. */
export function executionReverted(message: string, data: string): RpcError {
  return new RpcError(3, message, data);
}

/** -32603: an internal error (a bug: reported, never crashes the node). */
export function internalError(error: unknown): RpcError {
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(-32603, `Internal error: ${message}`);
}

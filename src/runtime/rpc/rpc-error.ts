/**
 * JSON-RPC errors as Hardhat's network answers them: -32602 for malformed params (naming the parameter), -32004
 * ("method not supported", EIP-1474) for unknown methods, 3 with the revert bytes in `data` for reverts (so ethers and the chai matchers decode
 * reason strings, custom errors and panics), -32000 for transactions the node refuses.
 */

/** An error the provider answers as a JSON-RPC error object. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    /** The mined transaction that failed (a send's revert): kept off the JSON, see {@link RpcError.toJson}. */
    readonly transactionHash?: string,
  ) {
    super(message);
    this.name = "RpcError";
  }

  /**
   * The `error` member of a JSON-RPC response. A failed send's `transactionHash` rides along as a non-enumerable
   * property: the wire format stays geth's (`data` is the revert bytes), while the in-process plugin can give
   * the error Hardhat's shape (its `SolidityError` carries the hash).
   */
  toJson(): { code: number; message: string; data?: unknown } {
    const json =
      this.data === undefined
        ? { code: this.code, message: this.message }
        : { code: this.code, message: this.message, data: this.data };
    if (this.transactionHash !== undefined) {
      Object.defineProperty(json, "transactionHash", { value: this.transactionHash, enumerable: false });
    }
    return json;
  }
}

/** `error` with the hash of the mined transaction that failed. */
export function withTransactionHash(error: RpcError, hash: string): RpcError {
  return new RpcError(error.code, error.message, error.data, hash);
}

/** -32602: a parameter is missing or malformed. */
export function invalidParams(message: string): RpcError {
  return new RpcError(-32602, message);
}

/** -32004: the method is not supported (EDR's code for every method it does not serve). */
export function methodNotFound(method: string): RpcError {
  return new RpcError(-32004, `Method ${method} is not supported`);
}

/** -32000: the node refuses the request (nonce, funds, gas...). `data` is null, as EDR answers it. */
export function refused(message: string): RpcError {
  return new RpcError(-32000, message, null);
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

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
  ) {
    super(message);
    this.name = "RpcError";
  }

  /** The `error` member of a JSON-RPC response. */
  toJson(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
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

/** 3: execution reverted; `data` holds the revert bytes. */
export function executionReverted(message: string, data: string): RpcError {
  return new RpcError(3, message, data);
}

/** -32603: an internal error (a bug: reported, never crashes the node). */
export function internalError(error: unknown): RpcError {
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(-32603, `Internal error: ${message}`);
}

/**
 * The request log `parallel-node` prints, as `hardhat node` does, so a user sees that a script reaches the
 * node: one line per JSON-RPC method answered, under a send the transaction's hash, under a failure its message.
 */
import type { RpcRequest, RpcResponse } from "../../runtime/rpc/parallel-provider.js";

const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

/** The log lines of one answered request. */
export function requestLogLines(request: RpcRequest, response: RpcResponse): string[] {
  const lines = [request.method];
  if ("error" in response) lines.push(`  Error: ${response.error.message}`);
  else if (SENDS.has(request.method) && typeof response.result === "string")
    lines.push(`  Transaction: ${response.result}`);
  return lines;
}

/** A logger for the server's `onAnswer` that writes each request's lines with `write`. */
export function requestLogger(write: (line: string) => void): (request: RpcRequest, response: RpcResponse) => void {
  return (request, response) => {
    for (const line of requestLogLines(request, response)) write(line);
  };
}

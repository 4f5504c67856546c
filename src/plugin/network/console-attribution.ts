/**
 * Which transaction of a mined block printed which console.log lines, for the request log (EDR prints them under
 * their transaction). The runtime prints a block's lines in block order as it executes them without naming the
 * transaction, so each transaction is traced again (`callTracer`, which prints nothing) and its calls to the
 * console address counted; the lines are dealt out in block order by those counts. Only when the counts add up
 * to the lines printed: otherwise (a call with a selector console.sol does not have prints nothing) the caller
 * keeps them together after the block, never under a wrong transaction.
 */
import type { JsonRpcRequest } from "hardhat/types/providers";

/** The address Hardhat's `console.sol` calls. */
export const CONSOLE_ADDRESS = "0x000000000000000000636f6e736f6c652e6c6f67";

type Handle = (request: JsonRpcRequest) => Promise<{ readonly result?: unknown } | { readonly error?: unknown }>;
interface CallFrame {
  readonly to?: unknown;
  readonly calls?: readonly CallFrame[];
}

/** The calls to the console address in a `callTracer` frame and its children. */
export function consoleCalls(frame: CallFrame): number {
  const own = typeof frame.to === "string" && frame.to.toLowerCase() === CONSOLE_ADDRESS ? 1 : 0;
  return own + (frame.calls ?? []).reduce((n, child) => n + consoleCalls(child), 0);
}

/**
 * The console lines of each transaction (by hash), `lines` being what the transactions `hashes` printed in order;
 * undefined where they cannot be told apart.
 */
export async function consoleByTransaction(
  handle: Handle,
  hashes: readonly string[],
  lines: readonly string[],
): Promise<Map<string, readonly string[]> | undefined> {
  if (lines.length === 0) return new Map();
  const [only] = hashes;
  if (hashes.length === 1 && only !== undefined) return new Map([[only, lines]]);
  const out = new Map<string, readonly string[]>();
  let next = 0;
  for (const hash of hashes) {
    const params = [hash, { tracer: "callTracer" }];
    const answer = await handle({ jsonrpc: "2.0", id: 0, method: "debug_traceTransaction", params });
    const frame = "result" in answer ? answer.result : undefined;
    if (typeof frame !== "object" || frame === null) return undefined;
    const count = consoleCalls(frame as CallFrame);
    out.set(hash, lines.slice(next, next + count));
    next += count;
  }
  return next === lines.length ? out : undefined;
}

/**
 * Execution failures in Hardhat's shape. Hardhat's network throws a `SolidityError` (not a `ProviderError`) for
 * every revert, panic, custom error and invalid opcode of `eth_call`, `eth_estimateGas` and a sent transaction:
 * `name` "SolidityError", `code` 3, `data` the revert bytes, `transactionHash` the failed mined transaction's
 * hash (null for calls). Tests and reporters read these (`error.name`, `String(error)`, `error.transactionHash`),
 * so the plugin throws the same shape for the parallel network's code-3 answers.
 *
 * A revert whose Solidity stack trace is derivable as EDR derives it (solidity-stack.ts) also carries
 * `stackTrace` (EDR's entries), `solidityStack` and the Solidity frames on top of `stack` (`at Token.transfer
 * (contracts/Token.sol:42)`, deepest first), formatted as Hardhat formats them; otherwise these are left out
 * rather than guessed, and the error shows the message and the JavaScript stack.
 */
import type { JsonRpcResponse } from "hardhat/types/providers";

import type { FailureFrame } from "../../runtime/rpc/failure-frames.js";

import { mappedCode } from "./code-mapper.js";
import { solidityStack, type StackEntry } from "./solidity-stack.js";
import { ENTRY } from "./stack-entry-types.js";

/** Hardhat's messages for failures whose last stack entry is a check's the runtime does not word (no sources). */
const STACK_MESSAGES: Readonly<Record<number, string>> = {
  [ENTRY.INVALID_PARAMS]: "Transaction reverted: function was called with incorrect parameters",
  [ENTRY.RETURNDATA_SIZE]: "Transaction reverted: function returned an unexpected amount of data",
};

/** The JSON-RPC code of an execution that reverted (geth's convention, used by EDR). */
const REVERT_CODE = 3;

/** Hardhat's rendering of an entry's call site (its SolidityCallSite's toString). */
export function callSiteText(entry: StackEntry): string {
  const { sourceName, contract, line } = entry.sourceReference;
  const file = sourceName.replace(/^project\//, "");
  const unrecognized = entry.type === ENTRY.UNRECOGNIZED_FUNCTION || entry.type === ENTRY.MISSING_FALLBACK_OR_RECEIVE;
  const fn =
    entry.type === ENTRY.INTERNAL_FUNCTION
      ? `internal@${entry.pc ?? 0}`
      : unrecognized
        ? "<unrecognized-selector>"
        : entry.sourceReference.function;
  const location = entry.type === ENTRY.INTERNAL_FUNCTION ? file : `${file}:${line}`;
  if (contract !== undefined) return `${contract}.${fn ?? "<unknown>"} (${location})`;
  return `${fn ?? "<unknown>"} (${location})`;
}

/** A failed execution, as Hardhat's network reports one (see the module comment). */
export class SolidityError extends Error {
  /** Always 3, as on Hardhat's network. */
  readonly code = REVERT_CODE;
  /** The Solidity stack trace (EDR's entries, outermost first), when derivable. */
  readonly stackTrace?: readonly StackEntry[];
  /** The Solidity call sites, deepest first, one a line, when derivable. */
  readonly solidityStack?: string;

  constructor(
    message: string,
    /** The revert bytes (`0x` when there are none). */
    readonly data: string,
    /** The failed transaction, or null for a call or an estimate. */
    readonly transactionHash: string | null,
    stackTrace?: readonly StackEntry[],
  ) {
    super(message);
    this.name = "SolidityError";
    if (stackTrace === undefined) return;
    this.stackTrace = stackTrace;
    const sites = stackTrace.map(callSiteText).reverse();
    this.solidityStack = sites.join("\n");
    const javascript = (this.stack ?? "").split("\n").filter((l) => l.startsWith("    at "));
    this.stack = [`${this.name}: ${message}`, ...sites.map((s) => `    at ${s}`), ...javascript].join("\n");
    Object.defineProperty(this, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => this.stack,
      enumerable: false,
      configurable: true,
    });
  }
}

/**
 * The SolidityError to throw for `response`, when it is a code-3 execution failure; otherwise undefined. With
 * `host`, a revert's failure frames are mapped to its Solidity stack trace through the project's source maps.
 */
export async function solidityErrorOf(
  response: JsonRpcResponse,
  host?: Parameters<typeof mappedCode>[0],
): Promise<SolidityError | undefined> {
  if (!("error" in response) || response.error === undefined) return undefined;
  const { code, message, data } = response.error as { code: unknown; message: unknown; data?: unknown };
  if (code !== REVERT_CODE || typeof message !== "string" || typeof data !== "string") return undefined;
  // A failed send's hash and a revert's failure frames ride on the error as non-enumerable properties
  // (runtime/rpc/rpc-error.ts).
  const hash: unknown = Reflect.get(response.error, "transactionHash");
  const frames = Reflect.get(response.error, "failureFrames") as readonly FailureFrame[] | undefined;
  const stack =
    host === undefined || frames === undefined
      ? undefined
      : await solidityStack(frames, message, (frame) => mappedCode(host, frame)).catch(() => undefined);
  // Hardhat words some failures from the stack trace's last entry, which the runtime cannot tell apart.
  const worded = STACK_MESSAGES[stack?.at(-1)?.type ?? -1] ?? message;
  return new SolidityError(worded, data, typeof hash === "string" ? hash : null, stack);
}

/**
 * Whether a run had an inner call run out of gas. Hardhat's network estimates gas in its default
 * `noInternalOutOfGas` mode: a gas limit is good only if the transaction succeeds and no inner call (a frame below
 * the top one) runs out of gas — a caller that tolerates its callee's failure (try/catch, a low-level call) would
 * otherwise be estimated at a limit where the callee silently fails.
 */
import type { VM } from "@ethereumjs/vm";

import { isPrecompile, precompileOutOfGas } from "../evm/precompile-failures.js";
import { toHex } from "../util/hex.js";

/** @ethereumjs's out-of-gas errors (the frame's gas ran out). */
const OUT_OF_GAS = new Set(["out of gas", "code store out of gas"]);

interface Message {
  readonly depth: number;
  readonly to?: { readonly bytes: Uint8Array };
  readonly data: Uint8Array;
  readonly gasLimit: bigint;
}

/**
 * Whether a frame's out-of-gas error is one revm counts as such: a precompile failure revm calls an error
 * (EIP-7823's modexp size limit, which @ethereumjs reports as out of gas) is not.
 */
function ranOutOfGas(message: Message): boolean {
  const to = message.to === undefined ? undefined : toHex(message.to.bytes);
  return to === undefined || !isPrecompile(to) || precompileOutOfGas(to, message.data, message.gasLimit, true);
}

interface MessageResult {
  readonly execResult: { readonly exceptionError?: { readonly error?: unknown } };
}

/** Runs `run` (one transaction on `vm`'s EVM) and tells whether a frame below the top one ran out of gas. */
export async function watchInternalOutOfGas<T>(
  vm: VM,
  run: () => Promise<T>,
): Promise<{ readonly result: T; readonly internalOutOfGas: boolean }> {
  const frames: Message[] = [];
  let internalOutOfGas = false;
  const before = (message: Message): void => {
    frames.push(message);
  };
  const after = (result: MessageResult): void => {
    const frame = frames.pop();
    const error = result.execResult.exceptionError?.error;
    if (frame !== undefined && frame.depth > 0 && typeof error === "string" && OUT_OF_GAS.has(error)) {
      internalOutOfGas ||= ranOutOfGas(frame);
    }
  };
  const events = vm.evm.events;
  events?.on("beforeMessage", before);
  events?.on("afterMessage", after);
  try {
    return { result: await run(), internalOutOfGas };
  } finally {
    events?.off("beforeMessage", before);
    events?.off("afterMessage", after);
  }
}

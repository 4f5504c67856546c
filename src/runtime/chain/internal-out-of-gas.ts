/**
 * Hardhat's default gas estimation mode, `noInternalOutOfGas`: an estimate must let the transaction succeed
 * without any inner call running out of gas (a call made with a fixed gas stipend that always runs out makes
 * the estimate fail instead). This watches one run for an inner frame that ended out of gas — the frames revm
 * counts as out of gas (plain, memory, precompile, the SSTORE sentry), all of which @ethereumjs reports as
 * `out of gas`; a creation whose code deposit did not fit ("code store out of gas") is not among them, nor a
 * precompile failure revm calls an error (evm/precompile-failures.ts).
 */
import type { EVMInterface, EVMResult, Message } from "@ethereumjs/evm";

import { isPrecompile, precompileOutOfGas } from "../evm/precompile-failures.js";
import { toHex } from "../util/hex.js";

/** Hardhat's network's gas estimation modes. */
export type GasEstimationMode = "topLevelSuccess" | "noInternalOutOfGas";

/** Runs `run`, telling whether a frame below the transaction's own ran out of gas. */
export async function watchInternalOutOfGas<T>(
  evm: EVMInterface,
  run: () => Promise<T>,
): Promise<{ readonly result: T; readonly internalOutOfGas: boolean }> {
  const frames: Message[] = [];
  let internalOutOfGas = false;
  const before = (message: Message): void => {
    frames.push(message);
  };
  const after = (result: EVMResult): void => {
    const frame = frames.pop();
    if (frame === undefined || frame.depth === 0 || result.execResult.exceptionError?.error !== "out of gas") return;
    const to = frame.to === undefined ? undefined : toHex(frame.to.bytes);
    internalOutOfGas ||= !isPrecompile(to) || precompileOutOfGas(to ?? "", frame.data, frame.gasLimit, true);
  };
  evm.events?.on("beforeMessage", before);
  evm.events?.on("afterMessage", after);
  try {
    return { result: await run(), internalOutOfGas };
  } finally {
    evm.events?.off("beforeMessage", before);
    evm.events?.off("afterMessage", after);
  }
}

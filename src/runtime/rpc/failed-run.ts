/**
 * The error of a failed run, told apart the way EDR tells it: an out-of-gas failure (not in a precompile) is
 * traced again — only then, so successful runs pay nothing — to see whether the outermost frame stopped on
 * the SSTORE sentry (EIP-2200) or ran out otherwise.
 */
import type { BlockEnvironment } from "../chain/block-assembly.js";
import { runCall } from "../chain/call-runner.js";
import type { Chain } from "../chain/chain.js";
import type { TxRequest } from "../chain/transaction-factory.js";
import type { StateView } from "../state/account-data.js";

import {
  failedExecutionError,
  isOutOfGas,
  isPrecompile,
  outOfGasKind,
  type FailedExecution,
  type FailedTarget,
} from "./execution-error.js";
import { traceExecution } from "./methods/trace-transaction.js";
import type { RpcError } from "./rpc-error.js";

/** Struct logs without memory, stack or storage: enough to see a failed run's last steps. */
export const QUIET_TRACE = { disableMemory: true, disableStack: true, disableStorage: true };

/** The error of a failed run; `retrace` gives a struct-log trace of it (asked for out-of-gas only). */
export async function failedRunError(
  outcome: FailedExecution,
  target: FailedTarget,
  retrace: () => Promise<unknown>,
): Promise<RpcError> {
  if (!isOutOfGas(outcome.error) || (target.to !== undefined && isPrecompile(target.to))) {
    return failedExecutionError(outcome, target);
  }
  return failedExecutionError(outcome, { ...target, outOfGas: outOfGasKind(await retrace()) });
}

/** A call run again with the struct-log tracer on. */
export function retraceCall(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
): Promise<unknown> {
  return traceExecution(chain, QUIET_TRACE, async () => {
    const outcome = await runCall(chain, view, env, request);
    return { gasUsed: outcome.gasUsed, failed: outcome.error !== undefined, returnValue: outcome.returnValue };
  });
}

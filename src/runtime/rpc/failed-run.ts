/**
 * The error of a failed run, told apart the way EDR tells it: an out-of-gas failure (not in a precompile) is
 * traced again — only then, so successful runs pay nothing — to see whether the outermost frame stopped on
 * the SSTORE sentry (EIP-2200) or ran out otherwise; a revert is run again with its frames recorded when the host
 * can name contracts (revert-inference.ts): one without data to word it as EDR does, one with custom error data to
 * decode the error with the ABI of the contract it began in, and every one (an invalid opcode too) for the
 * failure frames of the host's Solidity stack trace. A creation whose code starts with 0xEF (EIP-3541) is traced
 * again with memory to read the code it returned, which EDR words as revert data (@ethereumjs drops it).
 */
import type { VM } from "@ethereumjs/vm";

import type { BlockEnvironment } from "../chain/block-assembly.js";
import { runCall } from "../chain/call-runner.js";
import type { Chain } from "../chain/chain.js";
import type { TxRequest } from "../chain/transaction-factory.js";
import type { StateView } from "../state/account-data.js";
import { fromHex, toHex } from "../util/hex.js";
import { isPrecompile } from "../evm/precompile-failures.js";

import { failedExecutionError, isOutOfGas, type FailedExecution, type FailedTarget } from "./execution-error.js";
import { LAST_OUTER_STEP, WITHOUT_STRUCT_LOGS, type StepEvent } from "./methods/struct-log.js";
import { outOfGasKindOf } from "./out-of-gas-kind.js";
import { traceExecution } from "./methods/trace-execution.js";
import { failureChain } from "./failure-frames.js";
import {
  inferCustomError,
  inferRevertMessage,
  recordFrames,
  type ContractLookup,
  type Frame,
} from "./revert-inference.js";
import { isCustomErrorData, revertMessage } from "./revert-message.js";
import { executionReverted, withExtras, type RpcError } from "./rpc-error.js";

/** Struct logs without memory, stack or storage: enough to see a failed run's last steps. */
export const QUIET_TRACE = { disableMemory: true, disableStack: true, disableStorage: true };

/** No struct logs at all: a failed run traced again only for its call frames (revert-inference.ts). */
export const FRAMES_ONLY = { ...QUIET_TRACE, [WITHOUT_STRUCT_LOGS]: true };

/** No struct logs, the outermost frame's last step kept: enough to tell an out-of-gas's kind. */
const OUT_OF_GAS_TRACE = { ...FRAMES_ONLY, [LAST_OUTER_STEP]: true };

/** Struct logs with stack and memory: enough to read what the outermost frame's last RETURN returned. */
const RETURN_TRACE = { disableStack: false, enableMemory: true, disableStorage: true };

/** @ethereumjs's error for a creation whose returned code starts with 0xEF (EIP-3541). */
const EF_CODE = "invalid bytecode deployed";

/** Runs a failed execution again under the struct-log tracer with the given trace options. */
export type Retrace = (
  options: typeof QUIET_TRACE | typeof FRAMES_ONLY | typeof RETURN_TRACE | typeof OUT_OF_GAS_TRACE,
) => Promise<unknown>;

/** What explains a revert without data: the host's contracts and the EVM to run the failure again on. */
export interface RevertExplainer {
  readonly lookup: ContractLookup;
  readonly vm: VM;
}

/**
 * The error of a failed run; `retrace` runs it again with a struct-log trace (asked for out-of-gas only, and,
 * with an `explainer`, for a revert without data: see revert-inference.ts).
 */
export async function failedRunError(
  outcome: FailedExecution,
  target: FailedTarget,
  retrace: Retrace,
  explainer?: RevertExplainer,
): Promise<RpcError> {
  // A creation's revert without data is not explained (no dispatcher ran); its custom error is decoded.
  const explainable = target.to === undefined || !isPrecompile(target.to);
  const invalidOpcode = outcome.error === "invalid opcode";
  if (explainer !== undefined && explainable && (outcome.error === "revert" || invalidOpcode)) {
    // Frames with their steps: the message's inference and the failure frames of the host's stack trace.
    const frame = await recordFrames(explainer.vm, () => retrace(FRAMES_ONLY));
    if (frame === undefined) return failedExecutionError(outcome, target);
    const inferred = invalidOpcode ? undefined : await inferredRevert(frame, outcome, target, explainer.lookup);
    const error = inferred ?? failedExecutionError(outcome, target);
    const failureFrames = failureChain(frame);
    return failureFrames === undefined ? error : withExtras(error, { failureFrames });
  }
  // EDR words the refused code as a revert's data (a lone 0xEF: "unrecognized custom error"), with data 0x.
  if (outcome.error === EF_CODE && target.to === undefined)
    return executionReverted(revertMessage(returnedData(await retrace(RETURN_TRACE))), "0x");
  if (!isOutOfGas(outcome.error) || (target.to !== undefined && isPrecompile(target.to))) {
    return failedExecutionError(outcome, target);
  }
  const trace = (await retrace(OUT_OF_GAS_TRACE)) as { lastOuterStep?: StepEvent };
  return failedExecutionError(outcome, { ...target, outOfGas: outOfGasKindOf(trace.lastOuterStep) });
}

/** What the outermost frame's last step returned, read from a struct-log trace with stack and memory. */
export function returnedData(trace: unknown): Uint8Array {
  const logs = (trace as { structLogs?: Array<{ depth: number; op: string; stack?: string[]; memory?: string[] }> })
    .structLogs;
  const last = logs?.filter((l) => l.depth === 1).at(-1);
  const stack = last?.stack ?? [];
  if (last?.op !== "RETURN" || stack.length < 2) return new Uint8Array(0);
  const offset = Number(stack[stack.length - 1]);
  const size = Number(stack[stack.length - 2]);
  const memory = fromHex(`0x${(last.memory ?? []).map((w) => w.slice(2)).join("")}`);
  const out = new Uint8Array(size);
  out.set(memory.subarray(offset, offset + size));
  return out;
}

/** The revert's error with a message inferred from the recorded `frame` (revert-inference.ts), if one is. */
async function inferredRevert(
  frame: Frame,
  outcome: FailedExecution,
  target: FailedTarget,
  lookup: ContractLookup,
): Promise<RpcError | undefined> {
  const data = outcome.returnValue;
  if (data.length === 0 && target.to !== undefined) {
    const message = await inferRevertMessage(frame, lookup);
    return message === undefined ? undefined : executionReverted(message, "0x");
  }
  if (!isCustomErrorData(data)) return undefined;
  const message = await inferCustomError(frame, lookup);
  return message === undefined ? undefined : executionReverted(message, toHex(data));
}

/** A call run again with the struct-log tracer on, with trace options `options`. */
export function retraceCall(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
  options: Parameters<Retrace>[0] = QUIET_TRACE,
): Promise<unknown> {
  return traceExecution(chain, options, async () => {
    const outcome = await runCall(chain, view, env, request);
    return { gasUsed: outcome.gasUsed, failed: outcome.error !== undefined, returnValue: outcome.returnValue };
  });
}

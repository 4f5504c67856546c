/**
 * The struct-log tracer around one run (debug_traceTransaction, debug_traceCall): each step the EVM reports
 * becomes a struct log (`struct-log.ts`), and the trackers fill in what depends on frames — storage, refunds,
 * call costs, halts, return data — from the EVM's step and message events, which are listened to only during
 * the run.
 */
import type { Chain } from "../../chain/chain.js";
import { toHex } from "../../util/hex.js";

import { CallCostTracker } from "./call-cost-tracker.js";
import { HaltMarker } from "./halt-marker.js";
import { RefundTracker } from "./refund-tracker.js";
import { ReturnDataTracker, type ReturnDataFrameEnd } from "./return-data-tracker.js";
import { StorageTracker } from "./storage-tracker.js";
import { structLog, traceOptions, type StepEvent, type TraceOptions } from "./struct-log.js";

/** What the EVM's `afterMessage` event carries, as far as the tracers read it. */
type FrameEnd = ReturnDataFrameEnd & {
  readonly execResult: { readonly exceptionError?: { error: string }; readonly gasRefund?: bigint };
};

/** What a traced execution gave. */
export interface TracedRun {
  readonly gasUsed: bigint;
  readonly failed: boolean;
  readonly returnValue: Uint8Array;
}

/** The struct logs of a run and the EVM event listeners that record them. */
interface StructLogRecorder {
  readonly logs: Array<Record<string, unknown>>;
  readonly onStep: (step: StepEvent) => void;
  readonly before: (message: { depth: number; gasRefund: bigint }) => void;
  readonly after: (result: FrameEnd) => void;
}

/** A struct log per step, with what the trackers fill in from the steps and the frames around them. */
function structLogRecorder(options: TraceOptions): StructLogRecorder {
  const logs: Array<Record<string, unknown>> = [];
  const storage = options.disableStorage ? undefined : new StorageTracker();
  const calls = new CallCostTracker();
  const halts = new HaltMarker();
  const refunds = new RefundTracker();
  const returns = options.enableReturnData ? new ReturnDataTracker() : undefined;
  const depths: number[] = [];
  const onStep = (step: StepEvent): void => {
    const log = structLog(step, options);
    refunds.observe(step, log);
    storage?.observe(step, log);
    calls.observe(step, log);
    halts.step(step, log);
    returns?.observe(step, log);
    logs.push(log);
  };
  const before = (message: { depth: number; gasRefund: bigint }): void => {
    depths.push(message.depth);
    refunds.frameStarts(message.gasRefund);
    halts.frameStarts(message.depth);
    calls.frameStarts();
    returns?.frameStarts(message.depth);
  };
  const after = (result: FrameEnd): void => {
    const depth = depths.pop();
    refunds.frameEnds(result.execResult.exceptionError !== undefined, result.execResult.gasRefund);
    if (depth !== undefined) halts.frameEnds(depth, result.execResult.exceptionError?.error);
    if (depth !== undefined) returns?.frameEnds(depth, result);
  };
  return { logs, onStep, before, after };
}

/** Runs `run` with the struct-log tracer on (debug_traceTransaction, debug_traceCall). */
export async function traceExecution(
  chain: Chain,
  rawOptions: unknown,
  run: () => Promise<TracedRun>,
): Promise<unknown> {
  const options = traceOptions(rawOptions);
  const { logs, onStep, before, after } = structLogRecorder(options);
  const { vm } = chain.context;
  let lastOuterStep: StepEvent | undefined;
  const keepOuter = (step: StepEvent): void => {
    if (step.depth === 0) lastOuterStep = step;
  };
  if (options.structLogs) vm.evm.events?.on("step", onStep);
  if (options.lastOuterStep) vm.evm.events?.on("step", keepOuter);
  vm.evm.events?.on("beforeMessage", before);
  vm.evm.events?.on("afterMessage", after);
  try {
    const result = await run();
    return {
      gas: Number(result.gasUsed),
      failed: result.failed,
      returnValue: toHex(result.returnValue), // 0x-prefixed, as EDR answers
      structLogs: logs,
      ...(options.lastOuterStep ? { lastOuterStep } : {}),
    };
  } finally {
    vm.evm.events?.off("step", onStep);
    vm.evm.events?.off("step", keepOuter);
    vm.evm.events?.off("beforeMessage", before);
    vm.evm.events?.off("afterMessage", after);
  }
}

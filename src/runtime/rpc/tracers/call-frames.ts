/**
 * geth's `callTracer` answer built from recorded frames, field for field as Hardhat's network builds it
 * (revm-inspectors' geth builder): a frame per call or creation, precompiles included; STATICCALL frames
 * without `value`; a failed frame with `error` (geth's wording), `revertReason` when its revert data decodes,
 * and — unless it reverted — all its gas used and no output; a SELFDESTRUCT as the last child of its frame;
 * logs (`withLog`) of the outermost frame, failed or not, and of inner frames that and whose callers all
 * succeeded (as EDR answers: a top-level call or creation that logs and then reverts, halts or runs out of gas,
 * even depositing its code, shows its logs; its callees' logs are gone).
 */
import { frameStatus, gethError, revertReason } from "./frame-errors.js";
import type { RecordedFrame } from "./frame-recorder.js";

/** `tracerConfig` of `callTracer`. */
export interface CallTracerConfig {
  readonly onlyTopCall: boolean;
  readonly withLog: boolean;
}

/** What the outermost frame shows instead of what it recorded. */
export interface RootOverrides {
  /** The transaction's gas limit (the outermost frame recorded the limit less the intrinsic gas). */
  readonly gas: bigint;
  /** The transaction's gas used (after refunds). */
  readonly gasUsed: bigint;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

function selfdestructFrame(frame: RecordedFrame): Record<string, unknown> | undefined {
  const destruct = frame.selfdestruct;
  if (destruct === undefined) return undefined;
  return {
    from: destruct.address,
    gas: "0x0",
    gasUsed: "0x0",
    to: destruct.beneficiary,
    input: "0x",
    value: hex(destruct.value),
    type: "SELFDESTRUCT",
  };
}

function logsOf(frame: RecordedFrame): Array<Record<string, unknown>> {
  return frame.logs.map((log) => ({
    address: log.address,
    topics: log.topics,
    data: log.data,
    position: hex(log.position),
    index: hex(log.index),
  }));
}

/**
 * One frame without its children (also the base of `erc7562Tracer`'s frames); with `withLogs` its logs when it
 * succeeded, or whatever its status when `evenFailed` (the outermost frame of `callTracer`).
 */
export function emptyCallFrame(frame: RecordedFrame, withLogs: boolean, evenFailed = false): Record<string, unknown> {
  const status = frameStatus(frame);
  const out: Record<string, unknown> = { from: frame.from, gas: hex(frame.gas), gasUsed: hex(frame.gasUsed) };
  const created = frame.kind === "CREATE" || frame.kind === "CREATE2";
  if (frame.to !== undefined && !(created && status !== undefined)) out.to = frame.to;
  out.input = frame.input;
  if (frame.output !== "0x") out.output = frame.output;
  if (status !== undefined) {
    // revm counts a call refused for want of balance among reverts: it keeps its gas used and output.
    if (status !== "Revert" && status !== "OutOfFunds") {
      out.gasUsed = hex(frame.gas);
      delete out.output;
    }
    out.error = gethError(status);
    const reason = revertReason(frame.output);
    if (reason !== undefined && status === "Revert") out.revertReason = reason;
  }
  if (withLogs && (status === undefined || evenFailed) && frame.logs.length > 0) out.logs = logsOf(frame);
  if (frame.kind !== "STATICCALL") out.value = hex(frame.value);
  out.type = frame.kind;
  return out;
}

function build(frame: RecordedFrame, withLogs: boolean, root = false): Record<string, unknown> {
  const out = emptyCallFrame(frame, withLogs, root);
  const logsBelow = withLogs && frameStatus(frame) === undefined;
  const calls = frame.children.map((child) => build(child, logsBelow));
  const destruct = selfdestructFrame(frame);
  if (destruct !== undefined) calls.push(destruct);
  return calls.length > 0 ? { ...withCalls(out, calls) } : out;
}

/** Inserts `calls` where geth's serializer puts it (after `revertReason`, before `logs`). */
function withCalls(frame: Record<string, unknown>, calls: unknown[]): Record<string, unknown> {
  const { logs, value, type, ...head } = frame;
  const out: Record<string, unknown> = { ...head, calls };
  if (logs !== undefined) out.logs = logs;
  if (value !== undefined) out.value = value;
  out.type = type;
  return out;
}

/** The `callTracer` answer for the execution whose outermost frame is `root`. */
export function callTrace(root: RecordedFrame, config: CallTracerConfig, overrides: RootOverrides): unknown {
  const top = config.onlyTopCall
    ? withCalls(emptyCallFrame(root, config.withLog, true), [])
    : build(root, config.withLog, true);
  top.gas = hex(overrides.gas);
  top.gasUsed = hex(overrides.gasUsed);
  if (config.onlyTopCall) {
    const destruct = selfdestructFrame(root);
    if (destruct === undefined) delete top.calls;
    else top.calls = [destruct];
  }
  return top;
}

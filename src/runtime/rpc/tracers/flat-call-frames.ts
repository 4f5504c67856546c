/**
 * geth's `flatCallTracer` answer (parity-style traces) built from recorded frames as Hardhat's network builds
 * it (revm-inspectors' parity builder): one trace per frame in execution order with its `traceAddress`, a
 * `suicide` trace right after the frame that self-destructed, calls to precompiles left out unless
 * `includePrecompiles` (or they carry value), `result: null` for frames that halted other than by reverting,
 * the outermost frame's gas the transaction's, its gas used the execution's (before refunds, intrinsic gas
 * left out).
 */
import { frameStatus, parityError } from "./frame-errors.js";
import type { RecordedFrame } from "./frame-recorder.js";

/** `tracerConfig` of `flatCallTracer`. */
export interface FlatCallConfig {
  readonly includePrecompiles: boolean;
}

/** Where the transaction sits (null members for `debug_traceCall`). */
export interface TxPlace {
  readonly blockHash: string | null;
  readonly blockNumber: number | null;
  readonly transactionHash: string | null;
  readonly transactionPosition: number | null;
}

/** What the outermost frame shows instead of what it recorded. */
export interface FlatRoot {
  /** The transaction's gas limit (inside `muxTracer`: the gas the frame was given). */
  readonly gas: bigint;
  /** The frame's gas used before refunds. */
  readonly gasUsed: bigint;
  readonly isPrecompile: (address: string) => boolean;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

function action(frame: RecordedFrame, gas: bigint): Record<string, unknown> {
  if (frame.kind === "CREATE" || frame.kind === "CREATE2") {
    return {
      from: frame.from,
      gas: hex(gas),
      init: frame.input,
      value: hex(frame.value),
      creationMethod: frame.kind.toLowerCase(),
    };
  }
  return {
    from: frame.from,
    callType: frame.kind.toLowerCase(),
    gas: hex(gas),
    input: frame.input,
    to: frame.to,
    value: hex(frame.kind === "STATICCALL" ? 0n : frame.value),
  };
}

function result(frame: RecordedFrame, gasUsed: bigint, status: string | undefined): unknown {
  if (status !== undefined && status !== "Revert") return null;
  if (frame.kind === "CREATE" || frame.kind === "CREATE2")
    return { address: frame.to, code: frame.output, gasUsed: hex(gasUsed) };
  return { gasUsed: hex(gasUsed), output: frame.output };
}

/** The `flatCallTracer` answer. */
export function flatCallTrace(
  root: RecordedFrame,
  config: FlatCallConfig,
  place: TxPlace,
  rootOverrides: FlatRoot,
): unknown[] {
  const traces: unknown[] = [];
  // Members without a value (a call has no block hash, transaction hash or position) are left out.
  const at = Object.fromEntries(Object.entries(place).filter(([, value]) => value !== null));
  const included = (frame: RecordedFrame): boolean =>
    config.includePrecompiles || frame.value !== 0n || frame.to === undefined || !rootOverrides.isPrecompile(frame.to);
  const visit = (frame: RecordedFrame, traceAddress: number[]): void => {
    const isRoot = frame === root;
    const status = frameStatus(frame);
    const children = frame.children.filter(included);
    const destruct = frame.selfdestruct;
    const entry: Record<string, unknown> = { action: action(frame, isRoot ? rootOverrides.gas : frame.gas), ...at };
    if (status !== undefined) entry.error = parityError(status);
    entry.result = result(frame, isRoot ? rootOverrides.gasUsed : frame.gasUsed, status);
    entry.subtraces = children.length + (destruct === undefined ? 0 : 1);
    entry.traceAddress = traceAddress;
    entry.type = frame.kind.startsWith("CREATE") ? "create" : "call";
    traces.push(entry);
    if (destruct !== undefined) {
      traces.push({
        action: { address: destruct.address, balance: hex(destruct.value), refundAddress: destruct.beneficiary },
        ...at,
        result: null,
        subtraces: 0,
        traceAddress: [...traceAddress, children.length],
        type: "suicide",
      });
    }
    children.forEach((child, i) => visit(child, [...traceAddress, i]));
  };
  visit(root, []);
  return traces;
}

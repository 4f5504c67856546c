/**
 * Records the call frames of one traced execution, as revm-inspectors' tracing inspector (which Hardhat's
 * network runs for geth's native tracers) records them: per frame its kind, addresses, value, gas given and
 * used, input, output, halt, logs (with their place among the frame's child calls and their index in the
 * transaction) and self-destruction. It listens to the EVM's `beforeMessage`, `afterMessage` and `step` events
 * only while a `debug_trace*` replay runs, so normal execution pays nothing.
 */
import { toHex } from "../../util/hex.js";

/** The frame kinds geth names. */
export type FrameKind = "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL" | "CREATE" | "CREATE2";

/** A log emitted by a frame. */
export interface RecordedLog {
  readonly address: string;
  readonly topics: string[];
  readonly data: string;
  /** Child calls of the frame made before the log. */
  readonly position: number;
  /** Logs emitted before it in the whole execution (those of reverted frames included). */
  readonly index: number;
}

/** A SELFDESTRUCT run by a frame. */
export interface RecordedSelfdestruct {
  readonly address: string;
  readonly beneficiary: string;
  readonly value: bigint;
}

/** One call frame. */
export interface RecordedFrame {
  readonly kind: FrameKind;
  readonly from: string;
  /** Callee (code address for DELEGATECALL and CALLCODE); for a creation, the new address once known. */
  to: string | undefined;
  readonly value: bigint;
  readonly gas: bigint;
  readonly input: string;
  readonly depth: number;
  output: string;
  gasUsed: bigint;
  /** @ethereumjs's error (`revert`, `out of gas`, ...); undefined on success. */
  error: string | undefined;
  /** The opcode the frame halted on (0xfe INVALID, an unknown opcode, SSTORE at the sentry...). */
  haltOp: string | undefined;
  /** Gas left when the last step ran (for the SSTORE sentry: out of gas with <= 2,300 left). */
  lastGasLeft: bigint;
  readonly children: RecordedFrame[];
  readonly logs: RecordedLog[];
  selfdestruct: RecordedSelfdestruct | undefined;
}

interface MessageLike {
  readonly to?: { bytes: Uint8Array };
  readonly caller: { bytes: Uint8Array };
  readonly codeAddress: { bytes: Uint8Array };
  readonly value: bigint;
  readonly gasLimit: bigint;
  readonly data: Uint8Array;
  readonly depth: number;
  readonly delegatecall?: boolean;
  readonly salt?: Uint8Array;
}

interface ResultLike {
  readonly createdAddress?: { bytes: Uint8Array };
  readonly execResult: {
    readonly returnValue: Uint8Array;
    readonly executionGasUsed: bigint;
    readonly exceptionError?: { error: string };
  };
}

/** The part of @ethereumjs's step event the recorder reads. */
export interface StepLike {
  readonly opcode: { name: string; code?: number };
  readonly depth: number;
  readonly gasLeft: bigint;
  readonly stack: bigint[];
  readonly memory: Uint8Array;
  readonly address: { bytes: Uint8Array };
  readonly account: { balance: bigint };
}

interface PendingLog {
  readonly frame: RecordedFrame;
  readonly log: Omit<RecordedLog, "index">;
}

const CALL_OPS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"]);
const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;
const address = (v: bigint): string => `0x${v.toString(16).padStart(40, "0").slice(-40)}`;

/** Bytes `[offset, offset + size)` of a memory snapshot, zero-padded past its end. */
function memorySlice(memory: Uint8Array, offset: bigint, size: bigint): string {
  const out = new Uint8Array(Number(size));
  const start = Number(offset);
  if (start < memory.length) out.set(memory.subarray(start, Math.min(memory.length, start + out.length)));
  return toHex(out);
}

/** Records the frames of one execution; attach with the EVM's events (see `native-tracer.ts`). */
export class FrameRecorder {
  #root: RecordedFrame | undefined;
  readonly #open: RecordedFrame[] = [];
  /** The opcode each open frame last ran (the next frame's kind is its caller's calling opcode). */
  readonly #lastOp: string[] = [];
  #pendingLog: PendingLog | undefined;
  #logCount = 0;

  /** The outermost frame, once the execution ran. */
  get root(): RecordedFrame | undefined {
    return this.#root;
  }

  readonly beforeMessage = (message: MessageLike): void => {
    this.#confirmLog();
    const parent = this.#open.at(-1);
    const kind = this.#kindOf(message, parent);
    const delegated = kind === "DELEGATECALL" || kind === "CALLCODE";
    const frame: RecordedFrame = {
      kind,
      from: toHex((delegated ? (message.to ?? message.caller) : message.caller).bytes),
      to: message.to === undefined ? undefined : toHex((delegated ? message.codeAddress : message.to).bytes),
      value: kind === "DELEGATECALL" ? (parent?.value ?? message.value) : message.value,
      gas: message.gasLimit,
      input: toHex(message.data),
      depth: message.depth,
      output: "0x",
      gasUsed: 0n,
      error: undefined,
      haltOp: undefined,
      lastGasLeft: message.gasLimit,
      children: [],
      logs: [],
      selfdestruct: undefined,
    };
    parent?.children.push(frame);
    this.#root ??= frame;
    this.#open.push(frame);
    this.#lastOp.push("");
  };

  readonly afterMessage = (result: ResultLike): void => {
    const frame = this.#open.pop();
    const lastOp = this.#lastOp.pop();
    if (frame === undefined) return;
    const error = result.execResult.exceptionError?.error;
    if (this.#pendingLog !== undefined && this.#pendingLog.frame === frame && error === undefined) this.#confirmLog();
    if (this.#pendingLog?.frame === frame) this.#pendingLog = undefined;
    frame.error = error;
    frame.haltOp = error === undefined ? undefined : lastOp;
    frame.output = toHex(result.execResult.returnValue);
    frame.gasUsed = result.execResult.executionGasUsed;
    if (frame.to === undefined && result.createdAddress !== undefined) frame.to = toHex(result.createdAddress.bytes);
  };

  readonly step = (step: StepLike): void => {
    this.#confirmLog();
    const frame = this.#open.at(-1);
    if (frame === undefined) return;
    const op = step.opcode.name;
    // An unassigned opcode runs as INVALID too; only 0xfe is the designated one.
    const unknown = op === "INVALID" && step.opcode.code !== undefined && step.opcode.code !== 0xfe;
    this.#lastOp[this.#lastOp.length - 1] = unknown ? "UNKNOWN" : op;
    frame.lastGasLeft = step.gasLeft;
    const stack = step.stack;
    const top = stack.length - 1;
    if (op.startsWith("LOG") && stack.length >= 2) {
      const count = Number(op.slice(3));
      const topics = stack
        .slice(top - 1 - count, top - 1)
        .reverse()
        .map(word);
      const data = memorySlice(step.memory, stack[top] ?? 0n, stack[top - 1] ?? 0n);
      this.#pendingLog = {
        frame,
        log: { address: toHex(step.address.bytes), topics, data, position: frame.children.length },
      };
    } else if (op === "SELFDESTRUCT" && stack.length >= 1) {
      frame.selfdestruct = {
        address: toHex(step.address.bytes),
        beneficiary: address(stack[top] ?? 0n),
        value: step.account.balance,
      };
    }
  };

  /** A LOG step that was followed by another step (or a successful end) did emit its log. */
  #confirmLog(): void {
    const pending = this.#pendingLog;
    if (pending === undefined) return;
    this.#pendingLog = undefined;
    pending.frame.logs.push({ ...pending.log, index: this.#logCount++ });
  }

  #kindOf(message: MessageLike, parent: RecordedFrame | undefined): FrameKind {
    const callerOp = this.#lastOp.at(-1);
    if (parent !== undefined && callerOp !== undefined && CALL_OPS.has(callerOp)) return callerOp as FrameKind;
    if (message.to === undefined) return message.salt === undefined ? "CREATE" : "CREATE2";
    return message.delegatecall === true ? "DELEGATECALL" : "CALL";
  }
}

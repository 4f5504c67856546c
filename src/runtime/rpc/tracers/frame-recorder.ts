/**
 * Records the call frames of one traced execution, as revm-inspectors' tracing inspector (which Hardhat's
 * network runs for geth's native tracers) records them: per frame its kind, addresses, value, gas given and
 * used, input, output, halt, logs (with their place among the frame's child calls and their index in the
 * transaction) and self-destruction. It listens to the EVM's `beforeMessage`, `afterMessage` and `step` events
 * only while a `debug_trace*` replay runs, so normal execution pays nothing.
 */
import { toHex } from "../../util/hex.js";

import { memoryExpansionCost } from "./memory-cost.js";

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
  /** The last step's whole cost and the part of it that grows memory (to tell revm's `MemoryOOG`). */
  lastCost: { readonly fee: bigint; readonly memory: bigint } | undefined;
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
    /** Self-destructed addresses (of frames that succeeded, merged upwards). */
    readonly selfdestruct?: ReadonlyMap<string, string>;
    readonly returnValue: Uint8Array;
    readonly executionGasUsed: bigint;
    readonly exceptionError?: { error: string };
  };
}

/** The part of @ethereumjs's step event the recorder reads. */
export interface StepLike {
  readonly opcode: { name: string; code?: number; dynamicFee?: bigint };
  readonly depth: number;
  readonly gasLeft: bigint;
  readonly stack: bigint[];
  readonly memory: Uint8Array;
  readonly memoryWordCount?: bigint;
  readonly address: { bytes: Uint8Array };
  readonly account: { balance: bigint };
}

interface PendingLog {
  readonly frame: RecordedFrame;
  readonly log: Omit<RecordedLog, "index">;
}

/** A CALL or CALLCODE with more value than the caller has: @ethereumjs starts no frame, revm records one. */
interface PendingRefusedCall {
  readonly frame: RecordedFrame;
  readonly child: RecordedFrame;
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

function emptyFrame(kind: FrameKind, from: string, gas: bigint, depth: number): RecordedFrame {
  return {
    kind,
    from,
    to: undefined,
    value: 0n,
    gas,
    input: "0x",
    depth,
    output: "0x",
    gasUsed: 0n,
    error: undefined,
    haltOp: undefined,
    lastGasLeft: gas,
    lastCost: undefined,
    children: [],
    logs: [],
    selfdestruct: undefined,
  };
}

/** Records the frames of one execution; attach with the EVM's events (see `native-tracer.ts`). */
export class FrameRecorder {
  #root: RecordedFrame | undefined;
  readonly #open: RecordedFrame[] = [];
  /** The opcode each open frame last ran (the next frame's kind is its caller's calling opcode). */
  readonly #lastOp: string[] = [];
  readonly #messages: MessageLike[] = [];
  #pendingLog: PendingLog | undefined;
  #pendingRefusal: PendingRefusedCall | undefined;
  #logCount = 0;
  readonly #destructed = new Set<string>();

  /** Addresses the execution self-destructed (in frames that succeeded), known without the step listener. */
  get destructed(): ReadonlySet<string> {
    return this.#destructed;
  }

  /** The frame running now. */
  get current(): RecordedFrame | undefined {
    return this.#open.at(-1);
  }

  /** The outermost frame, once the execution ran. */
  get root(): RecordedFrame | undefined {
    return this.#root;
  }

  readonly beforeMessage = (message: MessageLike): void => {
    this.#confirmLog();
    this.#pendingRefusal = undefined;
    const parent = this.#open.at(-1);
    const kind = this.#kindOf(message, parent);
    const delegated = kind === "DELEGATECALL" || kind === "CALLCODE";
    const frame: RecordedFrame = {
      ...emptyFrame(
        kind,
        toHex((delegated ? (message.to ?? message.caller) : message.caller).bytes),
        message.gasLimit,
        message.depth,
      ),
      to: message.to === undefined ? undefined : toHex((delegated ? message.codeAddress : message.to).bytes),
      value: kind === "DELEGATECALL" ? (parent?.value ?? message.value) : message.value,
      input: toHex(message.data),
    };
    parent?.children.push(frame);
    this.#root ??= frame;
    this.#open.push(frame);
    this.#messages.push(message);
    this.#lastOp.push("");
  };

  readonly afterMessage = (result: ResultLike): void => {
    const frame = this.#open.pop();
    const lastOp = this.#lastOp.pop();
    const message = this.#messages.pop();
    if (frame === undefined) return;
    if (this.#open.length === 0)
      for (const address of result.execResult.selfdestruct?.keys() ?? []) this.#destructed.add(address.toLowerCase());
    const error = result.execResult.exceptionError?.error;
    // A LOG or a refused call on the frame's last step happened only if the frame did not halt there.
    if (error === undefined) this.#confirm();
    if (this.#pendingLog?.frame === frame) this.#pendingLog = undefined;
    if (this.#pendingRefusal?.frame === frame) this.#pendingRefusal = undefined;
    frame.error = error;
    frame.haltOp = error === undefined || lastOp === "" ? undefined : lastOp;
    frame.output = toHex(result.execResult.returnValue);
    frame.gasUsed = result.execResult.executionGasUsed;
    // A creation's address: set on the message once computed (also when the creation then fails).
    const created = result.createdAddress ?? message?.to;
    if (frame.to === undefined && created !== undefined) frame.to = toHex(created.bytes);
  };

  readonly step = (step: StepLike): void => {
    this.#confirm();
    const frame = this.#open.at(-1);
    if (frame === undefined) return;
    const op = step.opcode.name;
    // An unassigned opcode runs as INVALID too; only 0xfe is the designated one.
    const unknown = op === "INVALID" && step.opcode.code !== undefined && step.opcode.code !== 0xfe;
    this.#lastOp[this.#lastOp.length - 1] = unknown ? "UNKNOWN" : op;
    frame.lastGasLeft = step.gasLeft;
    const memory = memoryExpansionCost(op, step.stack, step.memoryWordCount ?? 0n);
    frame.lastCost = memory === 0n ? undefined : { fee: step.opcode.dynamicFee ?? 0n, memory };
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
    } else if ((op === "CALL" || op === "CALLCODE") && stack.length >= 7) {
      this.#refusedCall(step, frame, op);
    } else if (op === "SELFDESTRUCT" && stack.length >= 1) {
      frame.selfdestruct = {
        address: toHex(step.address.bytes),
        beneficiary: address(stack[top] ?? 0n),
        value: step.account.balance,
      };
    }
  };

  /** A LOG or a refused call followed by another step (or a successful end) did happen. */
  #confirm(): void {
    this.#confirmLog();
    const refusal = this.#pendingRefusal;
    this.#pendingRefusal = undefined;
    refusal?.frame.children.push(refusal.child);
  }

  /** Notes a CALL/CALLCODE whose value exceeds the caller's balance (revm's `OutOfFunds` frame). */
  #refusedCall(step: StepLike, frame: RecordedFrame, op: "CALL" | "CALLCODE"): void {
    const stack = step.stack;
    const top = stack.length - 1;
    const value = stack[top - 2] ?? 0n;
    if (value <= step.account.balance) return;
    // The gas it would have been given: what it asked for, at most all but a 64th of what was left once the
    // opcode's own cost was paid (EIP-150), plus the 2,300 stipend of a value call.
    const available = step.gasLeft - (step.opcode.dynamicFee ?? 0n);
    const allButOne64th = available - available / 64n;
    const requested = stack[top] ?? 0n;
    const gas = (requested < allButOne64th ? requested : allButOne64th) + 2300n;
    const child: RecordedFrame = {
      ...emptyFrame(op, toHex(step.address.bytes), gas, frame.depth + 1),
      to: address(stack[top - 1] ?? 0n),
      value,
      input: memorySlice(step.memory, stack[top - 3] ?? 0n, stack[top - 4] ?? 0n),
      error: "insufficient balance for transfer",
    };
    this.#pendingRefusal = { frame, child };
  }

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

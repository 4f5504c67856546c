/**
 * geth's `erc7562Tracer` (the ERC-4337 validation-rules tracer) as Hardhat's network answers it
 * (revm-inspectors): per call frame the `callTracer` fields plus the opcodes it ran (`usedOpcodes`, less
 * `ignoredOpcodes`), its storage accesses (`accessedSlots`: first cold SLOAD of a slot with its value, SSTORE,
 * TLOAD and TSTORE counts), the accounts whose code it inspected (`extCodeAccessInfo`, `contractSize` from the
 * state before the transaction), whether a step ran out of gas and the KECCAK256 preimages; no SELFDESTRUCT frames.
 */
import { EMPTY_CODE_HASH, type StateView } from "../../state/account-data.js";
import { fromHex, toHex } from "../../util/hex.js";

import { emptyCallFrame } from "./call-frames.js";
import { frameStatus } from "./frame-errors.js";
import type { RecordedFrame, StepLike } from "./frame-recorder.js";

/** `tracerConfig` of `erc7562Tracer`. */
export interface Erc7562Config {
  readonly withLog: boolean;
  readonly ignoredOpcodes: ReadonlySet<number>;
}

interface FrameAccesses {
  readonly usedOpcodes: Map<number, number>;
  readonly reads: Map<string, string[]>;
  readonly writes: Map<string, number>;
  readonly transientReads: Map<string, number>;
  readonly transientWrites: Map<string, number>;
  readonly extCodeAccessInfo: string[];
  readonly contractSize: Map<string, { contractSize: number; opcode: number }>;
  readonly keccak: string[];
  lastOp: number | undefined;
}

const EXT_CODE = new Set([0x3b, 0x3c, 0x3f]);
const COLD_SLOAD = 2100n;
const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;
const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

function accesses(): FrameAccesses {
  return {
    usedOpcodes: new Map(),
    reads: new Map(),
    writes: new Map(),
    transientReads: new Map(),
    transientWrites: new Map(),
    extCodeAccessInfo: [],
    contractSize: new Map(),
    keccak: [],
    lastOp: undefined,
  };
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** Collects each frame's accesses from the EVM's steps (attach `step` after the frame recorder's). */
export class Erc7562Collector {
  readonly #byFrame = new Map<RecordedFrame, FrameAccesses>();

  constructor(
    private readonly config: Erc7562Config,
    private readonly current: () => RecordedFrame | undefined,
    private readonly view: StateView,
    private readonly storage: (address: Uint8Array, slot: Uint8Array) => bigint,
  ) {}

  readonly step = (step: StepLike): void => {
    const frame = this.current();
    const code = step.opcode.code;
    if (frame === undefined || code === undefined || this.config.ignoredOpcodes.has(code)) return;
    const seen = this.#byFrame.get(frame) ?? accesses();
    this.#byFrame.set(frame, seen);
    seen.usedOpcodes.set(code, (seen.usedOpcodes.get(code) ?? 0) + 1);
    seen.lastOp = code;
    const top = step.stack[step.stack.length - 1];
    if (top === undefined) return;
    if (code === 0x54) this.#sload(step, seen, top);
    else if (code === 0x55) bump(seen.writes, word(top));
    else if (code === 0x5c) bump(seen.transientReads, word(top));
    else if (code === 0x5d) bump(seen.transientWrites, word(top));
    else if (EXT_CODE.has(code)) this.#extCode(seen, top, code);
    else if (code === 0x20) {
      const size = step.stack[step.stack.length - 2] ?? 0n;
      const start = Number(top);
      const out = new Uint8Array(Number(size));
      if (start < step.memory.length)
        out.set(step.memory.subarray(start, Math.min(step.memory.length, start + out.length)));
      seen.keccak.push(toHex(out));
    }
  };

  #sload(step: StepLike, seen: FrameAccesses, slot: bigint): void {
    const key = word(slot);
    if (seen.reads.has(key) || seen.writes.has(key)) return;
    // revm notes the value of a cold load only (a warm one leaves no journal entry to read it from); the step
    // shows the load's whole cost, 2,100 cold and 100 warm (EIP-2929).
    if ((step.opcode.dynamicFee ?? 0n) < COLD_SLOAD) return;
    seen.reads.set(key, [word(this.storage(step.address.bytes, fromHex(key)))]);
  }

  #extCode(seen: FrameAccesses, top: bigint, code: number): void {
    const address = `0x${top.toString(16).padStart(40, "0").slice(-40)}`;
    seen.extCodeAccessInfo.push(address);
    if (seen.contractSize.has(address)) return;
    const account = this.view.account(address);
    if (account === undefined || account.codeHash === EMPTY_CODE_HASH) return;
    seen.contractSize.set(address, { contractSize: this.view.code(account.codeHash).length, opcode: code });
  }

  /** The `erc7562Tracer` answer for the execution whose outermost frame is `root`. */
  answer(root: RecordedFrame, overrides: { readonly gas: bigint; readonly gasUsed: bigint }): unknown {
    const build = (frame: RecordedFrame, withLogs: boolean): Record<string, unknown> => {
      const call = emptyCallFrame(frame, withLogs);
      const { type, ...fields } = call;
      const out: Record<string, unknown> = { type, ...fields, ...this.#fields(frame) };
      const logsBelow = withLogs && frame.error === undefined;
      const calls = frame.children.map((child) => build(child, logsBelow));
      if (calls.length > 0) out.calls = calls;
      return out;
    };
    const top = build(root, this.config.withLog);
    top.gas = hex(overrides.gas);
    top.gasUsed = hex(overrides.gasUsed);
    return top;
  }

  #fields(frame: RecordedFrame): Record<string, unknown> {
    const seen = this.#byFrame.get(frame) ?? accesses();
    // revm's flag is for a step that halted with plain OutOfGas: not at the SSTORE sentry, not in a precompile,
    // not a creation's code deposit (after its RETURN step succeeded).
    const outOfGas = frameStatus(frame) === "OutOfGas" && frame.haltOp !== undefined && frame.haltOp !== "RETURN";
    const keccak = outOfGas && seen.lastOp === 0x20 ? seen.keccak.slice(0, -1) : seen.keccak;
    const out: Record<string, unknown> = {
      accessedSlots: {
        reads: Object.fromEntries(seen.reads),
        writes: Object.fromEntries(seen.writes),
        transientReads: Object.fromEntries(seen.transientReads),
        transientWrites: Object.fromEntries(seen.transientWrites),
      },
      extCodeAccessInfo: seen.extCodeAccessInfo,
      usedOpcodes: Object.fromEntries([...seen.usedOpcodes].map(([op, count]) => [hex(op), count])),
      contractSize: Object.fromEntries(seen.contractSize),
      outOfGas,
    };
    if (keccak.length > 0) out.keccak = keccak;
    return out;
  }
}

/**
 * debug_traceTransaction with the default struct-log tracer: the transaction is re-executed over the state it
 * saw (the block's pre-state plus the writes and deltas of the transactions before it, all recorded) with
 * the EVM's step event on, and each step is reported as geth reports it.
 */
import { runTx } from "@ethereumjs/vm";

import type { Chain } from "../../chain/chain.js";
import { toHex } from "../../util/hex.js";
import { refused } from "../rpc-error.js";

import { traceNative } from "../tracers/native-tracer.js";
import { nativeTracerOf } from "../tracers/tracer-options.js";

import { RefundTracker } from "./refund-tracker.js";
import { ReturnDataTracker, type ReturnDataFrameEnd } from "./return-data-tracker.js";
import { stateBefore } from "./replay-state.js";

interface StepEvent {
  pc: number;
  opcode: { name: string; fee: number; dynamicFee?: bigint };
  gasLeft: bigint;
  gasRefund: bigint;
  depth: number;
  stack: bigint[];
  memory: Uint8Array;
  memoryWordCount: bigint;
  address: { bytes: Uint8Array };
}

interface TraceOptions {
  disableStack: boolean;
  disableMemory: boolean;
  disableStorage: boolean;
  enableReturnData: boolean;
  structLogs: boolean;
}

/**
 * An internal trace option (no request can carry a symbol): run without recording struct logs, for a failed
 * run traced again only to see its call frames (failed-run.ts) — a step listener costs an event per opcode.
 */
export const WITHOUT_STRUCT_LOGS = Symbol("without struct logs");

function traceOptions(raw: unknown): TraceOptions {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  // Memory is off unless asked for (geth's `enableMemory`, or Hardhat 2's `disableMemory: false`), as on EDR.
  return {
    disableStack: o.disableStack === true,
    disableMemory: o.enableMemory !== true && o.disableMemory !== false,
    disableStorage: o.disableStorage === true,
    enableReturnData: o.enableReturnData === true,
    structLogs: !(WITHOUT_STRUCT_LOGS in o),
  };
}

function structLog(step: StepEvent, options: TraceOptions): Record<string, unknown> {
  const log: Record<string, unknown> = {
    pc: step.pc,
    op: step.opcode.name,
    gas: Number(step.gasLeft),
    // ethereumjs reports the opcode's whole cost (base + dynamic) as `dynamicFee`.
    gasCost: Number(step.opcode.dynamicFee ?? BigInt(step.opcode.fee)),
    depth: step.depth + 1,
  };
  if (!options.disableStack) log.stack = step.stack.map((v) => `0x${v.toString(16)}`);
  if (!options.disableMemory) {
    const words: string[] = [];
    const length = Number(step.memoryWordCount) * 32;
    for (let i = 0; i < length; i += 32)
      words.push(
        `0x${toHex(step.memory.subarray(i, i + 32))
          .slice(2)
          .padEnd(64, "0")}`,
      );
    log.memory = words;
  }
  return log;
}

const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

/**
 * geth's `storage` member: at each SLOAD and SSTORE, the slots of the running contract seen so far. An SLOAD's
 * value is the top of the stack at the next step, so it is filled in then.
 */
class StorageTracker {
  readonly #seen = new Map<string, Map<string, string>>();
  #pendingLoad: { log: Record<string, unknown>; address: string; slot: string } | undefined;

  observe(step: StepEvent, log: Record<string, unknown>): void {
    const pending = this.#pendingLoad;
    const top = step.stack[step.stack.length - 1];
    if (pending !== undefined && top !== undefined) pending.log.storage = this.#set(pending.address, pending.slot, top);
    this.#pendingLoad = undefined;
    const address = toHex(step.address.bytes);
    const slot = step.stack[step.stack.length - 1];
    if (slot === undefined) return;
    if (step.opcode.name === "SLOAD") this.#pendingLoad = { log, address, slot: word(slot) };
    const value = step.stack[step.stack.length - 2];
    if (step.opcode.name === "SSTORE" && value !== undefined) log.storage = this.#set(address, word(slot), value);
  }

  #set(address: string, slot: string, value: bigint): Record<string, string> {
    const slots = this.#seen.get(address) ?? new Map<string, string>();
    slots.set(slot, word(value));
    this.#seen.set(address, slots);
    return Object.fromEntries(slots);
  }
}

const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"]);

interface PendingCall {
  readonly log: Record<string, unknown>;
  readonly depth: number;
  readonly stipend: number;
  /** Gas left once the opcode's own cost is paid. */
  readonly available: bigint;
  /** The gas the call asks for (top of the stack); undefined for CREATE and CREATE2, which take all they may. */
  readonly requested: bigint | undefined;
}

/**
 * geth (and EDR) count the gas handed to a child frame in the gasCost of the CALL and CREATE families; ethereumjs does not.
 * When the next step runs one level deeper, its gas (less the 2,300 stipend of a value call) is added; when it
 * runs at the same level (a precompile or an account without code answered at once), the gas the child was
 * given is computed: what was asked for, at most all but one 64th of what was left (EIP-150); when no child
 * frame started at all (the call failed its checks), EDR reports 0.
 */
class CallCostTracker {
  #pending: PendingCall | undefined;
  #entered = false;

  /** A child frame started (a call that fails its checks, e.g. value above the balance, starts none). */
  frameStarts(): void {
    this.#entered = true;
  }

  observe(step: StepEvent, log: Record<string, unknown>): void {
    const pending = this.#pending;
    if (pending !== undefined && step.depth === pending.depth + 1) {
      pending.log.gasCost = Number(pending.log.gasCost) + Number(step.gasLeft) - pending.stipend;
    } else if (pending !== undefined && step.depth === pending.depth && !this.#entered) {
      // No frame at all: EDR reports a gasCost of 0.
      pending.log.gasCost = 0;
    } else if (pending !== undefined && step.depth === pending.depth) {
      const allButOne64th = pending.available - pending.available / 64n;
      const given =
        pending.requested !== undefined && pending.requested < allButOne64th ? pending.requested : allButOne64th;
      pending.log.gasCost = Number(pending.log.gasCost) + Number(given);
    }
    this.#pending = undefined;
    const op = step.opcode.name;
    if (!CALLS.has(op)) return;
    const top = step.stack.length - 1;
    const value = step.stack[top - 2] ?? 0n;
    const stipend = (op === "CALL" || op === "CALLCODE") && value > 0n ? 2300 : 0;
    const available = step.gasLeft - BigInt(Number(log.gasCost));
    const requested = op.startsWith("CREATE") ? undefined : step.stack[top];
    this.#pending = { log, depth: step.depth, stipend, available, requested };
    this.#entered = false;
  }
}

/** EDR's names (revm's halt reasons) of the halts @ethereumjs reports, by its error message. */
const HALTS: Readonly<Record<string, string>> = {
  "out of gas": "OutOfGas",
  "stack underflow": "StackUnderflow",
  "stack overflow": "StackOverflow",
  "invalid JUMP": "InvalidJump",
  "static state change": "StateChangeDuringStaticCall",
  "value out of range": "OutOfOffset",
};

/**
 * Marks the step on which a frame halted as EDR does: `error: "Some(<halt>)"` — an invalid opcode is
 * `InvalidFEOpcode` (0xfe) or `OpcodeNotFound` — and, for running out of gas, a gasCost of all the gas that
 * was left. The last step seen at each depth is kept; a frame's end reports its error.
 */
class HaltMarker {
  readonly #last = new Map<number, Record<string, unknown>>();

  step(step: StepEvent, log: Record<string, unknown>): void {
    this.#last.set(step.depth, log);
  }

  frameStarts(depth: number): void {
    this.#last.delete(depth);
  }

  frameEnds(depth: number, error: string | undefined): void {
    const log = this.#last.get(depth);
    if (log === undefined || error === undefined) return;
    const halt =
      error === "invalid opcode" ? (log.op === "INVALID" ? "InvalidFEOpcode" : "OpcodeNotFound") : HALTS[error];
    // A creation whose code deposit runs out of gas halts after its RETURN step, which EDR leaves unmarked.
    if (halt === undefined || (halt === "OutOfGas" && log.op === "RETURN")) return;
    log.error = `Some(${halt})`;
    if (halt === "OutOfGas") log.gasCost = log.gas;
  }
}

/** Traces a mined transaction: with a native tracer when the options name one, else with struct logs. */
export async function traceTransaction(chain: Chain, hash: string, rawOptions: unknown): Promise<unknown> {
  const tracer = nativeTracerOf(rawOptions);
  const location = chain.txLocation(hash);
  const stored = location === undefined ? undefined : chain.blockByNumber(location.blockNumber);
  const executed = location === undefined ? undefined : stored?.executed[location.index];
  if (location === undefined || stored === undefined || executed === undefined)
    throw refused(`Unable to find a block containing transaction ${hash}`);
  const view = stateBefore(chain.state.viewAt(stored.preStateMark), stored, location.index);
  const { vm, txState } = chain.context;
  const replay = async () => {
    txState.begin(view, { sender: toHex(executed.tx.getSenderAddress().bytes) });
    const result = await runTx(vm, {
      tx: executed.tx,
      block: stored.block,
      skipHardForkValidation: true,
      skipBlockGasLimitValidation: true,
    });
    return { result, access: txState.finish() };
  };
  if (tracer !== undefined) {
    const place = {
      blockHash: stored.hash,
      blockNumber: Number(stored.number),
      transactionHash: toHex(executed.tx.hash()),
      transactionPosition: location.index,
    };
    return traceNative(chain, tracer, { view, place }, async () => {
      const { result, access } = await replay();
      return { gasUsed: result.totalGasSpent, gasLimit: executed.tx.gasLimit, access };
    });
  }
  return traceExecution(chain, rawOptions, async () => {
    const { result } = await replay();
    return {
      gasUsed: result.totalGasSpent,
      failed: result.execResult.exceptionError !== undefined,
      returnValue: result.execResult.returnValue,
    };
  });
}

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

/** Runs `run` with the struct-log tracer on (debug_traceTransaction, debug_traceCall). */
export async function traceExecution(
  chain: Chain,
  rawOptions: unknown,
  run: () => Promise<TracedRun>,
): Promise<unknown> {
  const options = traceOptions(rawOptions);
  const logs: Array<Record<string, unknown>> = [];
  const { vm } = chain.context;
  const storage = options.disableStorage ? undefined : new StorageTracker();
  const calls = new CallCostTracker();
  const halts = new HaltMarker();
  const refunds = new RefundTracker();
  const returns = options.enableReturnData ? new ReturnDataTracker() : undefined;
  const depths: number[] = [];
  const listener = (step: StepEvent): void => {
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
  if (options.structLogs) vm.evm.events?.on("step", listener);
  vm.evm.events?.on("beforeMessage", before);
  vm.evm.events?.on("afterMessage", after);
  try {
    const result = await run();
    return {
      gas: Number(result.gasUsed),
      failed: result.failed,
      returnValue: toHex(result.returnValue), // 0x-prefixed, as EDR answers
      structLogs: logs,
    };
  } finally {
    vm.evm.events?.off("step", listener);
    vm.evm.events?.off("beforeMessage", before);
    vm.evm.events?.off("afterMessage", after);
  }
}

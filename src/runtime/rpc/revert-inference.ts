/**
 * Hardhat's network words a revert without data that it can explain from the contract's ABI ("function
 * selector was not recognized and there's no fallback function", "non-payable function was called with value
 * 1", "function call to a non-contract account", …) when the failing contract is one the project compiled. The
 * runtime knows no ABIs: the host gives a {@link ContractLookup}; a failed run is then executed again with its
 * call frames recorded (only failed runs, so successful ones pay nothing), and the frame the failure started in
 * is found by following a failed last call that its caller bubbled up (the caller copies the empty return data
 * and reverts right after it, as Solidity's generated code does). The dispatcher's refusals are told from the
 * frame's calldata, value and ABI, the missing-code check from its last steps (EXTCODESIZE then ISZERO, then a
 * revert without calling). Anything else keeps "without a reason string".
 */
import type { VM } from "@ethereumjs/vm";

import { CONSOLE_ADDRESS, COVERAGE_ADDRESS } from "../evm/evm-context.js";
import { hookSteps } from "../evm/sync-steps.js";
import { toHex } from "../util/hex.js";

/** What a contract's ABI says about its entry points. */
export interface ContractFacts {
  /** Function selector (`0x` + 8 hex) → whether the function is payable. */
  readonly functions: ReadonlyMap<string, boolean>;
  readonly fallback: { readonly payable: boolean } | undefined;
  readonly receive: boolean;
  /**
   * The custom error `data` (selector and arguments) as Hardhat's network words it between the quotes of
   * "reverted with custom error '…'" (`Name(arg, …)`), if the contract's ABI declares it.
   */
  readonly customError?: (data: Uint8Array) => string | undefined;
}

/**
 * The project's contract whose deployed code is `code` (0x hex), if the host knows it; with `creation`, the one
 * whose creation code (constructor arguments appended) `code` is.
 */
export type ContractLookup = (code: string, creation?: boolean) => Promise<ContractFacts | undefined>;

/** Ops kept per frame after its last call: enough for the generated check-and-revert sequences. */
const TAIL = 24;

/** Steps whose pcs a recording keeps, over all frames: beyond it, no frame keeps pcs (no stack trace). */
const MAX_RECORDED_PCS = 1_000_000;

/** A frame of a failed execution, as recorded by {@link recordFrames}. */
export interface Frame {
  /** The EVM's message (its code is loaded after the frame starts). */
  readonly message: { readonly code?: unknown; readonly value: bigint };
  /** Whether the frame runs creation code (its code is the initcode). */
  readonly creation: boolean;
  /** The calldata, copied: the message's is a view of the caller's memory, which the caller may overwrite. */
  readonly data: Uint8Array;
  /** Opcodes run since the frame's last child call returned (the last {@link TAIL}). */
  tail: string[];
  lastChild: Frame | undefined;
  failed: boolean;
  returnData: Uint8Array;
  /** Every step's pc, in order (with `withSteps`; emptied on all frames past {@link MAX_RECORDED_PCS}). */
  pcs: number[];
  /** The length of {@link pcs} when {@link lastChild} began: the call's own step is the one before. */
  callAt: number;
  /** The frame's code address (undefined for a creation). */
  readonly to: string | undefined;
}

interface Message {
  readonly to?: { toString(): string };
  readonly code?: unknown;
  readonly data: Uint8Array;
  readonly value: bigint;
  readonly depth: number;
}

interface MessageResult {
  readonly execResult: { readonly exceptionError?: unknown; readonly returnValue: Uint8Array };
}

/**
 * Runs `run` with the frames of its execution recorded (with each frame's pcs and last opcodes if `withSteps`);
 * returns the outermost. The steps come from the interpreter loop's step hook (`sync-steps.ts`: no event per
 * opcode); where it cannot see them all (the loop off, a frame it does not run), from `step` events, in a second
 * run if the hook missed a frame.
 */
export async function recordFrames(vm: VM, run: () => Promise<unknown>, withSteps = true): Promise<Frame | undefined> {
  const hooked = withSteps ? await recordOnce(vm, run, "hook") : undefined;
  return hooked?.complete === true ? hooked.outermost : (await recordOnce(vm, run, withSteps)).outermost;
}

/** One recorded run: its outermost frame, and whether every step was seen. */
interface Recording {
  readonly outermost: Frame | undefined;
  readonly complete: boolean;
}

/** Records one run of `run`: steps through the loop's hook, `step` events (true) or none (false). */
async function recordOnce(vm: VM, run: () => Promise<unknown>, steps: boolean | "hook"): Promise<Recording> {
  const open: Frame[] = [];
  const all: Frame[] = [];
  let recorded = 0;
  let outermost: Frame | undefined;
  const before = (message: Message): void => {
    const frame = newFrame(message);
    const parent = open[open.length - 1];
    // Coverage hits and console.log are no calls of the program's: they do not reset the caller's tail.
    if (parent !== undefined && frame.to !== COVERAGE_ADDRESS && frame.to !== CONSOLE_ADDRESS) {
      parent.lastChild = frame;
      parent.tail = [];
      parent.callAt = parent.pcs.length;
    }
    all.push(frame);
    outermost ??= frame;
    open.push(frame);
  };
  const after = (result: MessageResult): void => {
    const frame = open.pop();
    if (frame === undefined) return;
    frame.failed = result.execResult.exceptionError !== undefined;
    frame.returnData = result.execResult.returnValue.slice();
  };
  const step = (pc: number, name: string): void => {
    const frame = open[open.length - 1];
    if (frame === undefined) return;
    if (++recorded <= MAX_RECORDED_PCS) frame.pcs.push(pc);
    else if (recorded === MAX_RECORDED_PCS + 1) for (const f of all) f.pcs = [];
    frame.tail.push(name);
    if (frame.tail.length > 2 * TAIL) frame.tail = frame.tail.slice(-TAIL);
  };
  const hook = steps === "hook" ? hookSteps(vm.evm, step) : undefined;
  if (steps === "hook" && hook === undefined) return { outermost: undefined, complete: false };
  const onStep = (s: { pc: number; opcode: { name: string } }): void => step(s.pc, s.opcode.name);
  vm.evm.events?.on("beforeMessage", before);
  vm.evm.events?.on("afterMessage", after);
  // A step listener makes every opcode cost an event.
  if (steps === true) vm.evm.events?.on("step", onStep);
  try {
    await run();
  } finally {
    hook?.stop();
    vm.evm.events?.off("beforeMessage", before);
    vm.evm.events?.off("afterMessage", after);
    vm.evm.events?.off("step", onStep);
  }
  return { outermost, complete: hook?.missed !== true };
}

/** A frame as its message begins. */
function newFrame(message: Message): Frame {
  const to = message.to?.toString();
  return {
    message,
    creation: to === undefined,
    data: message.data.slice(),
    tail: [],
    lastChild: undefined,
    failed: false,
    returnData: new Uint8Array(0),
    pcs: [],
    callAt: 0,
    to,
  };
}

/** The dispatcher's refusal of `data` with `value`, as Hardhat's network words it. */
function dispatcherRefusal(facts: ContractFacts, data: Uint8Array, value: bigint): string | undefined {
  const selector = data.length >= 4 ? toHex(data.subarray(0, 4)) : undefined;
  const payable = selector === undefined ? undefined : facts.functions.get(selector);
  if (payable !== undefined) {
    return !payable && value > 0n ? `non-payable function was called with value ${value}` : undefined;
  }
  const toReceive = data.length === 0 && facts.receive;
  if (toReceive) return undefined;
  const noReceive = data.length === 0 ? " nor receive function" : " function";
  if (facts.fallback === undefined) return `function selector was not recognized and there's no fallback${noReceive}`;
  if (facts.fallback.payable || value === 0n) return undefined;
  return data.length === 0
    ? `there's no receive function, fallback function is not payable and was called with value ${value}`
    : `fallback function is not payable and was called with value ${value}`;
}

/** Whether the frame's last steps are the generated missing-code check: EXTCODESIZE, ISZERO, then a revert. */
function failedCodeCheck(tail: readonly string[]): boolean {
  const at = tail.lastIndexOf("EXTCODESIZE");
  return at !== -1 && tail[at + 1] === "ISZERO" && tail.length - at <= 12 && tail.at(-1) === "REVERT";
}

/** Whether the frame reverted right after its last call failed, forwarding that call's (empty) return data. */
function bubbled(frame: Frame): boolean {
  const child = frame.lastChild;
  return (
    child !== undefined &&
    child.failed &&
    child.returnData.length === 0 &&
    frame.tail.length <= TAIL &&
    frame.tail.includes("RETURNDATACOPY") &&
    frame.tail.at(-1) === "REVERT"
  );
}

function codeOf(frame: Frame): string | undefined {
  const { code } = frame.message;
  return code instanceof Uint8Array && code.length > 0 ? toHex(code) : undefined;
}

/** Hardhat's wording of a revert without data that began in `frame`, if it can be explained. */
export async function inferRevertMessage(frame: Frame, lookup: ContractLookup): Promise<string | undefined> {
  if (!frame.failed || frame.returnData.length > 0) return undefined;
  const code = codeOf(frame);
  const facts = code === undefined ? undefined : await lookup(code);
  if (facts === undefined) return undefined;
  const refusal = dispatcherRefusal(facts, frame.data, frame.message.value);
  if (refusal !== undefined) return `Transaction reverted: ${refusal}`;
  if (bubbled(frame) && frame.lastChild !== undefined) return inferRevertMessage(frame.lastChild, lookup);
  if (failedCodeCheck(frame.tail)) return "Transaction reverted: function call to a non-contract account";
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Hardhat's wording of a revert with custom error data: the error is decoded with the ABI of the contract it
 * began in — the deepest frame of a chain of failed last calls whose callers reverted with the same data
 * (bubbled up unchanged) — if the project compiled that contract and its ABI declares the error.
 */
export async function inferCustomError(frame: Frame, lookup: ContractLookup): Promise<string | undefined> {
  if (!frame.failed || frame.returnData.length < 4) return undefined;
  let origin = frame;
  while (origin.lastChild?.failed === true && sameBytes(origin.lastChild.returnData, origin.returnData)) {
    origin = origin.lastChild;
  }
  const code = codeOf(origin);
  // A constructor's custom error is decoded with the ABI of the contract being created, as on Hardhat's network.
  const facts = code === undefined ? undefined : await lookup(code, origin.creation);
  const described = facts?.customError?.(origin.returnData);
  return described === undefined
    ? undefined
    : `VM Exception while processing transaction: reverted with custom error '${described}'`;
}

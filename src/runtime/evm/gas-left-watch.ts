/**
 * Watches how an EVM run looks at its remaining gas, so that `eth_estimateGas` can tell — without running the
 * transaction again — whether it would behave the same with a smaller gas limit.
 *
 * Everything @ethereumjs's interpreter does with the gas left goes through `Interpreter.getGasLeft()`: the GAS
 * opcode, the gas handed to CALL/CALLCODE/DELEGATECALL/STATICCALL/CREATE/CREATE2 (the 63/64 rule), and the
 * SSTORE sentry (EIP-2200: an SSTORE with 2,300 gas or less left fails). This module wraps that method once per
 * process (the interpreter class is not exported: `evm-internals.ts` loads the module the EVM uses) and, while a
 * watch is open on an EVM, records: whether any opcode other than SSTORE and the value-less call and create family
 * read the gas left (then the run's behaviour may depend on the limit: "sensitive"; a call with value adds the
 * 2,300-gas stipend to its caller's gas, which the frames below do not model), the least gas left that an SSTORE
 * saw, and every frame of the run (`frames`: the gas it was given, the gas its caller had left when it began, the
 * gas it used, its error), so that `call-runner.ts` can tell how each frame would fare with less gas. An EVM
 * counts as observed only once the wrapper has seen one of its calls or the interpreter loop's replaced `run`
 * (`sync-steps.ts`, the same class) ran for it: that proves its interpreter is the wrapped one (a second copy of
 * @ethereumjs would otherwise go unseen, and a run would look insensitive).
 */
import { loadInterpreterModule } from "./evm-internals.js";
import { ranThroughReplacedRun } from "./sync-steps.js";

/** What a watched run showed about its use of the gas left. */
export interface GasLeftObservation {
  /** False unless this EVM's interpreter is known to be the wrapped one: then assume the worst. */
  readonly observed: boolean;
  /** An opcode other than SSTORE read the gas left (GAS, the CALL and CREATE family, ...). */
  readonly sensitive: boolean;
  /** The least gas left any SSTORE saw (its sentry check), undefined when no SSTORE ran. */
  readonly minSstoreGasLeft: bigint | undefined;
  /**
   * The run's frames in the order they began (the transaction's own first), or undefined when they could not all
   * be followed (the EVM has no message events, or a frame's caller was not seen reading its gas left).
   */
  readonly frames: readonly Frame[] | undefined;
}

/** One frame (message) of a watched run. */
export interface Frame {
  readonly depth: number;
  /** Index in `frames` of the frame that made this one (-1 for the transaction's own). */
  readonly parent: number;
  /** The gas the frame was given. */
  readonly gasLimit: bigint;
  /** The caller's gas left, its call's own costs charged, as this frame began (0 for the transaction's own). */
  readonly callerGasLeft: bigint;
  /** A precompile's frame (known once the frame ended). */
  precompile: boolean;
  /** The gas the frame used (all of it on an exceptional halt); undefined if it never ended. */
  gasUsed: bigint | undefined;
  /** Its EVM error (`revert`, `out of gas`, ...), undefined on success. */
  error: string | undefined;
  /** The least gas left any of its own SSTOREs saw, undefined when it made none. */
  minSstoreGasLeft: bigint | undefined;
}

interface MutableObservation {
  sensitive: boolean;
  minSstoreGasLeft: bigint | undefined;
  /** The interpreter that last read its gas left for a call or create: the caller of the next frame. */
  caller: InterpreterLike | undefined;
  frames: Frame[] | undefined;
  /** The frames begun and not yet ended: index and message (whose `isCompiled` is set once it runs). */
  readonly open: { readonly index: number; readonly message: MessageLike }[];
}

interface InterpreterLike {
  readonly _evm: object;
  readonly _env: { readonly depth: number };
  readonly _runState: {
    readonly gasLeft: bigint;
    readonly opCode: number;
    readonly programCounter: number;
    readonly code: Uint8Array;
    readonly stack: { peek(count: number): bigint[] };
  };
}

/** What the EVM's message events hand their listeners. */
interface MessageLike {
  readonly depth: number;
  readonly gasLimit: bigint;
  readonly isCompiled?: boolean;
}
interface MessageResultLike {
  readonly execResult: { readonly executionGasUsed: bigint; readonly exceptionError?: { readonly error?: unknown } };
}
interface MessageEvents {
  on(event: string, listener: (data: never) => void): void;
  off(event: string, listener: (data: never) => void): void;
}

interface InterpreterPrototype {
  getGasLeft(this: InterpreterLike): bigint;
}

const SSTORE = 0x55;
const GAS = 0x5a;
/** CALL, CALLCODE, DELEGATECALL, STATICCALL: Solidity's `call(gas(), ...)` puts GAS right before one of them. */
const CALLS = new Set([0xf1, 0xf2, 0xf4, 0xfa]);
/** CALL, CALLCODE (whose third argument is the value), DELEGATECALL, STATICCALL, CREATE, CREATE2. */
const CALL_WITH_VALUE = new Set([0xf1, 0xf2]);
const CALL_OR_CREATE = new Set([0xf1, 0xf2, 0xf4, 0xfa, 0xf0, 0xf5]);
const watches = new WeakMap<object, MutableObservation>();
/** EVMs whose `getGasLeft` calls the wrapper has seen. */
const confirmed = new WeakSet<object>();
let installed: Promise<boolean> | undefined;

/** Records one read of the gas left by `interpreter`'s current opcode. */
function observe(watch: MutableObservation, interpreter: InterpreterLike, gasLeft: bigint): void {
  const opCode = interpreter._runState.opCode;
  if (opCode === SSTORE) {
    if (watch.minSstoreGasLeft === undefined || gasLeft < watch.minSstoreGasLeft) watch.minSstoreGasLeft = gasLeft;
    const open = watch.open.at(-1);
    const frame = open === undefined ? undefined : watch.frames?.[open.index];
    if (frame !== undefined && (frame.minSstoreGasLeft === undefined || gasLeft < frame.minSstoreGasLeft))
      frame.minSstoreGasLeft = gasLeft;
  } else if (opCode === GAS) {
    // GAS right before a call is that call's gas argument and nothing else: the call hands on all but 1/64 of
    // what is left anyway (less than what GAS read), so a smaller limit changes nothing but the 63/64 share.
    const { code, programCounter } = interpreter._runState;
    if (!CALLS.has(code[programCounter] ?? 0)) watch.sensitive = true;
  } else if (!CALL_OR_CREATE.has(opCode)) {
    watch.sensitive = true;
  } else if (CALL_WITH_VALUE.has(opCode) && interpreter._runState.stack.peek(3)[2] !== 0n) {
    watch.sensitive = true;
  } else {
    watch.caller = interpreter;
  }
}

async function install(): Promise<boolean> {
  const module = (await loadInterpreterModule()) as { Interpreter?: { prototype: InterpreterPrototype } } | undefined;
  const proto = module?.Interpreter?.prototype;
  if (proto === undefined || typeof proto.getGasLeft !== "function") return false;
  const original = proto.getGasLeft;
  proto.getGasLeft = function (this: InterpreterLike): bigint {
    const gasLeft = original.call(this);
    confirmed.add(this._evm);
    const watch = watches.get(this._evm);
    if (watch !== undefined) observe(watch, this, gasLeft);
    return gasLeft;
  };
  return true;
}

/** Wraps the interpreter once per process; resolves to whether it could be wrapped. */
export function installGasLeftWatch(): Promise<boolean> {
  installed ??= install().catch(() => false);
  return installed;
}

/**
 * Runs `run` (one transaction on `evm`, nothing else on that EVM meanwhile) and reports how it read the gas
 * left. Runs on other EVMs are not seen.
 */
export async function watchGasLeft<T>(
  evm: object,
  run: () => Promise<T>,
): Promise<{ readonly result: T; readonly observation: GasLeftObservation }> {
  const installedHere = await installGasLeftWatch();
  const watch: MutableObservation = {
    sensitive: false,
    minSstoreGasLeft: undefined,
    caller: undefined,
    frames: [],
    open: [],
  };
  const events = (evm as { events?: MessageEvents }).events;
  const before = (message: MessageLike): void => began(watch, message);
  const after = (result: MessageResultLike): void => ended(watch, result);
  if (events === undefined) watch.frames = undefined;
  events?.on("beforeMessage", before);
  events?.on("afterMessage", after);
  watches.set(evm, watch);
  try {
    const result = await run();
    const { sensitive, minSstoreGasLeft, frames, open } = watch;
    const complete = open.length === 0 && frames?.every((f) => f.gasUsed !== undefined) === true;
    // The interpreter loop's replaced `run` ran for this EVM: its interpreter class is the one wrapped here too.
    const observed = installedHere && (confirmed.has(evm) || ranThroughReplacedRun(evm));
    return { result, observation: { observed, sensitive, minSstoreGasLeft, frames: complete ? frames : undefined } };
  } finally {
    watches.delete(evm);
    events?.off("beforeMessage", before);
    events?.off("afterMessage", after);
  }
}

/** A frame begins: its caller is the interpreter that last read its gas left for a call or create. */
function began(watch: MutableObservation, message: MessageLike): void {
  const { frames, open } = watch;
  if (frames === undefined) return;
  const parent = open.at(-1)?.index ?? -1;
  const caller = watch.caller;
  const known =
    message.depth === 0
      ? parent === -1
      : parent !== -1 && frames[parent]?.depth === message.depth - 1 && caller?._env.depth === message.depth - 1;
  if (!known) {
    watch.frames = undefined;
    return;
  }
  watch.caller = undefined;
  open.push({ index: frames.length, message });
  frames.push({
    depth: message.depth,
    parent,
    gasLimit: message.gasLimit,
    callerGasLeft: message.depth === 0 ? 0n : (caller?._runState.gasLeft ?? 0n),
    precompile: false,
    gasUsed: undefined,
    error: undefined,
    minSstoreGasLeft: undefined,
  });
}

/** A frame ends: its gas used and error. */
function ended(watch: MutableObservation, result: MessageResultLike): void {
  const open = watch.open.pop();
  const frame = open === undefined ? undefined : watch.frames?.[open.index];
  if (open === undefined || frame === undefined) return;
  frame.precompile = open.message.isCompiled === true;
  frame.gasUsed = result.execResult.executionGasUsed;
  const error = result.execResult.exceptionError?.error;
  frame.error = error === undefined ? undefined : String(error);
}

/**
 * Runs @ethereumjs's interpreter without a promise per opcode. Its `Interpreter.run` does
 * `await this.runStep(op)` for every opcode, and `runStep` is an async function that also awaits every dynamic
 * gas handler (all declared `async`, even MSTORE's); most opcodes are synchronous. In a CPU profile of automined
 * ERC20 transfers that promise traffic and its garbage were a large part of the interpreter's time.
 *
 * This module replaces `Interpreter.prototype.run` (once per process; the class is not exported:
 * `evm-internals.ts` loads the module the EVM uses, also inside the single-file bundle) with the same loop, in
 * which each opcode goes through {@link syncStep}: an opcode whose gas is static or has a synchronous twin
 * (`sync-gas.ts`) runs with exactly `runStep`'s statements, in the same order — without a promise when its logic
 * is synchronous, with only its logic's promise when not (SLOAD, SSTORE, SELFBALANCE, BLOCKHASH); any other
 * opcode — gas handlers without a twin (CALL, CREATE, ...) or whose twin declines, a pending EIP-7928 call-output
 * trap — runs through
 * @ethereumjs's own `runStep`, and so does every opcode while a
 * `step` listener is attached or the EVM is in DEBUG mode (tracing sees exactly what it saw). Runs that the
 * loop does not know take the original `run` whole: the profiler on, EOF code, EIP-6800/7864 (code-chunk
 * witnesses). The replacement is installed only when the interpreter's code has the shape this loop repeats
 * (@ethereumjs/evm 10.1.x, see `interpreter-shape.ts`); otherwise nothing changes.
 */
import { EVMError } from "@ethereumjs/evm";
import { EthereumJSErrorWithoutCode } from "@ethereumjs/util";

import { loadInterpreterModule } from "./evm-internals.js";
import { hasExpectedShape } from "./interpreter-shape.js";
import { syncGasTwins, type GasCommon, type GasRunState, type SyncGasHandler } from "./sync-gas.js";

interface OpcodeInfo {
  /** The name a `step` event gives (PUSH1, DUP2, ... where `name` says PUSH, DUP). */
  readonly fullName: string;
  readonly dynamicGas: boolean;
  readonly isAsync: boolean;
  readonly isInvalid: boolean;
  readonly feeBigInt: bigint;
}

interface OpcodeEntry {
  readonly opcodeInfo: OpcodeInfo & { readonly code: number };
  readonly opHandler: (runState: RunState, common: GasCommon) => unknown;
  readonly gasHandler?: unknown;
}

interface RunState extends GasRunState {
  programCounter: number;
  opCode: number;
  code: Uint8Array;
  gasLeft: bigint;
  validJumps: Uint8Array;
  cachedPushes: unknown;
  shouldDoJumpAnalysis: boolean;
  eip7928PostTargetCallOog?: unknown;
  eip8037BurnLeftoverAfterCreateHaltOntoAlive?: boolean;
  readonly env: GasRunState["env"] & { readonly accessWitness?: { commit(): void; revert(): void } };
}

interface CommonLike extends GasCommon {
  isActivatedEIP(eip: number): boolean;
}

interface Interpreter {
  readonly _runState: RunState;
  readonly _evm: { readonly DEBUG: boolean; readonly events: { listenerCount(event: string): number } };
  readonly common: CommonLike;
  readonly profilerOpts?: { readonly enabled?: boolean };
  runStep(entry?: OpcodeEntry): Promise<void>;
  useGas(amount: bigint, context: OpcodeInfo): void;
  lookupOpInfo(opCode: number): OpcodeEntry;
  _getValidJumpDestinations(code: Uint8Array): {
    jumps: Uint8Array;
    pushes: unknown;
    opcodesCached: OpcodeEntry[];
  };
}

interface RunResult {
  readonly runState: RunState;
  readonly exceptionError: EVMError | undefined;
}

type Run = (this: Interpreter, code: Uint8Array, opts?: { pc?: number }) => Promise<RunResult>;

interface InterpreterPrototype {
  run: Run;
  runStep: unknown;
  useGas: unknown;
  lookupOpInfo: unknown;
  _getValidJumpDestinations: unknown;
}

const EVM_ERROR_TYPE = new EVMError(EVMError.errorMessages.STOP).errorType;
/** `HARDHAT_PARALLEL_STOCK_INTERPRETER=1` keeps @ethereumjs's own loop (a way out, and for before/after benchmarks). */
export const STOCK_INTERPRETER_VARIABLE = "HARDHAT_PARALLEL_STOCK_INTERPRETER";
let enabled = process.env[STOCK_INTERPRETER_VARIABLE] !== "1";
/** The gas twins by original handler, set when the loop is installed. */
let twins: ReadonlyMap<unknown, SyncGasHandler> = new Map();
let steps = { sync: 0, async: 0, delegated: 0 };
/** Whether the loop below replaced @ethereumjs's `run`. */
let active = false;

/** Told every step's pc and opcode name (a `step` event's `pc` and `opcode.name`) before the step runs. */
export type StepHook = (pc: number, name: string) => void;

/** EVMs an interpreter of this loop's class ran for (their interpreter is the one patched here and by others). */
const ranFor = new WeakSet<object>();

/** Whether an interpreter of the class whose `run` this module replaced has run for `evm`. */
export function ranThroughReplacedRun(evm: object): boolean {
  return ranFor.has(evm);
}

/** Step hooks by EVM (`missed`: a frame ran through @ethereumjs's own `run`, unseen); `hooks` counts them. */
const stepHooks = new WeakMap<object, { readonly hook: StepHook; missed: boolean }>();
let hooks = 0;

/** A step hook in place: `stop` removes it; `missed` tells whether a frame ran where it could not see the steps. */
export interface StepHookHandle {
  stop(): void;
  readonly missed: boolean;
}

/**
 * Calls `hook` with every step `evm` runs — what a `step` listener is told of its pc and opcode, without the event
 * (its object, stack copy and promise per opcode, and every opcode through @ethereumjs's own `runStep`) — until
 * the handle stops it; undefined when the loop is not in place (switched off, not installed) or `evm` already has
 * a hook. Frames this loop does not run (see `handles`) are not seen: the handle says so (`missed`).
 */
export function hookSteps(evm: object, hook: StepHook): StepHookHandle | undefined {
  if (!active || !enabled || stepHooks.has(evm)) return undefined;
  const entry = { hook, missed: false };
  stepHooks.set(evm, entry);
  hooks++;
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      stepHooks.delete(evm);
      hooks--;
    },
    get missed() {
      return entry.missed;
    },
  };
}

/**
 * Runs the opcode at the program counter as @ethereumjs's `runStep` would: synchronously (undefined) when it
 * can, else through `runStep` itself (its promise).
 */
export function syncStep(interpreter: Interpreter, opcodeObj: OpcodeEntry | undefined): Promise<void> | undefined {
  const runState = interpreter._runState;
  const opEntry = opcodeObj ?? interpreter.lookupOpInfo(runState.opCode);
  const opInfo = opEntry.opcodeInfo;
  const evm = interpreter._evm;
  if (hooks !== 0) stepHooks.get(evm)?.hook(runState.programCounter, opInfo.fullName);
  if (runState.eip7928PostTargetCallOog !== undefined || evm.DEBUG || evm.events.listenerCount("step") > 0)
    return delegate(interpreter, opcodeObj);
  let gas = opInfo.feeBigInt;
  if (opInfo.dynamicGas) {
    const twin = twins.get(opEntry.gasHandler);
    if (twin === undefined) return delegate(interpreter, opcodeObj);
    const twinGas = twin(runState, gas, interpreter.common);
    if (twinGas === undefined) return delegate(interpreter, opcodeObj);
    gas = twinGas;
  }
  if (opInfo.isInvalid) throw new EVMError(EVMError.errorMessages.INVALID_OPCODE);
  interpreter.useGas(gas, opInfo);
  runState.programCounter++;
  if (!opInfo.isAsync) {
    steps.sync++;
    opEntry.opHandler(runState, interpreter.common);
  } else {
    const pending = opEntry.opHandler(runState, interpreter.common);
    // An asynchronous handler that finished at once (SLOAD over TxState) needs no promise either.
    if (typeof (pending as { then?: unknown } | undefined)?.then === "function") {
      steps.async++;
      return finishAsync(runState, pending);
    }
    steps.sync++;
  }
  runState.env.accessWitness?.commit();
  return undefined;
}

/** The end of an asynchronous opcode (SLOAD's storage read, ...), as `runStep` ends it. */
async function finishAsync(runState: RunState, pending: unknown): Promise<void> {
  await pending;
  runState.env.accessWitness?.commit();
}

function delegate(interpreter: Interpreter, opcodeObj: OpcodeEntry | undefined): Promise<void> {
  steps.delegated++;
  return interpreter.runStep(opcodeObj);
}

/** Whether the loop below runs `code` (else the original `run` does). */
function handles(interpreter: Interpreter, code: Uint8Array): boolean {
  const common = interpreter.common;
  if (!enabled || interpreter.profilerOpts?.enabled === true) return false;
  if (common.isActivatedEIP(3540) && code[0] === 0xef) return false;
  return !common.isActivatedEIP(6800) && !common.isActivatedEIP(7864);
}

/** The opcode entry at the program counter (after the jump analysis once a jump is seen), as `run` finds it. */
interface Cursor {
  doJumpAnalysis: boolean;
  cachedOpcodes: OpcodeEntry[];
}

function nextOpcode(interpreter: Interpreter, cursor: Cursor): OpcodeEntry | undefined {
  const runState = interpreter._runState;
  const programCounter = runState.programCounter;
  let opCode: number;
  let opCodeObj: OpcodeEntry | undefined;
  if (cursor.doJumpAnalysis) {
    opCode = runState.code[programCounter] ?? 0;
    if (opCode === 0x56 || opCode === 0x57 || opCode === 0x5e) {
      const { jumps, pushes, opcodesCached } = interpreter._getValidJumpDestinations(runState.code);
      runState.validJumps = jumps;
      runState.cachedPushes = pushes;
      runState.shouldDoJumpAnalysis = false;
      cursor.cachedOpcodes = opcodesCached;
      cursor.doJumpAnalysis = false;
    }
  } else {
    opCodeObj = cursor.cachedOpcodes[programCounter] as OpcodeEntry;
    opCode = opCodeObj.opcodeInfo.code;
  }
  runState.opCode = opCode;
  return opCodeObj;
}

/** A thrown value that ends the frame: undefined for STOP, the error for an EVM error; anything else rethrows. */
function frameError(e: unknown): EVMError | undefined {
  if (!("errorType" in (e as object) && (e as { errorType: unknown }).errorType === EVM_ERROR_TYPE)) throw e;
  const error = e as EVMError;
  return error.error !== EVMError.errorMessages.STOP ? error : undefined;
}

/** The replacement `run`; `stock` is @ethereumjs's own. */
export type ReplacementRun = Run & { readonly stock: Run };

function replacementRun(original: Run): ReplacementRun {
  const run: Run = async function run(this: Interpreter, code, opts = {}) {
    ranFor.add(this._evm);
    if (!handles(this, code)) {
      const hooked = hooks === 0 ? undefined : stepHooks.get(this._evm);
      if (hooked !== undefined) hooked.missed = true;
      return original.call(this, code, opts);
    }
    const runState = this._runState;
    runState.code = code;
    runState.programCounter = opts.pc ?? runState.programCounter;
    const pc = runState.programCounter;
    if (pc !== 0 && (pc < 0 || pc >= runState.code.length))
      throw EthereumJSErrorWithoutCode("Internal error: program counter not in range");
    let err: EVMError | undefined;
    const cursor: Cursor = { doJumpAnalysis: true, cachedOpcodes: [] };
    while (runState.programCounter < runState.code.length) {
      const opCodeObj = nextOpcode(this, cursor);
      try {
        const pending = syncStep(this, opCodeObj);
        if (pending !== undefined) await pending;
      } catch (e) {
        runState.env.accessWitness?.revert();
        err = frameError(e);
        break;
      }
    }
    if (err === undefined && runState.eip8037BurnLeftoverAfterCreateHaltOntoAlive === true && runState.gasLeft > 0n) {
      runState.gasLeft = 0n;
      err = new EVMError(EVMError.errorMessages.OUT_OF_GAS);
    }
    return { runState, exceptionError: err };
  };
  return Object.assign(run, { stock: original });
}

let installed: Promise<boolean> | undefined;

async function install(): Promise<boolean> {
  const module = (await loadInterpreterModule()) as { Interpreter?: { prototype: InterpreterPrototype } } | undefined;
  const proto = module?.Interpreter?.prototype;
  if (proto === undefined || !hasExpectedShape(proto)) return false;
  twins = syncGasTwins();
  proto.run = replacementRun(proto.run);
  active = true;
  return true;
}

/** Installs the synchronous step loop once per process; resolves to whether it could be installed. */
export function installSyncSteps(): Promise<boolean> {
  installed ??= install().catch(() => false);
  return installed;
}

/**
 * Turns the synchronous loop off (every run takes @ethereumjs's own `run`) or on again: for same-process
 * comparisons in tests and benchmarks.
 */
export function setSyncStepsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Opcodes run since the last call: synchronously, asynchronous ones without `runStep` (their gas computed at
 * once), and through `runStep`; resets the counts.
 */
export function takeSyncStepCounts(): { sync: number; async: number; delegated: number } {
  const counts = steps;
  steps = { sync: 0, async: 0, delegated: 0 };
  return counts;
}

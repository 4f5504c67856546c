/**
 * A revert's Solidity stack trace, built as Hardhat's network (EDR) builds it from the failed frames'
 * executed pcs and the compiled contracts' source maps: in each frame of the failure's chain (outermost first),
 * a jump into a function (`i`, landing on a JUMPDEST) pushes a call-site entry and a jump out (`o`) pops one; a
 * frame whose failed call bubbled up adds the call instruction's entry and the callee's entries; the frame the
 * failure began in ends with the revert's entry (reason string or bare revert at the REVERT's location, a panic
 * or custom error at the REVERT's location or else at the last located step); entries whose range contains the
 * next entry's are dropped (EDR's filterRedundantFrames). What EDR infers rather than traces — the dispatcher's
 * refusals, a failure in a modifier, a call to an account without code — is inferred as it does
 * (stack-inference.ts). Whatever cannot be placed as EDR places it (unknown code, a revert outside a function, a
 * library called directly) yields no stack trace rather than a guess.
 */
import type { FailureFrame } from "../../runtime/rpc/failure-frames.js";

import type { MappedCode, MappedInstruction } from "./source-maps.js";
import {
  containingFunction,
  reference,
  referenceAt,
  type SourceReference,
  type StackEntry,
} from "./source-reference.js";
import {
  adjusted,
  beforeAnyFunction,
  inferBeforeTracing,
  modifierOwnerEntry,
  withInitialFunction,
} from "./stack-inference.js";
import { ENTRY, FUNCTION_TYPE, OP } from "./stack-entry-types.js";

export type { SourceReference, StackEntry } from "./source-reference.js";

const PANIC_SELECTOR = "4e487b71";
const ERROR_SELECTOR = "08c379a0";

/** The entry of a call site (a jump into a function, or a call instruction). */
function callSite(code: MappedCode, inst: MappedInstruction, pc: number): StackEntry | undefined {
  if (inst.location === undefined) {
    // A jump from the compiler's generated code: EDR's internal-function entry spans the contract.
    const own = [...code.sources.values()].find((s) => s.contracts.has(code.contract))?.contracts.get(code.contract);
    const sourceReference = own === undefined ? undefined : referenceAt(code, own);
    return sourceReference === undefined ? undefined : { type: ENTRY.INTERNAL_FUNCTION, sourceReference, pc };
  }
  const fn = containingFunction(code, inst.location);
  const sourceReference = referenceAt(code, inst.location, fn);
  if (sourceReference === undefined) return undefined;
  return { type: ENTRY.CALLSTACK, sourceReference, functionType: fn?.type ?? FUNCTION_TYPE.FUNCTION };
}

/** A frame's call-site entries from its steps, whether it jumped into a located function, its last JUMPDEST's entry. */
interface FrameState {
  readonly entries: StackEntry[];
  readonly jumped: boolean;
  /** The entry of the JUMPDEST of the innermost function still entered (EDR's last function_jumpdest). */
  readonly lastJumpdest: StackEntry | undefined;
}

function frameEntries(frame: FailureFrame, code: MappedCode): FrameState | undefined {
  const entries: StackEntry[] = [];
  const jumpdests: Array<StackEntry | undefined> = [];
  let jumped = false;
  const { pcs } = frame;
  for (let i = 0; i < pcs.length; i++) {
    const pc = pcs[i] ?? 0;
    const inst = code.instructions.get(pc);
    if (inst?.jump === "o") {
      entries.pop();
      jumpdests.pop();
    }
    if (inst?.jump !== "i" || i + 1 >= pcs.length) continue;
    const next = code.instructions.get(pcs[i + 1] ?? 0);
    if (next?.opcode !== OP.JUMPDEST) continue;
    const entry = callSite(code, inst, pc);
    if (entry === undefined) return undefined;
    entries.push(entry);
    jumpdests.push(callSite(code, next, pcs[i + 1] ?? 0));
    jumped ||= next.location !== undefined;
  }
  return { entries, jumped, lastJumpdest: jumpdests.at(-1) };
}

/** The reference of the frame's last step that has one. */
function lastReference(frame: FailureFrame, code: MappedCode): SourceReference | undefined {
  for (let i = frame.pcs.length - 1; i >= 0; i--) {
    const found = reference(code, code.instructions.get(frame.pcs[i] ?? 0)?.location);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The frame's entries with the error that ended it (EDR's check_revert_or_invalid_opcode): a failure inside a
 * modifier first adds the entry of the function the modifier belongs to; then a panic or custom error at the
 * failing instruction (or the last located step), or a revert or invalid opcode inside a function.
 */
function withError(
  frame: FailureFrame,
  code: MappedCode,
  state: FrameState,
  message: string,
): StackEntry[] | undefined {
  const last = code.instructions.get(frame.pcs.at(-1) ?? -1);
  if (last === undefined || (last.opcode !== OP.REVERT && last.opcode !== OP.INVALID)) return undefined;
  const stack = [...state.entries];
  const located = last.location !== undefined && (state.jumped || frame.creation);
  const failing = located && last.location !== undefined ? containingFunction(code, last.location) : undefined;
  if (failing?.type === FUNCTION_TYPE.MODIFIER) {
    const owner = modifierOwnerEntry(frame, code, state.lastJumpdest);
    if (owner === undefined) return undefined;
    stack.push(owner);
  }
  const data = frame.returnData.slice(2);
  const at = reference(code, last.location);
  if (data.startsWith(PANIC_SELECTOR) && data.length === 72) {
    const errorCode = BigInt(`0x${data.slice(8)}`);
    // The jump into the compiler's panic helper is no frame; a call to a zero function's is the panic's own.
    if (stack.at(-1)?.type === ENTRY.INTERNAL_FUNCTION) stack.pop();
    if (errorCode === 0x51n) stack.pop();
    const sourceReference = at ?? lastReference(frame, code);
    return sourceReference === undefined ? undefined : [...stack, { type: ENTRY.PANIC, sourceReference, errorCode }];
  }
  if (data.length >= 8 && !data.startsWith(ERROR_SELECTOR)) {
    const sourceReference = at ?? lastReference(frame, code);
    const text = message.replace(/^VM Exception while processing transaction: /, "");
    return sourceReference === undefined
      ? undefined
      : [...stack, { type: ENTRY.CUSTOM_ERROR, sourceReference, message: text }];
  }
  const returnData = Uint8Array.from(Buffer.from(data, "hex"));
  const isInvalidOpcodeError = last.opcode === OP.INVALID;
  if (!located && !state.jumped && !frame.creation) return beforeAnyFunction(frame, code, last, returnData);
  if (!located || at === undefined) return undefined;
  return [...stack, { type: ENTRY.REVERT, sourceReference: at, returnData, isInvalidOpcodeError }];
}

function sameRange(a: SourceReference, b: SourceReference): boolean {
  return a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.line === b.line;
}

/**
 * EDR's filterRedundantFrames: drops an entry whose range contains the next one's (constructors excepted), and a
 * call site two entries before a return data size error at the same place.
 */
function withoutRedundant(entries: readonly StackEntry[]): StackEntry[] {
  return entries.filter((entry, i) => {
    const next = entries[i + 1];
    if (next === undefined) return true;
    const [here, there] = [entry.sourceReference, next.sourceReference];
    // A call site followed, two entries on, by a return data size error at the same place (solc 0.8.5 and on).
    const after = entries[i + 2];
    if (
      entry.type === ENTRY.CALLSTACK &&
      after?.type === ENTRY.RETURNDATA_SIZE &&
      sameRange(here, after.sourceReference)
    )
      return false;
    if (here.function === "constructor" && there.function !== "constructor") return true;
    if (i > 0 && entry.type === next.type && sameRange(here, there)) return true;
    return !(here.range[0] <= there.range[0] && here.range[1] >= there.range[1]);
  });
}

/** Whether every step after the call maps to the call's own location or none, ending in a REVERT (EDR). */
function failsRightAfterCall(
  frame: FailureFrame,
  code: MappedCode,
  call: MappedInstruction,
  after = frame.callAt,
): boolean {
  const last = code.instructions.get(frame.pcs.at(-1) ?? -1);
  if (last?.opcode !== OP.REVERT || call.location === undefined) return false;
  const { offset, length, file } = call.location;
  return frame.pcs.slice(after).every((pc) => {
    const location = code.instructions.get(pc)?.location;
    return (
      location === undefined || (location.offset === offset && location.length === length && location.file === file)
    );
  });
}

/**
 * EDR's ReturndataSizeError: a frame whose last call succeeded and that reverts right after it (the ABI decoder
 * refusing the call's return data, e.g. a call to an account without code that should return a value).
 */
function returnDataSize(frame: FailureFrame, code: MappedCode, state: FrameState): StackEntry[] | undefined {
  if (frame.lastCall < 1 || frame.lastCallFailed) return undefined;
  const callPc = frame.pcs[frame.lastCall - 1] ?? -1;
  const call = code.instructions.get(callPc);
  if (call === undefined || !failsRightAfterCall(frame, code, call, frame.lastCall)) return undefined;
  const site = callSite(code, call, callPc);
  return site === undefined
    ? undefined
    : [...state.entries, { type: ENTRY.RETURNDATA_SIZE, sourceReference: site.sourceReference }];
}

/** A frame's finished entries: a leading modifier's function added, redundant entries dropped, then adjusted. */
function finished(entries: StackEntry[] | undefined, frame: FailureFrame, code: MappedCode): StackEntry[] | undefined {
  const fixed = entries === undefined ? undefined : withInitialFunction(entries, frame, code);
  return fixed === undefined ? undefined : adjusted(withoutRedundant(fixed), frame, code);
}

/** The entries of the chain from frame `at` on (see the module comment), or undefined. */
function chainEntries(
  chain: readonly FailureFrame[],
  codes: ReadonlyArray<MappedCode | undefined>,
  at: number,
  message: string,
): StackEntry[] | undefined {
  const [frame, code] = [chain[at], codes[at]];
  if (frame === undefined || code === undefined) return undefined;
  // A library called directly: EDR's DirectLibraryCallError, not derived here.
  if (at === 0 && !frame.creation && code.definition?.library === true) return undefined;
  const inferred = inferBeforeTracing(frame, code);
  if (inferred !== undefined) return inferred;
  const state = frameEntries(frame, code);
  if (state === undefined) return undefined;
  if (frame.callAt < 0)
    return finished(returnDataSize(frame, code, state) ?? withError(frame, code, state, message), frame, code);
  const callPc = frame.pcs[frame.callAt - 1] ?? -1;
  const call = code.instructions.get(callPc);
  if (call === undefined) return undefined;
  if (frame.returnData === "0x" && !failsRightAfterCall(frame, code, call)) return undefined;
  const site = callSite(code, call, callPc);
  const inner = chainEntries(chain, codes, at + 1, message);
  return site === undefined || inner === undefined
    ? undefined
    : finished([...state.entries, site, ...inner], frame, code);
}

/**
 * The Solidity stack trace of a revert with message `message` whose failure chain is `chain`, each frame's code
 * mapped by `mapped` (undefined for code the project did not compile); undefined when EDR's is not derivable.
 */
export async function solidityStack(
  chain: readonly FailureFrame[],
  message: string,
  mapped: (frame: FailureFrame) => Promise<MappedCode | undefined>,
): Promise<StackEntry[] | undefined> {
  const codes = await Promise.all(chain.map(mapped));
  const entries = chainEntries(chain, codes, 0, message);
  return entries === undefined || entries.length === 0 ? undefined : entries;
}

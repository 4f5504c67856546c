/**
 * The stack-trace entries Hardhat's network (EDR) infers rather than traces (its `error_inferrer` and
 * `mapped_inline_internal_functions_heuristics`), each from the same facts EDR uses:
 *
 * - before tracing a call: the dispatcher's refusals — a non-payable function called with value, a selector
 *   without a function nor a fallback (with empty calldata and no receive: neither fallback nor receive), a
 *   non-payable fallback called with value — and, for a creation, a non-payable constructor given value; all only
 *   when the frame returned no data;
 * - a failure inside a modifier: the function the modifier belongs to (its last function JUMPDEST's entry) goes
 *   before the error, and a trace that begins in a modifier gets the called function (or constructor) first;
 * - a bare revert of solc ≥ 0.6.9 right after Solidity's checks: a call to an account without code
 *   (EXTCODESIZE, ISZERO, DUP1, ISZERO nine steps from the end), calldata or constructor arguments too short.
 */
import type { FailureFrame } from "../../runtime/rpc/failure-frames.js";

import type { FunctionDefinition, MappedCode, MappedInstruction } from "./source-maps.js";
import {
  containingFunction,
  lineOf,
  reference,
  referenceTo,
  type SourceReference,
  type StackEntry,
} from "./source-reference.js";
import { ENTRY, FUNCTION_TYPE, OP } from "./stack-entry-types.js";

/** The contract's most derived member matching `match` (EDR's contract model: bases, most derived first). */
function member(code: MappedCode, match: (f: FunctionDefinition) => boolean): FunctionDefinition | undefined {
  const bases = code.definition?.bases ?? [];
  const all = [...code.sources.values()].flatMap((source) => source.functions);
  for (const base of bases) {
    const found = all.find((f) => f.scope === base && match(f));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The function `calldata` (0x hex) selects, if any (calldata shorter than a selector selects none). */
export function calledFunction(code: MappedCode, calldata: string): FunctionDefinition | undefined {
  const selector = calldata.slice(2, 10).toLowerCase();
  return selector.length < 8 ? undefined : member(code, (f) => f.selector === selector);
}

/** EDR's get_constructor_start_source_reference: the contract's range, the constructor's (or contract's) line. */
function constructorReference(code: MappedCode): SourceReference | undefined {
  const definition = code.definition;
  if (definition === undefined) return undefined;
  const reference = referenceTo(code, definition.location, "constructor");
  const own = member(code, (f) => f.type === FUNCTION_TYPE.CONSTRUCTOR && f.scope === definition.id);
  const source = own === undefined ? undefined : code.sources.get(own.location.file);
  if (reference === undefined || own === undefined || source === undefined) return reference;
  return { ...reference, line: lineOf(source.content, own.location.offset) };
}

/** The entries EDR infers before tracing `frame` (see the module comment), or undefined when it infers none. */
export function inferBeforeTracing(frame: FailureFrame, code: MappedCode): StackEntry[] | undefined {
  const definition = code.definition;
  if (definition === undefined || frame.returnData !== "0x") return undefined;
  if (frame.creation) {
    const ctor = member(code, (f) => f.type === FUNCTION_TYPE.CONSTRUCTOR && f.scope === definition.id);
    const sourceReference = constructorReference(code);
    if (ctor === undefined || frame.value === 0n || ctor.payable === true || sourceReference === undefined)
      return undefined;
    return [{ type: ENTRY.FUNCTION_NOT_PAYABLE, sourceReference, value: frame.value }];
  }
  const fn = calledFunction(code, frame.input);
  if (fn !== undefined) {
    const sourceReference = referenceTo(code, fn.location, fn.name);
    if (frame.value === 0n || definition.library || fn.payable === true || sourceReference === undefined)
      return undefined;
    return [{ type: ENTRY.FUNCTION_NOT_PAYABLE, sourceReference, value: frame.value }];
  }
  const [fallback, receive] = [
    member(code, (f) => f.type === FUNCTION_TYPE.FALLBACK),
    member(code, (f) => f.type === FUNCTION_TYPE.RECEIVE),
  ];
  const noReceive = frame.input === "0x" && receive === undefined;
  if (fallback === undefined && !(frame.input === "0x" && receive !== undefined)) {
    const sourceReference = referenceTo(code, definition.location);
    if (sourceReference === undefined) return undefined;
    const type = noReceive ? ENTRY.MISSING_FALLBACK_OR_RECEIVE : ENTRY.UNRECOGNIZED_FUNCTION;
    return [{ type, sourceReference }];
  }
  if (fallback === undefined || frame.value === 0n || fallback.payable === true) return undefined;
  const sourceReference = referenceTo(code, fallback.location, "<fallback>");
  if (sourceReference === undefined) return undefined;
  const type = noReceive ? ENTRY.FALLBACK_NOT_PAYABLE_AND_NO_RECEIVE : ENTRY.FALLBACK_NOT_PAYABLE;
  return [{ type, sourceReference, value: frame.value }];
}

/**
 * EDR's fix_initial_modifier: a trace whose first entry is a modifier's call site gets, before it, the called
 * function's entry (its start), the fallback's, or for a creation the constructor's; undefined where EDR has none.
 */
export function withInitialFunction(
  entries: StackEntry[],
  frame: FailureFrame,
  code: MappedCode,
): StackEntry[] | undefined {
  const first = entries[0];
  if (first?.type !== ENTRY.CALLSTACK || first.functionType !== FUNCTION_TYPE.MODIFIER) return entries;
  if (frame.creation) {
    const sourceReference = constructorReference(code);
    return sourceReference === undefined
      ? undefined
      : [{ type: ENTRY.CALLSTACK, sourceReference, functionType: FUNCTION_TYPE.CONSTRUCTOR }, ...entries];
  }
  const fn = calledFunction(code, frame.input);
  const target = fn ?? member(code, (f) => f.type === FUNCTION_TYPE.FALLBACK);
  const sourceReference =
    target === undefined ? undefined : referenceTo(code, target.location, fn === undefined ? "<fallback>" : fn.name);
  if (sourceReference === undefined) return undefined;
  return [
    {
      type: ENTRY.CALLSTACK,
      sourceReference,
      functionType: fn === undefined ? FUNCTION_TYPE.FALLBACK : FUNCTION_TYPE.FUNCTION,
    },
    ...entries,
  ];
}

/** The entry of the function a modifier that failed belongs to (EDR's get_entry_before_failure_in_modifier). */
export function modifierOwnerEntry(
  frame: FailureFrame,
  code: MappedCode,
  jumpdest: StackEntry | undefined,
): StackEntry | undefined {
  if (jumpdest !== undefined) return jumpdest;
  const sourceReference = frame.creation ? constructorReference(code) : undefined;
  return sourceReference === undefined
    ? undefined
    : { type: ENTRY.CALLSTACK, sourceReference, functionType: FUNCTION_TYPE.CONSTRUCTOR };
}

/** Whether the frame's steps from `from` steps before the end run `opcodes` (EDR's match_opcodes). */
function stepsRun(frame: FailureFrame, code: MappedCode, from: number, opcodes: readonly number[]): boolean {
  const start = frame.pcs.length + from;
  if (-from >= frame.pcs.length) return false;
  return opcodes.every((op, i) => code.instructions.get(frame.pcs[start + i] ?? -1)?.opcode === op);
}

/** Whether the compiler is solc 0.6.9 or later (EDR's FIRST_SOLC_VERSION_WITH_MAPPED_SMALL_INTERNAL_FUNCTIONS). */
function mapsSmallInternalFunctions(version: string | undefined): boolean {
  const [major, minor, patch] = (version ?? "").split(/[.+-]/).map(Number);
  if (major === undefined || minor === undefined || patch === undefined || [major, minor, patch].some(isNaN))
    return false;
  return major > 0 || minor > 6 || (minor === 6 && patch >= 9);
}

/**
 * EDR's adjust_stack_trace: a frame's trace ending in a bare revert (not an invalid opcode) right after Solidity's
 * checks ends instead in the check's error, at the revert's reference.
 */
export function adjusted(entries: StackEntry[], frame: FailureFrame, code: MappedCode): StackEntry[] {
  const last = entries.at(-1);
  const bare = last?.returnData !== undefined && last.returnData.length === 0;
  if (last?.type !== ENTRY.REVERT || last.isInvalidOpcodeError === true || !bare) return entries;
  if (!mapsSmallInternalFunctions(code.solcVersion)) return entries;
  const replaced = (type: number): StackEntry[] => [
    ...entries.slice(0, -1),
    { type, sourceReference: last.sourceReference },
  ];
  if (stepsRun(frame, code, -9, [OP.EXTCODESIZE, OP.ISZERO, OP.DUP1, OP.ISZERO]))
    return replaced(ENTRY.NONCONTRACT_ACCOUNT_CALLED);
  const argumentsShort =
    stepsRun(frame, code, -20, [OP.CODESIZE]) &&
    stepsRun(frame, code, -15, [OP.CODECOPY]) &&
    stepsRun(frame, code, -7, [OP.LT, OP.ISZERO]);
  const calldataShort = stepsRun(frame, code, -11, [OP.CALLDATASIZE]) && stepsRun(frame, code, -7, [OP.LT, OP.ISZERO]);
  return argumentsShort || calldataShort ? replaced(ENTRY.INVALID_PARAMS) : entries;
}

/**
 * EDR's check_last_instruction for a call that failed before jumping into any function (the dispatcher, the ABI
 * decoder): a revert inside the fallback or receive at the revert, else at the start of the function the failing
 * instruction is in; without such a function, calldata that the selected function's ABI does not decode is an
 * invalid-params error at the function's start (EDR's other conclusions there are not derived).
 */
export function beforeAnyFunction(
  frame: FailureFrame,
  code: MappedCode,
  last: MappedInstruction,
  returnData: Uint8Array,
): StackEntry[] | undefined {
  const fn = last.location === undefined ? undefined : containingFunction(code, last.location);
  if (fn === undefined || last.location === undefined) return invalidParams(frame, code);
  const isInvalidOpcodeError = last.opcode === OP.INVALID;
  const special =
    last.opcode === OP.REVERT && (fn.type === FUNCTION_TYPE.FALLBACK || fn.type === FUNCTION_TYPE.RECEIVE);
  const sourceReference = special ? reference(code, last.location) : referenceTo(code, fn.location, fn.name);
  return sourceReference === undefined
    ? undefined
    : [{ type: ENTRY.REVERT, sourceReference, returnData, isInvalidOpcodeError }];
}

/** EDR's InvalidParamsError of a call whose calldata its function's ABI does not decode, else undefined. */
function invalidParams(frame: FailureFrame, code: MappedCode): StackEntry[] | undefined {
  const fn = calledFunction(code, frame.input);
  if (fn === undefined || code.decodes === undefined || code.decodes(frame.input)) return undefined;
  const sourceReference = referenceTo(code, fn.location, fn.name);
  return sourceReference === undefined ? undefined : [{ type: ENTRY.INVALID_PARAMS, sourceReference }];
}

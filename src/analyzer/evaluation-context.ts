/**
 * The vocabulary shared by the evaluation stages (expressions, calls, conditions, guards, inline assembly, call
 * edges): the values, frames and effects they exchange, and `EvaluationContext`, the part of the access collector
 * they call back into. The stages import this module, never `collect-accesses.ts`, so imports go one way:
 * collector → stages → this module.
 */
import type { Assignment, ContractDefinition, FunctionCall, FunctionDefinition, UnaryOperation } from "solidity-ast";
import type { ContractContext } from "./contract-context.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import type { Fact, PathFacts } from "./path-facts.js";

/** A value-type location a write sets, and the value it stores (`stored-values.ts`). */
export interface StoredValue {
  location: SymbolicLocation;
  value: KeySource;
}

/** One storage access: mode, location, whether it is a pure add/subtract, and the AST `src` of the expression. */
export interface Access {
  mode: "read" | "write";
  location: SymbolicLocation;
  commutative: boolean;
  src: string;
  /** Conditions on values read from storage under which the access is made (the branches around it). */
  when?: Fact[];
  /** Only made on paths that revert: a later guard contradicts `when` (`doomed-paths.ts`). */
  reverting?: true;
  /** For a write: the value-type locations it sets and the values stored (`stored-values.ts`). */
  stores?: StoredValue[];
  /** For a write: it stores zeros everywhere it writes (`delete`). */
  zeroes?: true;
  /**
   * For a write: made whenever the invocation gets this far — not in a branch, loop, `try` clause, conditional
   * operand or self-call, nor after a `return` may have left a body early (`restored-locks.ts`).
   */
  unconditional?: true;
}

/** A call out of the contract (or a `delegatecall`, which runs foreign code on this storage). */
export interface ExternalCall {
  kind: "call" | "staticcall" | "delegatecall" | "create" | "transfer";
  /** The target as text (`to`, `token0`, `<computed>`), `this` for self-calls. */
  target: string;
  /** Function or member called (`onERC721Received`, `call`, ...). */
  fn: string;
  src: string;
  /** The callee contract and function with the binding of arguments and sender, when the build tells. */
  callee?: CallEdge;
  /** Facts on the entry point's parameters that hold whenever the call is made (`data.length != 0`). */
  when?: Fact[];
  /** A raw `target.call(data)` passing on a `bytes calldata` parameter: execution tells callee and calldata. */
  forward?: Forward;
  /**
   * A static call the entry point makes before anything in the transaction can have changed storage (no write,
   * no call but static ones before it, not in a branch or loop): what it reads held the values from before the
   * transaction (`getter-returns.ts`).
   */
  first?: true;
}

/** The target and calldata of a call that forwards a parameter (`TimelockController._execute`). */
export interface Forward {
  target: KeySource;
  /** A `bytes calldata` parameter, or a `bytes` member of a calldata struct parameter (`request.data`, `member`). */
  data: KeySource;
  /** An address packed after the data (`abi.encodePacked(request.data, request.from)`, ERC-2771's sender). */
  suffix?: KeySource;
}

/** What an expression evaluates to: the class of its value, and the storage locations it denotes (if any). */
export interface Val {
  key: KeySource;
  locs: SymbolicLocation[];
  /** For an internal function value: the ids of the functions it can be (`op` bound to `_add` or `_subtract`). */
  fns?: number[];
  /** Identity of one value read from storage (the same runtime value wherever this `Val` flows). */
  ref?: number;
  /** A struct value built by a struct constructor: the key class of each member. */
  fields?: Map<string, KeySource>;
  /** A memory copy of storage (`Listing memory l = listings[id]`, never changed): where it was copied from. */
  copied?: SymbolicLocation[];
  /** Identities of the members of a `copied` value read so far (one value per member). */
  memberRefs?: Map<string, number>;
  /** A bytes32 value that is the slot of these locations (`SlotDerivation.deriveMapping`, `keccak256` in assembly). */
  slotOf?: SymbolicLocation[];
  /** Calldata built by `abi.encodeCall`/`encodeWithSelector`/`encodeWithSignature`: the function and arguments. */
  encoded?: EncodedCall;
  /** `type(X).creationCode`: the contract an assembly creation from these bytes deploys (`created-class.ts`). */
  creationOf?: string;
  /** A memory array every element of which is this key (`memory-arrays.ts`). */
  elements?: KeySource;
}

/** A call encoded in memory for a low-level `call` (SafeERC20-style helpers): selector, declaration, arguments. */
export interface EncodedCall {
  selector: string;
  /** The function the selector names, when the build declares it (`IERC20.transfer`). */
  decl?: number;
  args: KeySource[];
  /** Calldata passed on from the entry point's own (`forwarded-calldata.ts`): no selector, no arguments. */
  forward?: Omit<Forward, "target">;
}

/** The evaluation state of one function invocation. */
export interface Frame {
  /** Contract that defines the running function (for `super`); `undefined` in libraries and free functions. */
  owner: ContractDefinition | undefined;
  bindings: Map<number, Val>;
  /** Locals assigned after their declaration: their value class is unknown. */
  mutable: ReadonlySet<number>;
  returns: Val[][];
  /** `msg.sender` of this frame (the transaction sender, or `this` for self-calls). */
  sender: KeySource;
  /** For each return position, whether it returns a storage pointer (not a copy). */
  returnStorage: boolean[];
  /** Runs the next modifier or the body at `_;`. */
  placeholder?: () => void;
  /** Branches and loops of this frame being evaluated. */
  depth?: number;
  /** Locals assigned once with `=`: outside branches, the assignment gives them the value's class. */
  once?: ReadonlySet<number>;
  /** The body can return before its end (or the frame is a modifier's): its guards do not hold on every path. */
  earlyReturn?: boolean;
  /** Locals changed in place or used whole (`function-scan.ts`); absent: every local may be. */
  changedInPlace?: ReadonlySet<number>;
  /** The function invoked (absent for modifiers). */
  fn?: FunctionDefinition;
  /** Memory arrays built in this frame that keep `Val.elements` (others are checked on use, `memory-arrays.ts`). */
  keptArrays?: Set<number>;
  /** Locals declared with a value that `if (x == 0) x = y;` may replace, with that value (`zero-defaults.ts`). */
  defaults?: Map<number, KeySource>;
}

/** Accesses and calls collected for one invocation. */
export interface Effects {
  accesses: Access[];
  calls: ExternalCall[];
  /** Index in `accesses` at the first call out that could re-enter (order of evaluation), if any. */
  firstCallOut?: number;
  /** Assembly that can end the transaction successfully (`return`, `stop`) ran: later guards prove nothing. */
  stops?: true;
  /** Index in `accesses` at the last call out that could re-enter, if any. */
  lastCallOut?: number;
  /** Of an entry point: values its guards prove its storage held when the transaction started (`restored-locks.ts`). */
  startGuards?: StartGuard[];
}

/** A guard passed on every successful path: the location held `value` when the transaction started. */
export interface StartGuard {
  location: SymbolicLocation;
  value: string;
  /** Proved by `≠ 0` on a bool (then `value` is 1). */
  bool?: true;
}

/** The callee of a call out, and how the call binds its arguments and sender. */
export interface CallEdge {
  /** Contract (or interface) the target is declared as. */
  contract: string;
  /** Canonical signature of the function called. */
  function: string;
  selector: string;
  /**
   * Resolved by selector alone (`token.call(abi.encodeWithSelector(0x23b872dd, ...))`, an assembly call):
   * `contract` is one declaration of it, not the target's type.
   */
  untyped?: true;
  /** The one concrete contract of the build implementing `contract`, when there is exactly one. */
  implementation?: string;
  /** Key class of each argument, in order (`param`s name this function's parameters). */
  args: KeySource[];
  /** The callee's address as a key of this function (`_asset`, `token0`, a parameter): the instance called. */
  target?: KeySource;
  /** `msg.sender` inside the callee: this contract. */
  sender: "this";
}

/** The access collector as the evaluation stages see it: where they record accesses and inline calls. */
export interface EvaluationContext {
  readonly ctx: ContractContext;
  /** Guards passed on the current path (hold in callees). */
  readonly facts: PathFacts;
  /** Nesting of branches and loops being evaluated (guards inside them hold on some paths only). */
  branchDepth: number;
  /** Operands being evaluated that may not run: a conditional's branches, the right side of `&&`/`||`. */
  optional: number;
  /** Records reads of locations (deep for reference types copied out of storage). */
  read(locs: SymbolicLocation[], src: string): void;
  /** Records writes of locations; `commutative` for `+=`, `-=`, `++`, `--` on value types; what they store. */
  write(locs: SymbolicLocation[], src: string, commutative?: boolean, stored?: Val | "zeros"): void;
  /** The value read at a value-type location as a key, when the contract's writes tell (`stored-values.ts`). */
  storedValue(loc: SymbolicLocation): KeySource | undefined;
  /** Records an access the analysis cannot place. */
  unknown(mode: "read" | "write", reason: string, src: string): void;
  /** Records an external call. */
  call(call: ExternalCall): void;
  /** Whether nothing evaluated so far can have changed storage, in the entry point's own body (`ExternalCall.first`). */
  unchangedSoFar(frame: Frame): boolean;
  /** A guard passed in `frame`: its facts hold for the rest of the path (accesses they contradict revert). */
  assume(facts: readonly Fact[], frame: Frame): void;
  /** A new identity for a value read from storage. */
  newRef(): number;
  /** The value `ref` was just read at `location` (the last access recorded). */
  noteStoredRead(ref: number, location: SymbolicLocation): void;
  /** A guard passed in `frame` proves the stored value `ref` equal to `key`: accesses keyed by it are re-keyed. */
  rekey(ref: number, key: KeySource, frame: Frame): void;
  /** Runs an internal (or library, or self) call with bound arguments; returns the values it returns. */
  invoke(fn: FunctionDefinition, args: Val[], sender: KeySource): Val[];
  /** A call whose body cannot be followed: pure → nothing, view → unknown read, else unknown write. */
  opaque(fn: { name: string; stateMutability: string; src: string }, why: string): Val[];
  /** Evaluates a function call (`evaluate-calls.ts`); expressions reach calls through here, not by import. */
  evaluateCall(call: FunctionCall, frame: Frame): Val[];
  /** Evaluates an assignment or a `++`/`--`/`delete` (`evaluate-updates.ts`), reached through here likewise. */
  evaluateUpdate(expr: Assignment | UnaryOperation, frame: Frame): Val;
}

/**
 * Evaluates an operand that may not run (the right side of `&&`/`||`, a conditional's branch): nothing in it
 * counts as made on every path, and the guards it passes (a callee's `require`) are dropped after it.
 */
export function optionally<T>(c: EvaluationContext, operand: () => T): T {
  c.optional += 1;
  const mark = c.facts.mark();
  try {
    return operand();
  } finally {
    c.facts.reset(mark);
    c.optional -= 1;
  }
}

/** The unknown value class with a reason. */
export function unknownKey(reason: string): KeySource {
  return { kind: "unknown", reason };
}

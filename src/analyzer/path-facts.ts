/**
 * Path facts: what the current path knows about transaction-level values (msg.sender, tx.origin, the entry
 * point's parameters) from the guards it has passed — `require(to != address(0))`, `if (to == address(0))
 * revert ...`, an early `return`. Facts are kept per collector (they talk about the transaction, so they hold
 * in callees), scoped by marks: a branch adds its condition and drops it after, a guard that ends the path
 * adds the negation for the rest of the function. A comparison with a constant that a fact decides prunes
 * the branch it guards (`_update`'s `if (to == address(0))` burn branch after `_transfer`'s receiver check).
 */
import type { Expression, Statement } from "solidity-ast";
import { isBuiltin } from "./contract-context.js";
import type { KeySource } from "./locations.js";

/** `key == value` (or `!=` when `equal` is false) for a transaction-level key and a constant value. */
export interface Fact {
  /** `JSON.stringify` of the key (sender, origin or param), or `#n` for the value read from storage with ref `n`. */
  key: string;
  /** Constant value, decimal. */
  value: string;
  equal: boolean;
  /** From a bool used as a condition (`require(unlocked)`): `≠ 0` of a clean bool is `= 1` (`restored-locks.ts`). */
  bool?: true;
}

/** What a condition tells: its truth when decided, and the facts that hold when it is true or false. */
export interface Condition {
  decided: boolean | undefined;
  whenTrue: Fact[];
  whenFalse: Fact[];
}

/** A key that names one value for the whole transaction (never reassigned). */
export function trackable(k: KeySource): boolean {
  return k.kind === "sender" || k.kind === "origin" || k.kind === "param";
}

/** A compared value: its key class and, for a value read from storage, its identity. */
export interface Compared {
  key: KeySource;
  ref?: number;
}

/** The fact key of a compared value: its ref, or its key when transaction-level. */
function factKey(v: Compared): string | undefined {
  if (v.ref !== undefined) return `#${v.ref}`;
  return trackable(v.key) ? JSON.stringify(v.key) : undefined;
}

/** The facts a comparison `a op b` gives (one side a trackable key or a stored value, the other a constant). */
export function comparisonFacts(a: Compared, b: Compared, equalOp: boolean): Condition {
  const [id, constant] =
    b.key.kind === "const" && factKey(a) !== undefined
      ? [factKey(a), b.key]
      : a.key.kind === "const" && factKey(b) !== undefined
        ? [factKey(b), a.key]
        : [];
  if (id === undefined || constant?.kind !== "const" || constant.value === undefined)
    return { decided: undefined, whenTrue: [], whenFalse: [] };
  const eq: Fact = { key: id, value: constant.value, equal: true };
  const ne: Fact = { ...eq, equal: false };
  return { decided: undefined, whenTrue: [equalOp ? eq : ne], whenFalse: [equalOp ? ne : eq] };
}

/** `!c`. */
export function negate(c: Condition): Condition {
  return {
    decided: c.decided === undefined ? undefined : !c.decided,
    whenTrue: c.whenFalse,
    whenFalse: c.whenTrue,
  };
}

/** `l && r` (`or` for `l || r`): facts of a conjunction when true, of a disjunction only when one side is decided. */
export function combine(l: Condition, r: Condition, and: boolean): Condition {
  if (!and) return negate(combine(negate(l), negate(r), true));
  const decided = l.decided === false || r.decided === false ? false : l.decided && r.decided ? true : undefined;
  const whenFalse = l.decided === true ? r.whenFalse : r.decided === true ? l.whenFalse : [];
  return { decided, whenTrue: [...l.whenTrue, ...r.whenTrue], whenFalse };
}

/** The facts of the current path, with marks to drop what a scope added. */
export class PathFacts {
  private facts: Fact[] = [];

  /** The current depth, to {@link reset} to later. */
  mark(): number {
    return this.facts.length;
  }

  /** Drops the facts added since `mark`. */
  reset(mark: number): void {
    this.facts.length = mark;
  }

  /** Adds facts to the current path. */
  add(facts: readonly Fact[]): void {
    this.facts.push(...facts);
  }

  /** Facts added since `mark`. */
  since(mark: number): Fact[] {
    return this.facts.slice(mark);
  }

  /** Identity of the current facts (memo key of a call's effects). */
  fingerprint(): string {
    if (this.facts.length === 0) return "";
    return [...new Set(this.facts.map((f) => `${f.key}${f.equal ? "=" : "≠"}${f.value}`))].sort().join(";");
  }

  /** Whether `a == b` is decided by the facts (one side trackable or a stored value, the other a constant). */
  decideEqual(a: Compared, b: Compared): boolean | undefined {
    const [id, constant] =
      b.key.kind === "const" && factKey(a) !== undefined
        ? [factKey(a), b.key]
        : a.key.kind === "const" && factKey(b) !== undefined
          ? [factKey(b), a.key]
          : [];
    if (id === undefined || constant?.kind !== "const" || constant.value === undefined) return undefined;
    for (const f of this.facts) {
      if (f.key !== id) continue;
      if (f.equal) return f.value === constant.value;
      if (f.value === constant.value) return false;
    }
    return undefined;
  }
}

/** Whether two facts about one value cannot both hold. */
export function contradicts(f: Fact, g: Fact): boolean {
  if (f.key !== g.key) return false;
  return f.equal === g.equal ? f.equal && f.value !== g.value : f.value === g.value;
}

/** How a statement ends every path through it: `revert`, `return`, or `undefined` when some path goes on. */
export function terminates(node: Statement): "revert" | "return" | undefined {
  switch (node.nodeType) {
    case "RevertStatement":
      return "revert";
    case "Return":
      return "return";
    case "ExpressionStatement":
      return isRevertCall(node.expression) ? "revert" : undefined;
    case "Block":
    case "UncheckedBlock":
      for (const s of node.statements ?? []) {
        const end = terminates(s);
        if (end !== undefined) return end;
      }
      return undefined;
    case "IfStatement": {
      const a = terminates(node.trueBody);
      const b = node.falseBody ? terminates(node.falseBody) : undefined;
      if (a === undefined || b === undefined) return undefined;
      return a === "return" || b === "return" ? "return" : "revert";
    }
    default:
      return undefined;
  }
}

/** `revert(...)` (the builtin) as an expression. */
function isRevertCall(e: Expression): boolean {
  return (
    e.nodeType === "FunctionCall" &&
    e.expression.nodeType === "Identifier" &&
    e.expression.name === "revert" &&
    isBuiltin(e.expression.referencedDeclaration)
  );
}

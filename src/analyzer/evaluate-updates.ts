/**
 * Abstract evaluation of the expressions that write storage: assignments (`=`, and `+=`/`-=` as commutative
 * updates; a storage pointer reassigned keeps every location it may denote; a local assigned once on every path
 * takes the value's class), `++`/`--` (a commutative update, its old value read when used) and `delete`
 * (writes zeros deep). `evaluate-expressions.ts` reaches them through the context (`evaluateUpdate`).
 */
import type { Expression } from "solidity-ast";
import type { EvaluationContext, Frame, Val } from "./evaluation-context.js";
import { counterBits } from "./counter-bounds.js";
import { evaluate, evaluateArg } from "./evaluate-expressions.js";
import { type KeySource, deepOf } from "./locations.js";
import { defaultKey } from "./zero-defaults.js";
import { bindSortedPair } from "./sorted-pairs.js";

type Assignment = Extract<Expression, { nodeType: "Assignment" }>;
type Unary = Extract<Expression, { nodeType: "UnaryOperation" }>;

/** An assignment, or a `++`/`--`/`delete`: records its reads and writes; the value of the expression. */
export function evaluateUpdate(c: EvaluationContext, expr: Assignment | Unary, frame: Frame): Val {
  return expr.nodeType === "Assignment" ? assignment(c, expr, frame) : update(c, expr, frame);
}

/** Evaluates an expression statement: a bare `x++`/`x--` discards its value, so it stays a commutative update. */
export function evaluateStatement(c: EvaluationContext, expr: Expression, frame: Frame): void {
  if (expr.nodeType === "UnaryOperation" && (expr.operator === "++" || expr.operator === "--")) {
    c.write(evaluate(c, expr.subExpression, frame).locs, expr.src, true);
    return;
  }
  evaluate(c, expr, frame);
}

function isStoragePointer(c: EvaluationContext, expr: Expression): number | undefined {
  if (expr.nodeType !== "Identifier") return undefined;
  const decl = c.ctx.build.node(expr.referencedDeclaration);
  const local = decl?.nodeType === "VariableDeclaration" && !decl.stateVariable && decl.storageLocation === "storage";
  return local ? decl.id : undefined;
}

function assignment(c: EvaluationContext, expr: Assignment, frame: Frame): Val {
  const pointer = isStoragePointer(c, expr.leftHandSide);
  if (pointer !== undefined) {
    const value = evaluate(c, expr.rightHandSide, frame);
    const old = frame.bindings.get(pointer);
    frame.bindings.set(pointer, { key: value.key, locs: [...(old?.locs ?? []), ...value.locs] });
    return value;
  }
  const value = evaluateArg(c, expr.rightHandSide, frame, false);
  const key = value.key;
  const lhs = expr.leftHandSide;
  const id = lhs.nodeType === "Identifier" ? lhs.referencedDeclaration : undefined;
  if (typeof id === "number" && expr.operator === "=") bindAssigned(c, frame, id, key);
  const targets = lhs.nodeType === "TupleExpression" ? lhs.components : [lhs];
  const commutative = expr.operator === "+=" || expr.operator === "-=";
  for (const target of targets) {
    if (target === null) continue;
    const lhs = evaluate(c, target, frame);
    if (expr.operator !== "=" && !commutative) c.read(lhs.locs, expr.src);
    c.write(lhs.locs, expr.src, commutative, expr.operator === "=" && targets.length === 1 ? value : undefined);
  }
  // `(token0, token1) = a < b ? (a, b) : (b, a)`: the two sorted values (`sorted-pairs.ts`).
  if (targets.length === 2) bindSortedPair(c, expr, frame);
  return { key, locs: [] };
}

/** A local's binding after `id = key`: a get-or-create's default, or a local assigned once on every path. */
function bindAssigned(c: EvaluationContext, frame: Frame, id: number, key: KeySource): void {
  // `x = f(); if (x == 0) x = g();`: from here on `f()` unless it is zero (`zero-defaults.ts`).
  const first = frame.defaults?.get(id);
  if (first !== undefined) {
    frame.defaults?.delete(id);
    frame.bindings.set(id, { key: defaultKey(first, key), locs: [] });
    return;
  }
  // A local assigned once, on every path of its function: from here on it holds the value's class.
  if (frame.once?.has(id) !== true || (frame.depth ?? 0) !== 0) return;
  const decl = c.ctx.build.node(id);
  const local = decl?.nodeType === "VariableDeclaration" && !decl.stateVariable && decl.storageLocation !== "storage";
  if (local) frame.bindings.set(id, { key, locs: [] });
}

function update(c: EvaluationContext, expr: Unary, frame: Frame): Val {
  const target = evaluate(c, expr.subExpression, frame);
  if (expr.operator === "delete") c.write(target.locs.map(deepOf), expr.src, false, "zeros");
  else {
    // The value of `nonces[owner]++` is used: the old value is read.
    c.read(target.locs, expr.src);
    c.write(target.locs, expr.src, true);
  }
  const bits = expr.operator === "delete" ? undefined : counterBits(c.ctx, expr.subExpression, target.locs);
  const text = `${expr.prefix ? expr.operator : ""}${target.locs.map((l) => l.text).join(" | ")}${expr.prefix ? "" : expr.operator}`;
  return { key: { kind: "unknown", reason: `${expr.operator} result`, text, ...(bits ? { bits } : {}) }, locs: [] };
}

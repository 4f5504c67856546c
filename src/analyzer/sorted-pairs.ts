/**
 * A pair of values sorted by a tuple ternary — Uniswap's `sortTokens`:
 * `require(tokenA != tokenB); (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);`.
 * The two locals become `unknown` keys (as before, to the static classes) whose `eval` is `lo(a, b)` / `hi(a, b)`:
 * the smaller and the larger of the two values, which execution evaluates (`key-value-sets.ts`) — a CREATE2 salt
 * hashed from them (`pairFor`) is then one address per pair of calldata elements, not any address.
 *
 * `lo`/`hi` assume the two values differ (`key-value-sets.ts` pairs only different values), so the compared
 * values must be proven different on every path that goes on: a `require(a != b)` (or `b != a`) among the
 * function's own top-level statements, a function without modifiers or an early `return`, neither value ever
 * assigned in it (parameters or locals, never state). The sorted locals must be assigned only there, by a
 * top-level statement of the function (not in a branch or loop), so the binding holds from there on.
 */
import type { Expression, FunctionDefinition } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { EvaluationContext, Frame } from "./evaluation-context.js";
import { evaluate } from "./evaluate-expressions.js";
import { type KeySource, keyText } from "./locations.js";
import { scanMutable } from "./function-scan.js";

type Assignment = Extract<Expression, { nodeType: "Assignment" }>;

/** The declaration ids of a tuple of two plain identifiers, `(x, y)`. */
function twoIds(e: Expression | null | undefined): [number, number] | undefined {
  if (e?.nodeType !== "TupleExpression" || e.components.length !== 2) return undefined;
  const ids = e.components.map((c) => (c?.nodeType === "Identifier" ? c.referencedDeclaration : undefined));
  const [x, y] = ids;
  return typeof x === "number" && typeof y === "number" && x !== y ? [x, y] : undefined;
}

/** `a < b ? (a, b) : (b, a)` and the variants: the compared identifiers and whether position 0 gets the smaller. */
function sortedShape(rhs: Expression): { a: Expression; b: Expression; ascending: boolean } | undefined {
  if (rhs.nodeType !== "Conditional" || rhs.condition.nodeType !== "BinaryOperation") return undefined;
  const cond = rhs.condition;
  if (cond.operator !== "<" && cond.operator !== ">") return undefined;
  const ids = [cond.leftExpression, cond.rightExpression].map((e) =>
    e.nodeType === "Identifier" ? e.referencedDeclaration : undefined,
  );
  const [p, q] = ids;
  const t = twoIds(rhs.trueExpression);
  const f = twoIds(rhs.falseExpression);
  if (typeof p !== "number" || typeof q !== "number" || t === undefined || f === undefined) return undefined;
  if (f[0] !== t[1] || f[1] !== t[0] || !t.includes(p) || !t.includes(q)) return undefined;
  // Position 0 holds the condition's left side when it is true: the smaller one for `<`.
  const leftFirst = t[0] === p;
  return { a: cond.leftExpression, b: cond.rightExpression, ascending: leftFirst === (cond.operator === "<") };
}

/** Whether `require(x != y)` (either order) is a top-level statement of the function before statement `at`. */
function requiredDifferent(fn: FunctionDefinition, x: number, y: number, at: number): boolean {
  return (fn.body?.statements ?? []).slice(0, Math.max(0, at)).some((s) => {
    if (s.nodeType !== "ExpressionStatement" || s.expression.nodeType !== "FunctionCall") return false;
    const call = s.expression;
    const guard = call.arguments[0];
    if (call.expression.nodeType !== "Identifier" || call.expression.name !== "require") return false;
    if (guard?.nodeType !== "BinaryOperation" || guard.operator !== "!=") return false;
    const ids = [guard.leftExpression, guard.rightExpression].map((e) =>
      e.nodeType === "Identifier" ? e.referencedDeclaration : undefined,
    );
    return (ids[0] === x && ids[1] === y) || (ids[0] === y && ids[1] === x);
  });
}

/** How many assignments (`=` or compound, alone or in a tuple) have `id` on their left side. */
function assignments(fn: FunctionDefinition, id: number): number {
  let n = 0;
  for (const a of findAll("Assignment", fn)) {
    const lhs = a.leftHandSide;
    const targets = lhs.nodeType === "TupleExpression" ? lhs.components : [lhs];
    for (const t of targets) if (t?.nodeType === "Identifier" && t.referencedDeclaration === id) n += 1;
  }
  return n;
}

/** Whether the local or parameter `id` is one the function never changes (and not a state variable). */
function fixedLocal(c: EvaluationContext, fn: FunctionDefinition, id: number): boolean {
  const decl = c.ctx.build.node(id);
  return decl?.nodeType === "VariableDeclaration" && !decl.stateVariable && !scanMutable(fn).has(id);
}

/**
 * After `(x, y) = a < b ? (a, b) : (b, a);` (module header's conditions): binds `x` and `y` to the smaller and
 * the larger of `a` and `b` (or the other way round), unknown to the static classes. Does nothing otherwise.
 */
export function bindSortedPair(c: EvaluationContext, expr: Assignment, frame: Frame): void {
  const fn = frame.fn;
  const targets = twoIds(expr.leftHandSide);
  const shape = sortedShape(expr.rightHandSide);
  if (fn === undefined || targets === undefined || shape === undefined || expr.operator !== "=") return;
  if ((frame.depth ?? 0) !== 0 || frame.earlyReturn === true || fn.modifiers.length > 0) return;
  const ids = [shape.a, shape.b].map((e) => (e.nodeType === "Identifier" ? e.referencedDeclaration : undefined));
  const [p, q] = ids;
  const at = (fn.body?.statements ?? []).findIndex(
    (s) => s.nodeType === "ExpressionStatement" && s.expression === expr,
  );
  if (typeof p !== "number" || typeof q !== "number" || at < 0 || !requiredDifferent(fn, p, q, at)) return;
  if (!fixedLocal(c, fn, p) || !fixedLocal(c, fn, q) || targets.some((id) => assignments(fn, id) !== 1)) return;
  const a = evaluate(c, shape.a, frame).key;
  const b = evaluate(c, shape.b, frame).key;
  const [first, second] = shape.ascending ? (["lo", "hi"] as const) : (["hi", "lo"] as const);
  frame.bindings.set(targets[0], { key: sortedKey(first, a, b), locs: [] });
  frame.bindings.set(targets[1], { key: sortedKey(second, a, b), locs: [] });
}

function sortedKey(op: "lo" | "hi", a: KeySource, b: KeySource): KeySource {
  const text = `${op === "lo" ? "min" : "max"}(${keyText(a)}, ${keyText(b)})`;
  return {
    kind: "unknown",
    reason: "one of two sorted values",
    text,
    eval: { kind: "expr", op, args: [a, b], bits: 256, text },
  };
}

/**
 * Conditions of `if`, `require` and `assert`: evaluated once for the reads they make, decided when constants or
 * the path facts decide them (`to == address(0)` after a `to != address(0)` guard), with the facts that hold
 * when they are true and when they are false.
 */
import type { Expression } from "solidity-ast";
import { type EvaluationContext, type Frame, optionally } from "./evaluation-context.js";
import { evaluateArg } from "./evaluate-expressions.js";
import { type KeySource, constValue } from "./locations.js";
import { type Compared, type Condition, type Fact, combine, comparisonFacts, negate } from "./path-facts.js";

function constEquals(a: KeySource, b: KeySource): boolean | undefined {
  if (a.kind === "const" && b.kind === "const" && a.value !== undefined && b.value !== undefined)
    return a.value === b.value;
  const zero = (k: KeySource) => k.kind === "const" && k.value === "0";
  if ((a.kind === "sender" && zero(b)) || (b.kind === "sender" && zero(a))) return false;
  return undefined;
}

/** Evaluates a condition: its truth when constants or path facts decide it, and the facts either way. */
export function evaluateCondition(c: EvaluationContext, cond: Expression, frame: Frame): Condition {
  if (cond.nodeType === "BinaryOperation" && (cond.operator === "==" || cond.operator === "!=")) {
    const a: Compared = evaluateArg(c, cond.leftExpression, frame, false);
    const b: Compared = evaluateArg(c, cond.rightExpression, frame, false);
    const facts = comparisonFacts(a, b, cond.operator === "==");
    const eq = constEquals(a.key, b.key) ?? c.facts.decideEqual(a, b);
    const decided = eq === undefined ? undefined : cond.operator === "==" ? eq : !eq;
    return { ...facts, decided };
  }
  const nonzero = unsignedAboveZero(cond);
  if (nonzero !== undefined) {
    const v: Compared = evaluateArg(c, nonzero, frame, false);
    const zero: Compared = { key: { kind: "const", text: "0", value: "0" } };
    const facts = comparisonFacts(v, zero, false);
    const eq = constEquals(v.key, zero.key) ?? c.facts.decideEqual(v, zero);
    return { ...facts, decided: eq === undefined ? undefined : !eq };
  }
  if (cond.nodeType === "BinaryOperation" && (cond.operator === "&&" || cond.operator === "||")) {
    const l = evaluateCondition(c, cond.leftExpression, frame);
    // Short-circuit: the right side may not run (its callees' guards hold on some paths only).
    const r = optionally(c, () => evaluateCondition(c, cond.rightExpression, frame));
    return combine(l, r, cond.operator === "&&");
  }
  if (cond.nodeType === "UnaryOperation" && cond.operator === "!")
    return negate(evaluateCondition(c, cond.subExpression, frame));
  if (cond.nodeType === "TupleExpression" && cond.components.length === 1 && cond.components[0])
    return evaluateCondition(c, cond.components[0], frame);
  const value = evaluateArg(c, cond, frame, false);
  const zero: KeySource = { kind: "const", text: "false", value: "0" };
  const facts = negate(comparisonFacts(value, { key: zero }, true));
  const known = constValue(value.key);
  // A bare condition is a bool (the language allows nothing else there).
  const bools = (fs: Fact[]): Fact[] => fs.map((f) => ({ ...f, bool: true }));
  return {
    whenTrue: bools(facts.whenTrue),
    whenFalse: bools(facts.whenFalse),
    decided: known === undefined ? undefined : known !== 0n,
  };
}

/** `x > 0` or `0 < x` on an unsigned `x`, which is `x != 0`: the `x`; else undefined. */
function unsignedAboveZero(cond: Expression): Expression | undefined {
  if (cond.nodeType !== "BinaryOperation") return undefined;
  const zero = (e: Expression) => e.nodeType === "Literal" && e.kind === "number" && e.value === "0";
  const unsigned = (e: Expression) => /^uint\d*$/.test(e.typeDescriptions.typeString ?? "");
  if (cond.operator === ">" && zero(cond.rightExpression) && unsigned(cond.leftExpression)) return cond.leftExpression;
  if (cond.operator === "<" && zero(cond.leftExpression) && unsigned(cond.rightExpression)) return cond.rightExpression;
  return undefined;
}

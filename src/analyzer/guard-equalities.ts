/**
 * Equalities a guard establishes between a local and a transaction-level value: after
 * `require(recovered == owner)` (or `if (signer != owner) revert`), the local `recovered` — an `ecrecover`
 * result the analysis cannot place — is `owner`, so `allowance[recovered][spender]` is `allowance[owner][spender]`.
 * Only guards every path passes (outside branches and loops) rebind, and only locals never reassigned.
 */
import type { Expression } from "solidity-ast";
import type { EvaluationContext, Frame } from "./evaluation-context.js";
import type { KeySource } from "./locations.js";
import { trackable } from "./path-facts.js";

function keyOf(c: EvaluationContext, e: Expression, frame: Frame): KeySource | undefined {
  if (e.nodeType === "Identifier") return frame.bindings.get(e.referencedDeclaration ?? -1)?.key;
  if (e.nodeType === "MemberAccess" && e.expression.nodeType === "Identifier") {
    if (e.expression.name === "msg" && e.memberName === "sender") return frame.sender;
    if (e.expression.name === "tx" && e.memberName === "origin") return { kind: "origin" };
  }
  return undefined;
}

function rebind(c: EvaluationContext, local: Expression, other: Expression, frame: Frame): void {
  if (local.nodeType !== "Identifier") return;
  const id = local.referencedDeclaration ?? -1;
  const decl = c.ctx.build.node(id);
  if (decl?.nodeType !== "VariableDeclaration" || decl.stateVariable || frame.mutable.has(id)) return;
  const current = frame.bindings.get(id);
  const key = keyOf(c, other, frame);
  if (current === undefined || trackable(current.key) || key === undefined || !trackable(key)) return;
  frame.bindings.set(id, { key, locs: current.locs });
  // A value read from storage: what was keyed by it before the guard is keyed by `key` on every path that succeeds.
  if (current.ref !== undefined) c.rekey(current.ref, key, frame);
}

/** Rebinds locals a guard proves equal to a transaction-level value (`holds`: the guard makes `cond` true). */
export function bindEqualities(c: EvaluationContext, cond: Expression, frame: Frame, holds: boolean): void {
  if (c.branchDepth > 0) return;
  if (cond.nodeType === "TupleExpression" && cond.components.length === 1 && cond.components[0])
    return bindEqualities(c, cond.components[0], frame, holds);
  if (cond.nodeType === "UnaryOperation" && cond.operator === "!")
    return bindEqualities(c, cond.subExpression, frame, !holds);
  if (cond.nodeType !== "BinaryOperation") return;
  if ((cond.operator === "&&" && holds) || (cond.operator === "||" && !holds)) {
    bindEqualities(c, cond.leftExpression, frame, holds);
    bindEqualities(c, cond.rightExpression, frame, holds);
    return;
  }
  if ((cond.operator === "==" && holds) || (cond.operator === "!=" && !holds)) {
    rebind(c, cond.leftExpression, cond.rightExpression, frame);
    rebind(c, cond.rightExpression, cond.leftExpression, frame);
  }
}

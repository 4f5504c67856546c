/**
 * Payments passed through: a payable entry point that sends on exactly the value it received (a marketplace
 * paying the seller `msg.value` after `if (msg.value != l.price) revert`, a wrapper forwarding `msg.value` to
 * WETH) ends every successful call with the contract's ETH balance unchanged. The runtime records what a
 * transaction finally changed (no-op writes are dropped), so such a function only reads the contract's
 * balance. Recognized on the body's top-level statements only, with no modifier and no early return:
 *
 * - the amount sent is `msg.value`, or an expression `E` a guard before the send proves equal to it
 *   (`require(msg.value == E)`, `if (msg.value != E) revert`), built from a local or parameter that is not a
 *   storage pointer and that the function never assigns or changes in place;
 * - the send is `x.transfer(E)`, a high-level call `I(x).f{value: E}(...)` (both revert when they fail), or
 *   `(bool ok, ) = x.call{value: E}(...)` followed by `require(ok)` / `if (!ok) revert`;
 * - it is the only access writing the contract's balance the function makes (`eth-balance.ts` checks that).
 */
import type { Expression, FunctionDefinition, Statement } from "solidity-ast";
import { isBuiltin } from "./contract-context.js";
import { hasEarlyReturn, scanChangedInPlace, scanMutable } from "./function-scan.js";
import { terminates } from "./path-facts.js";

type Call = Extract<Expression, { nodeType: "FunctionCall" }>;

/** A structural key of `msg.value`, `x`, `x.a.b` (x a declaration); `undefined` for anything else. */
function pathOf(e: Expression): string | undefined {
  if (e.nodeType === "Identifier")
    return isBuiltin(e.referencedDeclaration) ? undefined : `#${e.referencedDeclaration ?? ""}`;
  if (e.nodeType !== "MemberAccess") return undefined;
  const base = e.expression;
  if (base.nodeType === "Identifier" && base.name === "msg" && isBuiltin(base.referencedDeclaration))
    return e.memberName === "value" ? "msg.value" : undefined;
  const inner = pathOf(base);
  return inner === undefined ? undefined : `${inner}.${e.memberName}`;
}

/** `msg.value == E` (or `E == msg.value`; `!=` when `negated`): the path of `E`. */
function equalToValue(e: Expression, negated: boolean): string | undefined {
  if (e.nodeType !== "BinaryOperation" || e.operator !== (negated ? "!=" : "==")) return undefined;
  const [a, b] = [pathOf(e.leftExpression), pathOf(e.rightExpression)];
  return a === "msg.value" ? b : b === "msg.value" ? a : undefined;
}

function isRequire(e: Expression): e is Call {
  return e.nodeType === "FunctionCall" && e.expression.nodeType === "Identifier" && e.expression.name === "require";
}

/** The path a guard statement proves equal to `msg.value`. */
function guardEquality(s: Statement): string | undefined {
  if (s.nodeType === "ExpressionStatement" && isRequire(s.expression) && s.expression.arguments[0] !== undefined)
    return equalToValue(s.expression.arguments[0], false);
  if (s.nodeType === "IfStatement" && s.falseBody == null && terminates(s.trueBody) === "revert")
    return equalToValue(s.condition, true);
  return undefined;
}

/** Whether a statement reverts unless the local `ok` is true. */
function checksSuccess(s: Statement, ok: number): boolean {
  const isOk = (e: Expression | undefined) => e?.nodeType === "Identifier" && e.referencedDeclaration === ok;
  if (s.nodeType === "ExpressionStatement" && isRequire(s.expression)) return isOk(s.expression.arguments[0]);
  if (s.nodeType !== "IfStatement" || s.falseBody != null || terminates(s.trueBody) !== "revert") return false;
  const c = s.condition;
  return c.nodeType === "UnaryOperation" && c.operator === "!" && isOk(c.subExpression);
}

/** The amount a call sends and whether a failure reverts by itself (`transfer`, high-level calls). */
function sent(call: Expression | null | undefined): { amount: Expression; reverts: boolean; src: string } | undefined {
  if (call?.nodeType !== "FunctionCall") return undefined;
  const callee = call.expression;
  if (callee.nodeType === "MemberAccess" && callee.memberName === "transfer") {
    const amount = call.arguments[0];
    const address = /^address/.test(callee.expression.typeDescriptions.typeString ?? "");
    return address && amount !== undefined ? { amount, reverts: true, src: call.src } : undefined;
  }
  if (callee.nodeType !== "FunctionCallOptions") return undefined;
  const amount = callee.options[callee.names.indexOf("value")];
  const inner = callee.expression;
  if (amount === undefined || inner.nodeType !== "MemberAccess") return undefined;
  const lowLevel = inner.memberName === "call" && /^address/.test(inner.expression.typeDescriptions.typeString ?? "");
  return { amount, reverts: !lowLevel, src: call.src };
}

/** The send statement at `i` (with its success check later on) and its amount's path and source. */
function sendAt(statements: Statement[], i: number): { path: string; src: string } | undefined {
  const s = statements[i];
  const expr =
    s?.nodeType === "ExpressionStatement"
      ? s.expression
      : s?.nodeType === "VariableDeclarationStatement"
        ? s.initialValue
        : undefined;
  const found = sent(expr);
  const path = found === undefined ? undefined : pathOf(found.amount);
  if (found === undefined || path === undefined) return undefined;
  if (found.reverts) return { path, src: found.src };
  const ok = s?.nodeType === "VariableDeclarationStatement" ? s.declarations[0]?.id : undefined;
  const checked = ok !== undefined && statements.slice(i + 1).some((t) => checksSuccess(t, ok));
  return checked ? { path, src: found.src } : undefined;
}

/** Whether the declaration a path starts at keeps its value for the whole function (not a storage pointer). */
function stable(fn: FunctionDefinition, path: string): boolean {
  if (path === "msg.value") return true;
  const id = Number(/^#(\d+)/.exec(path)?.[1]);
  const declared = [...fn.parameters.parameters, ...findLocals(fn)].find((d) => d.id === id);
  return (
    declared !== undefined &&
    declared.storageLocation !== "storage" &&
    !scanMutable(fn).has(id) &&
    !scanChangedInPlace(fn).has(id)
  );
}

function findLocals(fn: FunctionDefinition) {
  return (fn.body?.statements ?? []).flatMap((s) =>
    s.nodeType === "VariableDeclarationStatement" ? s.declarations.filter((d) => d !== null) : [],
  );
}

/**
 * The `src` of the call by which a payable entry point sends on exactly the value it received, when it does
 * (see above); `undefined` otherwise.
 */
export function passThroughSend(fn: FunctionDefinition): string | undefined {
  const body = fn.body;
  if (fn.stateMutability !== "payable" || body == null || hasEarlyReturn(body)) return undefined;
  if (fn.modifiers.some((m) => m.kind !== "baseConstructorSpecifier")) return undefined;
  const statements = body.statements ?? [];
  const proven = new Set<string>(["msg.value"]);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (s === undefined) continue;
    const send = sendAt(statements, i);
    if (send !== undefined && proven.has(send.path) && stable(fn, send.path)) return send.src;
    const equal = guardEquality(s);
    if (equal !== undefined) proven.add(equal);
  }
  return undefined;
}

/**
 * The "get or create" idiom: `address pair = factory.getPair(a, b); if (pair == address(0)) pair =
 * factory.createPair(a, b);`. A local declared with a value and assigned only by the `if` right after it, which
 * tests it against zero, holds the first value when that is not zero and the second otherwise: an `expr` key of
 * op `default` over the two, which execution evaluates (`key-values.ts`) — the getter's return once the record
 * tells it, else the replacement's. Without the rule the local is reassigned, so unknown everywhere.
 */
import type { Expression, Statement } from "solidity-ast";
import { type KeySource, keyText } from "./locations.js";

type If = Extract<Statement, { nodeType: "IfStatement" }>;

/** Whether `e` is the constant 0 (`0`, `address(0)`, `uint256(0)`). */
function isZero(e: Expression): boolean {
  if (e.nodeType === "Literal") return e.kind === "number" && e.value === "0";
  if (e.nodeType !== "FunctionCall" || e.kind !== "typeConversion" || e.arguments.length !== 1) return false;
  const [arg] = e.arguments;
  return arg !== undefined && isZero(arg);
}

const refersTo = (e: Expression, id: number) => e.nodeType === "Identifier" && e.referencedDeclaration === id;

/** The assignment `x = y` that is the whole of `body` (a block of one statement too). */
function soleAssignment(body: Statement, id: number): boolean {
  const inner = body.nodeType === "Block" && body.statements?.length === 1 ? body.statements[0] : body;
  if (inner?.nodeType !== "ExpressionStatement" || inner.expression.nodeType !== "Assignment") return false;
  return inner.expression.operator === "=" && refersTo(inner.expression.leftHandSide, id);
}

/**
 * The local `declaration` declares when the statement after it is `if (x == 0) x = y;` (no `else`) and that is
 * the local's only assignment in the function (`once`: assigned once, by a plain `=`, never in assembly).
 */
export function zeroDefault(
  declaration: Statement,
  next: Statement | undefined,
  once: ReadonlySet<number> | undefined,
): number | undefined {
  if (declaration.nodeType !== "VariableDeclarationStatement" || declaration.declarations.length !== 1)
    return undefined;
  const decl = declaration.declarations[0];
  if (decl == null || declaration.initialValue == null || decl.storageLocation !== "default") return undefined;
  if (next?.nodeType !== "IfStatement" || next.falseBody != null || once?.has(decl.id) !== true) return undefined;
  const cond: If["condition"] = next.condition;
  if (cond.nodeType !== "BinaryOperation" || cond.operator !== "==") return undefined;
  const tested =
    (refersTo(cond.leftExpression, decl.id) && isZero(cond.rightExpression)) ||
    (refersTo(cond.rightExpression, decl.id) && isZero(cond.leftExpression));
  return tested && soleAssignment(next.trueBody, decl.id) ? decl.id : undefined;
}

/** `first` when it is not zero, else `replacement` (op `default`). */
export function defaultKey(first: KeySource, replacement: KeySource): KeySource {
  const text = `${keyText(first)} ?: ${keyText(replacement)}`;
  return { kind: "expr", op: "default", args: [first, replacement], bits: 256, text };
}

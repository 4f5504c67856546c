/**
 * Abstract evaluation of Solidity expressions: each expression becomes a `Val` — the class of its value as a
 * mapping key (msg.sender, a parameter, a constant, a storage read, an external call's return, unknown) and
 * the storage locations it denotes. Reading a location is recorded only where its value is used, so
 * `m[a][b].x = v` records one write and no reads, and storage pointers pass through unread. Assignments and
 * `++`/`--`/`delete` are `evaluate-updates.ts`, calls `evaluate-calls.ts` (both reached through the context).
 */
import type { Expression, VariableDeclaration } from "solidity-ast";
import { type EvaluationContext, type Frame, type Val, optionally } from "./evaluation-context.js";
import { isBuiltin } from "./contract-context.js";
import { creationCodeOf } from "./created-class.js";
import { alternatives, distribute, narrowed } from "./key-alternatives.js";
import { mergeReturns } from "./merge-values.js";
import { binaryKey, elementSlots } from "./operator-keys.js";
import { copiedMember, readValue } from "./read-values.js";
import { type KeySource, indexOf, lengthOf, memberOf } from "./locations.js";
import { selectorOfDecl } from "./call-edges.js";
import { readBalance } from "./eth-balance.js";
import { elementOf, withKeptElements } from "./memory-arrays.js";
import { CALLDATA, CALLDATA_SIZE, isCalldataSize, isMsgData } from "./calldata-keys.js";
import { calldataElement } from "./calldata-arrays.js";

const unknown = (reason: string): Val => ({ key: { kind: "unknown", reason }, locs: [] });

function literalKey(node: Extract<Expression, { nodeType: "Literal" }>): KeySource {
  const text = node.value ?? node.hexValue;
  if (node.kind === "bool") return { kind: "const", text, value: text === "true" ? "1" : "0" };
  const plain = node.kind === "number" && !node.subdenomination && /^(0x[0-9a-fA-F]+|\d+)$/.test(text);
  return plain ? { kind: "const", text, value: BigInt(text).toString() } : { kind: "const", text };
}

/** The key class of an expression's value, recording reads of any storage it denotes. */
export function rvalueKey(c: EvaluationContext, expr: Expression, frame: Frame): KeySource {
  const v = evaluate(c, expr, frame);
  if (v.locs.length === 0) return v.key;
  return readValue(c, v, expr.src).key;
}

/** An argument for a parameter: storage parameters take locations unread, others the value (`readValue`). */
export function evaluateArg(c: EvaluationContext, expr: Expression, frame: Frame, storage: boolean): Val {
  const v = evaluate(c, expr, frame);
  if (storage || v.locs.length === 0) return v;
  return readValue(c, v, expr.src);
}

/** The initial value of a local: storage pointers keep locations, value locals get the class. */
export function evaluateLocal(
  c: EvaluationContext,
  expr: Expression,
  decl: VariableDeclaration | null | undefined,
  frame: Frame,
): Val {
  return evaluateArg(c, expr, frame, decl?.storageLocation === "storage");
}

/**
 * The values of a `return` or tuple initializer, one per position; `storage[i]`: position `i` is a storage
 * pointer (kept as locations, not read). `cond ? (a, b) : (b, a)` merges both tuples position by position.
 */
export function returnVals(
  c: EvaluationContext,
  expr: Expression,
  frame: Frame,
  storage: readonly boolean[] = frame.returnStorage,
): Val[] {
  if (expr.nodeType === "TupleExpression" && expr.components.length > 1) {
    return expr.components.map((e, i) => (e ? evaluateArg(c, e, frame, storage[i] === true) : unknown("empty")));
  }
  if (expr.nodeType === "Conditional" && storage.length > 1) {
    rvalueKey(c, expr.condition, frame);
    const a = returnVals(c, expr.trueExpression, frame, storage);
    return mergeReturns([a, returnVals(c, expr.falseExpression, frame, storage)]);
  }
  if (expr.nodeType === "FunctionCall") return c.evaluateCall(expr, frame);
  return [evaluateArg(c, expr, frame, storage[0] === true)];
}

/** Evaluates an expression to its value class and the storage locations it denotes (nothing read yet). */
export function evaluate(c: EvaluationContext, expr: Expression, frame: Frame): Val {
  switch (expr.nodeType) {
    case "Identifier":
      return identifier(c, expr, frame);
    case "MemberAccess":
      return member(c, expr, frame);
    case "IndexAccess":
      return index(c, expr, frame);
    case "Literal":
      return { key: literalKey(expr), locs: [] };
    case "Assignment":
      return c.evaluateUpdate(expr, frame);
    case "UnaryOperation":
      return unary(c, expr, frame);
    case "BinaryOperation":
      return binary(c, expr, frame);
    case "FunctionCall":
      return c.evaluateCall(expr, frame)[0] ?? unknown("no return value");
    case "TupleExpression":
      return tuple(c, expr, frame);
    case "Conditional": {
      rvalueKey(c, expr.condition, frame);
      const a = optionally(c, () => evaluate(c, expr.trueExpression, frame));
      const b = optionally(c, () => evaluate(c, expr.falseExpression, frame));
      return mergeReturns([[a], [b]])[0] ?? unknown("conditional");
    }
    case "ElementaryTypeNameExpression":
      return { key: { kind: "const", text: expr.typeName.name }, locs: [] };
    default:
      for (const child of childExpressions(expr)) rvalueKey(c, child, frame);
      return unknown(expr.nodeType);
  }
}

function childExpressions(expr: Expression): Expression[] {
  if (expr.nodeType === "IndexRangeAccess")
    return [expr.baseExpression, expr.startExpression, expr.endExpression].filter((e): e is Expression => !!e);
  if (expr.nodeType === "FunctionCallOptions") return [expr.expression, ...expr.options];
  return [];
}

function identifier(c: EvaluationContext, expr: Extract<Expression, { nodeType: "Identifier" }>, frame: Frame): Val {
  const id = expr.referencedDeclaration;
  const found = id === undefined || id === null ? undefined : frame.bindings.get(id);
  const bound = found === undefined || typeof id !== "number" ? found : withKeptElements(c.ctx, found, id, frame);
  if (bound !== undefined)
    return bound.ref === undefined ? bound : { ...bound, key: narrowed(c, bound.key, bound.ref) };
  if (expr.name === "this") return { key: { kind: "const", text: "this" }, locs: [] };
  const decl = c.ctx.build.node(id);
  if (decl === undefined) return unknown(expr.name);
  if (decl.nodeType === "FunctionDefinition")
    return { key: { kind: "const", text: expr.name }, locs: [], fns: [decl.id] };
  if (decl.nodeType !== "VariableDeclaration") return { key: { kind: "const", text: expr.name }, locs: [] };
  if (!decl.stateVariable) return unknown(`local ${expr.name}`);
  if (decl.constant) {
    const value = c.ctx.build.constants.ofVariable(decl);
    return {
      key: { kind: "const", text: decl.name, ...(value === undefined ? {} : { value: value.toString() }) },
      locs: [],
    };
  }
  const loc = c.ctx.stateVariable(decl);
  const immutable = decl.mutability === "immutable" ? { immutable: true as const } : {};
  if (loc === undefined) return { key: { kind: "const", text: decl.name, ...immutable }, locs: [] };
  return { key: { kind: "storage", text: loc.text }, locs: [loc] };
}

function member(c: EvaluationContext, expr: Extract<Expression, { nodeType: "MemberAccess" }>, frame: Frame): Val {
  if (isCalldataSize(expr)) return { key: CALLDATA_SIZE, locs: [] };
  // The entry point's own calldata: not in a frame run by a call to `this` (other calldata).
  if (isMsgData(expr)) return frame.sender.kind === "sender" ? { key: CALLDATA, locs: [] } : unknown("msg.data");
  const base = expr.expression;
  const name = expr.memberName;
  const magic =
    base.nodeType === "Identifier" &&
    (isBuiltin(base.referencedDeclaration) || c.ctx.build.node(base.referencedDeclaration) === undefined);
  if (base.nodeType === "Identifier" && magic) {
    if (base.name === "msg" && name === "sender") return { key: frame.sender, locs: [] };
    if (base.name === "tx" && name === "origin") return { key: { kind: "origin" }, locs: [] };
    return unknown(`${base.name}.${name}`);
  }
  const selector = name === "selector" ? selectorKey(c, base) : undefined;
  if (selector !== undefined) return { key: selector, locs: [] };
  const decl = c.ctx.build.node(expr.referencedDeclaration);
  if (decl !== undefined) {
    if (decl.nodeType === "VariableDeclaration" && decl.constant) {
      const value = c.ctx.build.constants.ofVariable(decl);
      return {
        key: { kind: "const", text: decl.name, ...(value === undefined ? {} : { value: value.toString() }) },
        locs: [],
      };
    }
    if (decl.nodeType === "EnumValue") return { key: { kind: "const", text: `${decl.name}` }, locs: [] };
  }
  const creationOf = creationCodeOf(expr);
  if (creationOf !== undefined) return { ...unknown(`creation code of ${creationOf}`), creationOf };
  const v = evaluate(c, base, frame);
  if (name === "balance" && /^address/.test(base.typeDescriptions.typeString ?? "")) {
    readBalance(c, v.locs.length > 0 ? rvalueKey(c, base, frame) : v.key, expr.src);
    return unknown("ETH balance");
  }
  if (v.copied !== undefined) return copiedMember(c, v, v.copied, name);
  if (v.locs.length > 0) {
    const locs = v.locs.map((l) => (name === "length" ? lengthOf(l) : memberOf(l, name)));
    return { key: { kind: "storage", text: locs.map((l) => l.text).join(" | ") }, locs };
  }
  if (v.key.kind === "param") {
    const at = v.key.name.includes(".") ? undefined : calldataMember(c, expr);
    return { key: { ...v.key, name: `${v.key.name}.${name}`, ...(at === undefined ? {} : { member: at }) }, locs: [] };
  }
  if (v.key.kind === "const") return { key: { kind: "const", text: `${v.key.text}.${name}` }, locs: [] };
  // A member of a struct copied out of storage (`Listing memory l = listings[id]; l.seller`) is a storage value.
  if (v.key.kind === "storage") return { key: { kind: "storage", text: `${v.key.text}.${name}` }, locs: [] };
  return unknown(`member ${name}`);
}

/**
 * The position of a one-word member of a calldata struct (`request.to` of `ForwardRequestData calldata`):
 * calldata cannot change, so execution reads the member from the transaction's calldata (`key-values.ts`).
 */
function calldataMember(c: EvaluationContext, expr: Extract<Expression, { nodeType: "MemberAccess" }>) {
  if (!/^struct .* calldata$/.test(expr.expression.typeDescriptions.typeString ?? "")) return undefined;
  const decl = c.ctx.build.node(expr.referencedDeclaration);
  const struct = decl?.nodeType === "VariableDeclaration" ? c.ctx.build.node(decl.scope) : undefined;
  if (decl?.nodeType !== "VariableDeclaration" || struct?.nodeType !== "StructDefinition") return undefined;
  if (!/^(?:address|uint\d*|bytes32)$/.test(decl.typeDescriptions.typeString ?? "")) return undefined;
  const at = struct.members.findIndex((m) => m.id === decl.id);
  return at < 0 ? undefined : at;
}

/** `IERC20.transfer.selector`, `token.transfer.selector`: the function's selector as a constant. */
function selectorKey(c: EvaluationContext, fn: Expression): KeySource | undefined {
  const ref = fn.nodeType === "MemberAccess" || fn.nodeType === "Identifier" ? fn.referencedDeclaration : null;
  const decl = c.ctx.build.node(ref);
  if (decl?.nodeType !== "FunctionDefinition") return undefined;
  const selector = selectorOfDecl(decl);
  return { kind: "const", text: `${decl.name}.selector`, value: BigInt(`0x${selector}`).toString() };
}

function index(c: EvaluationContext, expr: Extract<Expression, { nodeType: "IndexAccess" }>, frame: Frame): Val {
  const base = evaluate(c, expr.baseExpression, frame);
  const value: Val = expr.indexExpression ? evaluateArg(c, expr.indexExpression, frame, false) : unknown("no index");
  const key = value.key;
  if (base.locs.length > 0) {
    const keys = alternatives(key);
    const ref = keys.length === 1 ? value.ref : undefined;
    const locs = base.locs.flatMap((l) => keys.map((k) => indexOf(l, k, ref)));
    return { key: { kind: "storage", text: locs.map((l) => l.text).join(" | ") }, locs };
  }
  const element = base.locs.length === 0 ? calldataElement(expr.baseExpression, base.key) : undefined;
  return elementOf(base) ?? (element ? { key: element, locs: [] } : unknown("element of a memory or calldata value"));
}

function unary(c: EvaluationContext, expr: Extract<Expression, { nodeType: "UnaryOperation" }>, frame: Frame): Val {
  if (expr.operator === "++" || expr.operator === "--" || expr.operator === "delete")
    return c.evaluateUpdate(expr, frame);
  const key = rvalueKey(c, expr.subExpression, frame);
  return key.kind === "const"
    ? { key: { kind: "const", text: `${expr.operator}${key.text}` }, locs: [] }
    : unknown("computed value");
}

/** An operand's value class (storage it denotes read), keeping a derived slot. */
function operand(c: EvaluationContext, expr: Expression, frame: Frame): Val {
  const v = evaluate(c, expr, frame);
  if (v.locs.length === 0) return v;
  return readValue(c, v, expr.src);
}

function binary(c: EvaluationContext, expr: Extract<Expression, { nodeType: "BinaryOperation" }>, frame: Frame): Val {
  const va = operand(c, expr.leftExpression, frame);
  const lazy = expr.operator === "&&" || expr.operator === "||";
  const vb = lazy
    ? optionally(c, () => operand(c, expr.rightExpression, frame))
    : operand(c, expr.rightExpression, frame);
  const derived =
    expr.operator === "+" ? (elementSlots(va.slotOf, vb.key) ?? elementSlots(vb.slotOf, va.key)) : undefined;
  if (derived !== undefined)
    return { key: { kind: "unknown", reason: "slot derived from an array" }, locs: [], slotOf: derived };
  return { key: distribute(va.key, vb.key, (x, y, distributed) => binaryKey(c, expr, x, y, distributed)), locs: [] };
}

function tuple(c: EvaluationContext, expr: Extract<Expression, { nodeType: "TupleExpression" }>, frame: Frame): Val {
  const [only] = expr.components;
  if (expr.components.length === 1 && only) return evaluate(c, only, frame);
  for (const e of expr.components) if (e) rvalueKey(c, e, frame);
  return unknown("tuple");
}

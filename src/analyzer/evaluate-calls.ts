/**
 * Abstract evaluation of function calls. Internal, private, library (bound or not), `super` and self
 * (`this.f()`) calls are inlined through the collector with arguments bound; virtual calls go to the most
 * derived override (C3). Calls out of the contract are `evaluate-external-calls.ts`; calls through unknown
 * function values are unknown accesses (they run code the analysis cannot see on this storage).
 */
import type { Expression, FunctionDefinition } from "solidity-ast";
import { type EvaluationContext, type Frame, type Val, optionally } from "./evaluation-context.js";
import { isBuiltin } from "./contract-context.js";
import { evaluateCondition } from "./evaluate-conditions.js";
import { ENCODERS, encodedCall, hashKey, narrowEval, narrowHash } from "./abi-encoding.js";
import { erc7201Slot } from "./constants.js";
import { bindEqualities } from "./guard-equalities.js";
import { evaluate, evaluateArg, rvalueKey } from "./evaluate-expressions.js";
import { mergeReturns } from "./merge-values.js";
import { type KeySource, dataOf, indexOf, keyText, lengthOf } from "./locations.js";
import { sendValue, valueRecipient } from "./eth-balance.js";
import { LOW_LEVEL, externalCall, lowLevel, record } from "./evaluate-external-calls.js";
import { addressSliceStart, calldataAddressKey } from "./calldata-keys.js";
import { packedForward } from "./forwarded-calldata.js";

type Call = Extract<Expression, { nodeType: "FunctionCall" }>;
type Member = Extract<Expression, { nodeType: "MemberAccess" }>;

const unknown = (reason: string): Val => ({ key: { kind: "unknown", reason }, locs: [] });

function args(c: EvaluationContext, call: Call, frame: Frame): KeySource[] {
  return call.arguments.map((a) => rvalueKey(c, a, frame));
}

/** Evaluates a function call; returns one `Val` per returned value. */
export function evaluateCall(c: EvaluationContext, call: Call, frame: Frame): Val[] {
  const values = evaluateCallValues(c, call, frame);
  // ETH sent with the call: this contract's balance and the recipient's (`eth-balance.ts`).
  const recipient = call.kind === "functionCall" ? valueRecipient(call, (e) => rvalueKey(c, e, frame)) : undefined;
  if (recipient !== undefined) sendValue(c, recipient, call.src);
  return values;
}

function evaluateCallValues(c: EvaluationContext, call: Call, frame: Frame): Val[] {
  if (call.kind === "typeConversion") return [conversion(c, call, frame)];
  if (call.kind === "structConstructorCall") return [structValue(c, call, frame)];
  let callee = call.expression;
  if (callee.nodeType === "FunctionCallOptions") {
    for (const o of callee.options) rvalueKey(c, o, frame);
    callee = callee.expression;
  }
  if (callee.nodeType === "Identifier") return identifierCall(c, call, callee, frame);
  if (callee.nodeType === "MemberAccess") return memberCall(c, call, callee, frame);
  if (callee.nodeType !== "NewExpression") {
    // `_castToPure(f)(payload)`: a computed internal function value whose targets are known.
    const value = evaluate(c, callee, frame);
    if (value.fns !== undefined && value.fns.length > 0) return pointerCall(c, call, value.fns, frame);
  }
  const values = args(c, call, frame);
  if (callee.nodeType === "NewExpression" && callee.typeName.nodeType !== "UserDefinedTypeName") {
    const length = values[0]?.kind === "const" ? values[0].value : undefined;
    return [{ key: { kind: "unknown", reason: "new array", ...(length === undefined ? {} : { length }) }, locs: [] }];
  }
  if (callee.nodeType === "NewExpression") {
    record(c, "create", `new ${callee.typeName.typeDescriptions.typeString ?? "contract"}`, "constructor", call.src);
    const created = callee.typeName.typeDescriptions.typeString ?? "contract";
    return [{ key: { kind: "external-call", text: `new ${created}` }, locs: [] }];
  }
  c.unknown("write", "call through a computed function value", call.src);
  return [unknown("computed call")];
}

/**
 * An argument of `this.f(...)`: an array parameter passed on is a copy of what it holds now, which a memory array
 * changed in place no longer shares with the transaction's calldata (`calldata-arrays.ts` reads elements there).
 */
function selfCallArg(arg: Expression, key: KeySource): KeySource {
  const array = key.kind === "param" && (arg.typeDescriptions.typeString ?? "").includes("[]");
  return array ? { kind: "unknown", reason: `array ${key.name} passed to an external self-call` } : key;
}

/** `S(a, b)` / `S({x: a, y: b})`: a struct value with the key class of each member. */
function structValue(c: EvaluationContext, call: Call, frame: Frame): Val {
  const keys = call.arguments.map((a) => rvalueKey(c, a, frame));
  const e = call.expression;
  const def = c.ctx.build.node(
    e.nodeType === "Identifier" || e.nodeType === "MemberAccess" ? e.referencedDeclaration : null,
  );
  if (def?.nodeType !== "StructDefinition") return unknown("struct value");
  const names = call.names.length > 0 ? call.names : def.members.map((m) => m.name);
  const fields = new Map(names.map((n, i): [string, KeySource] => [n, keys[i] ?? unknown("member").key]));
  return { key: { kind: "unknown", reason: "struct value" }, locs: [], fields };
}

function conversion(c: EvaluationContext, call: Call, frame: Frame): Val {
  const [arg] = call.arguments;
  if (arg === undefined) return unknown("conversion");
  if (call.expression.nodeType === "Identifier" || call.expression.nodeType === "MemberAccess") {
    // UDVT `wrap`/`unwrap` and contract-type conversions keep the value's class.
  }
  const type = call.typeDescriptions.typeString ?? "";
  const sliceStart = type.startsWith("address") ? addressSliceStart(arg) : undefined;
  if (sliceStart !== undefined) {
    const start = rvalueKey(c, sliceStart, frame);
    return { key: calldataAddressKey(start, `address(bytes20(msg.data[${keyText(start)}:]))`), locs: [] };
  }
  const v = evaluate(c, arg, frame);
  if (v.locs.length > 0) return { key: rvalueKey(c, arg, frame), locs: [] };
  if (v.key.kind === "const" && /^(address|uint\d*|int\d*|bytes\d+)/.test(type)) {
    // An unsigned or address conversion keeps the low bits (`address(uint160(uint256(keccak256(...))))`).
    const bits = type.startsWith("address") ? 160 : Number(/^uint(\d+)$/.exec(type)?.[1] ?? 256);
    const value = v.key.value === undefined ? undefined : BigInt(v.key.value);
    const kept = value !== undefined && value >= 0n ? value & ((1n << BigInt(bits)) - 1n) : value;
    const text = `${type.split(" ")[0]}(${v.key.text})`;
    return { key: { ...v.key, text, ...(kept === undefined ? {} : { value: kept.toString() }) }, locs: [] };
  }
  const narrowed = narrowHash(v.key, type);
  if (narrowed !== undefined) return { key: narrowed, locs: [] };
  // A key execution computes (`eval`) keeps the bits the type keeps.
  const kept = narrowEval(v.key, type);
  if (kept.kind !== "unknown" || kept.code !== true) return kept === v.key ? v : { ...v, key: kept };
  // A CREATE2 address stays one as an address or a wide enough unsigned integer, not as anything narrower.
  const wide = /^address\b/.test(type) || Number(/^uint(\d*)$/.exec(type)?.[1] || 256) >= 160;
  if (wide && /^(address|uint)/.test(type)) return kept === v.key ? v : { ...v, key: kept };
  const { code: _code, ...key } = kept;
  return { ...v, key };
}

function bind(c: EvaluationContext, fn: FunctionDefinition, exprs: readonly Expression[], frame: Frame): Val[] {
  return exprs.map((e, i) => evaluateArg(c, e, frame, fn.parameters.parameters[i]?.storageLocation === "storage"));
}

function identifierCall(
  c: EvaluationContext,
  call: Call,
  callee: Extract<Expression, { nodeType: "Identifier" }>,
  frame: Frame,
): Val[] {
  const decl = c.ctx.build.node(callee.referencedDeclaration);
  const [first, ...rest] = call.arguments;
  if (decl === undefined && (callee.name === "require" || callee.name === "assert") && first !== undefined) {
    // The rest of the path only runs when the condition holds.
    const cond = evaluateCondition(c, first, frame);
    for (const a of rest) rvalueKey(c, a, frame);
    c.assume(cond.whenTrue, frame);
    bindEqualities(c, first, frame, true);
    return [];
  }
  const hashed = decl === undefined && callee.name === "keccak256" ? hashKey(c, first, frame) : undefined;
  if (hashed !== undefined) return [{ key: hashed, locs: [] }];
  if (decl === undefined) {
    args(c, call, frame);
    // `selfdestruct(to)` sends the whole balance.
    if (callee.name === "selfdestruct" && first !== undefined) sendValue(c, rvalueKey(c, first, frame), call.src);
    return [unknown(`${callee.name}(...)`)];
  }
  if (decl.nodeType === "FunctionDefinition") {
    const target = c.ctx.dispatch(decl);
    return c.invoke(target, bind(c, target, call.arguments, frame), frame.sender);
  }
  const pointed = decl.nodeType === "VariableDeclaration" ? frame.bindings.get(decl.id)?.fns : undefined;
  if (pointed !== undefined && pointed.length > 0) return pointerCall(c, call, pointed, frame);
  args(c, call, frame);
  if (decl.nodeType === "VariableDeclaration") {
    const type = decl.typeDescriptions.typeString ?? "";
    const mutability = /\bpure\b/.test(type) ? "pure" : /\bview\b/.test(type) ? "view" : "nonpayable";
    if (/\bexternal\b/.test(type))
      record(c, mutability === "nonpayable" ? "call" : "staticcall", decl.name, "<function value>", call.src);
    else
      c.opaque(
        { name: decl.name, stateMutability: mutability, src: call.src },
        "call through an internal function pointer",
      );
  }
  return [unknown(`${callee.name}(...)`)];
}

/** A call through an internal function pointer whose possible targets are known: each target, results merged. */
function pointerCall(c: EvaluationContext, call: Call, fns: number[], frame: Frame): Val[] {
  const results = fns.map((id) => {
    const target = c.ctx.dispatch(c.ctx.build.deref("FunctionDefinition", id));
    const run = () => c.invoke(target, bind(c, target, call.arguments, frame), frame.sender);
    // One of several functions runs: none of them on every path, and none's guards hold after the call.
    return fns.length > 1 ? optionally(c, run) : run();
  });
  return mergeReturns(results);
}

function memberCall(c: EvaluationContext, call: Call, callee: Member, frame: Frame): Val[] {
  const base = callee.expression;
  const decl = c.ctx.build.node(callee.referencedDeclaration);
  if (decl?.nodeType === "FunctionDefinition") return functionMember(c, call, callee, decl, frame);
  if (decl?.nodeType === "VariableDeclaration") return externalCall(c, call, callee, "staticcall", frame);
  const magic =
    isBuiltin(base.nodeType === "Identifier" ? base.referencedDeclaration : 0) ||
    (base.nodeType === "Identifier" && c.ctx.build.node(base.referencedDeclaration) === undefined);
  if (base.nodeType === "Identifier" && magic && base.name === "abi" && ENCODERS.has(callee.memberName))
    return [encodedCall(c, call, callee.memberName, frame)];
  const abi = base.nodeType === "Identifier" && magic && base.name === "abi";
  const packed = abi && callee.memberName === "encodePacked" ? packedForward(c, call, frame) : undefined;
  if (packed !== undefined) return [packed];
  if (base.nodeType === "Identifier" && magic && base.name !== "this") {
    args(c, call, frame);
    return [unknown(`${base.name}.${callee.memberName}(...)`)];
  }
  const name = callee.memberName;
  if (name === "push" || name === "pop") return arrayOp(c, call, callee, frame);
  if (LOW_LEVEL.has(name) && /^address/.test(base.typeDescriptions.typeString ?? ""))
    return lowLevel(c, call, callee, frame);
  if (/\bexternal\b/.test(callee.typeDescriptions.typeString ?? ""))
    return externalCall(c, call, callee, "call", frame);
  if (name === "wrap" || name === "unwrap") return call.arguments[0] ? [evaluate(c, call.arguments[0], frame)] : [];
  rvalueKey(c, base, frame);
  args(c, call, frame);
  return [unknown(`${name}(...)`)];
}

function functionMember(
  c: EvaluationContext,
  call: Call,
  callee: Member,
  decl: FunctionDefinition,
  frame: Frame,
): Val[] {
  const base = callee.expression;
  const baseType = base.typeDescriptions.typeString ?? "";
  if (base.nodeType === "Identifier" && base.name === "super") {
    const target = c.ctx.dispatch(decl, frame.owner);
    return c.invoke(target, bind(c, target, call.arguments, frame), frame.sender);
  }
  const library = c.ctx.build.node(decl.scope);
  if (library?.nodeType === "ContractDefinition" && library.contractKind === "library") {
    const bound = !baseType.startsWith("type(library");
    const exprs = bound ? [base, ...call.arguments] : call.arguments;
    const namespace = library.name === "SlotDerivation" && decl.name === "erc7201Slot" ? exprs[0] : undefined;
    if (namespace?.nodeType === "Literal" && namespace.kind === "string" && typeof namespace.value === "string") {
      // `SlotDerivation.erc7201Slot("id")`: the ERC-7201 formula on a literal is a constant slot.
      const value = erc7201Slot(namespace.value).toString();
      return [{ key: { kind: "const", text: `erc7201Slot("${namespace.value}")`, value }, locs: [] }];
    }
    return c.invoke(decl, bind(c, decl, exprs, frame), frame.sender);
  }
  if (baseType.startsWith("type(contract") && c.ctx.inLinearization(decl.scope)) {
    return c.invoke(decl, bind(c, decl, call.arguments, frame), frame.sender);
  }
  if (base.nodeType === "Identifier" && base.name === "this") {
    record(c, "call", "this", decl.name, call.src);
    const target = c.ctx.dispatch(decl);
    const exprs = call.arguments.map((a) => ({ key: selfCallArg(a, rvalueKey(c, a, frame)), locs: [] }));
    return c.invoke(target, exprs, { kind: "const", text: "this" });
  }
  const kind = decl.stateMutability === "view" || decl.stateMutability === "pure" ? "staticcall" : "call";
  return externalCall(c, call, callee, kind, frame, decl.returnParameters.parameters.length);
}

function arrayOp(c: EvaluationContext, call: Call, callee: Member, frame: Frame): Val[] {
  const array = evaluate(c, callee.expression, frame);
  args(c, call, frame);
  if (array.locs.length === 0) return [unknown("memory array operation")];
  const lengths = array.locs.map(lengthOf);
  c.read(lengths, call.src);
  c.write(lengths, call.src);
  const key: KeySource = { kind: "storage", text: lengths.map((l) => l.text).join(" | ") };
  const slots = array.locs.map((l) => (l.type.kind === "bytes" ? dataOf(l) : indexOf(l, key)));
  c.write(slots, call.src);
  return callee.memberName === "push" && call.arguments.length === 0 ? [{ key, locs: slots }] : [];
}

/**
 * Storage accesses of inline assembly. Yul values are tracked as constants, `.slot`-derived locations (plus
 * constant offsets) or unknown; `sload`/`sstore` at a constant or `.slot`-derived slot become ordinary
 * accesses, anything else an unknown access. `x.slot := C` re-points a storage pointer (ERC-7201 and diamond
 * storage getters). `delegatecall`/`callcode` are unknown writes; calls and creates are recorded.
 */
import type { InlineAssembly, YulBlock, YulExpression, YulStatement } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { EvaluationContext, Frame } from "./evaluation-context.js";
import { type KeySource, type SymbolicLocation, dataOf, lengthOf, narrow, unknownLocation } from "./locations.js";
import { legacyAssembly } from "./legacy-assembly.js";
import { creationTarget } from "./created-class.js";
import { type AsmState, type YVal, MASK, UNKNOWN, argKey } from "./yul-values.js";
import { SELF_DELEGATECALL, isSelfTarget } from "./self-delegatecall.js";
import { assemblyCall } from "./assembly-calls.js";
import { arrayAdd, arrayLoad, arrayValue, assignValue, bindBuiltArray, withKeptElements } from "./memory-arrays.js";
import { encodedAdd, encodedLength, encodedValue, noteMemoryWrite } from "./assembly-encoded.js";
import { memoryClear, memoryLoad, memorySnapshot, memoryStore, pointerAdd } from "./assembly-memory.js";
import { element, hashed, scaled } from "./assembly-slots.js";
import { bindAssemblyFunctionValue } from "./function-values.js";
import { SELF, readBalance, sendValue } from "./eth-balance.js";

const ADDRESS_MASK = (1n << 160n) - 1n;

/** ETH a `call`/`create`/`selfdestruct` in assembly may send: nothing when the value is the constant 0. */
function assemblyValue(s: AsmState, value: YVal | undefined, recipient: KeySource, src: string): void {
  if (value?.kind !== "const" || value.value !== 0n) sendValue(s.c, recipient, src);
}

/** Records the storage accesses and calls of an inline assembly block. */
export function inlineAssembly(c: EvaluationContext, node: InlineAssembly, frame: Frame): void {
  if (node.AST === undefined || node.AST === null) return legacyAssembly(c, node, frame);
  const refs = new Map(
    node.externalReferences.map((r) => [
      r.src,
      { declaration: r.declaration, suffix: r.suffix ?? (r.isSlot ? "slot" : r.isOffset ? "offset" : undefined) },
    ]),
  );
  const counts = new Map<string, number>();
  for (const a of findAll("YulAssignment", node.AST))
    for (const v of a.variableNames) counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
  const reassigned = new Set([...counts].filter(([, n]) => n > 1).map(([name]) => name));
  for (const fn of findAll("YulFunctionDefinition", node.AST))
    for (const p of fn.returnVariables ?? []) reassigned.add(p.name);
  const s: AsmState = {
    ...{ c, frame, node, refs, vars: new Map(), reassigned, memory: new Map(), seq: 0, depth: 0 },
    ...{ pointers: { gen: 0, words: new Map(), unsafe: new Set() }, built: new Map() },
  };
  block(s, node.AST);
  for (const [declaration, pointer] of s.built) bindBuiltArray(s, declaration, pointer);
}

function block(s: AsmState, b: YulBlock): void {
  for (const st of b.statements) statement(s, st);
}

function statement(s: AsmState, st: YulStatement): void {
  switch (st.nodeType) {
    case "YulBlock":
      return block(s, st);
    case "YulVariableDeclaration": {
      const value = st.value ? expression(s, st.value) : ({ kind: "const", value: 0n } as YVal);
      for (const v of st.variables) s.vars.set(v.name, s.reassigned.has(v.name) ? UNKNOWN : value);
      return;
    }
    case "YulAssignment":
      return assign(s, st.variableNames, expression(s, st.value));
    case "YulExpressionStatement":
      expression(s, st.expression);
      return;
    case "YulIf":
      expression(s, st.condition);
      return branch(s, () => block(s, st.body));
    case "YulSwitch":
      expression(s, st.expression);
      for (const k of st.cases) branch(s, () => block(s, k.body));
      return;
    case "YulForLoop":
      block(s, st.pre);
      memoryClear(s);
      s.depth++;
      expression(s, st.condition);
      block(s, st.body);
      block(s, st.post);
      s.depth--;
      memoryClear(s);
      return;
    case "YulFunctionDefinition":
      for (const p of st.parameters ?? []) s.vars.set(p.name, UNKNOWN);
      return branch(s, () => block(s, st.body));
    default:
      return;
  }
}

/** Runs code some paths skip: memory words it writes are unknown afterwards. */
function branch(s: AsmState, body: () => void): void {
  const forget = memorySnapshot(s);
  s.depth++;
  body();
  s.depth--;
  forget();
}

function assign(s: AsmState, names: { name: string; src: string }[], value: YVal): void {
  for (const target of names) {
    const ref = s.refs.get(target.src);
    if (ref === undefined) {
      s.vars.set(target.name, s.reassigned.has(target.name) ? UNKNOWN : value);
      continue;
    }
    if (ref.suffix === undefined && (value.kind === "loc" || value.kind === "hashed")) {
      // `result := keccak256(...)` (SlotDerivation): the Solidity value is the slot of these locations.
      const slotOf = value.kind === "loc" ? value.locs : value.locs.map(dataOf);
      s.frame.bindings.set(ref.declaration, {
        key: { kind: "unknown", reason: "slot computed in assembly" },
        locs: [],
        slotOf,
      });
      continue;
    }
    if (ref.suffix === undefined && value.kind === "fns") {
      bindAssemblyFunctionValue(s.c.ctx, s.frame, ref.declaration, value.fns);
      continue;
    }
    if (ref.suffix === undefined) {
      assignValue(s, target.name, ref.declaration, value);
      continue;
    }
    if (ref.suffix !== "slot") continue;
    const decl = s.c.ctx.build.deref("VariableDeclaration", ref.declaration);
    const type = s.c.ctx.build.layouts.of(decl.typeName);
    const loc =
      value.kind === "const"
        ? s.c.ctx.slotRoot(value.value, type)
        : value.kind === "loc" && value.locs.length > 0
          ? undefined
          : unknownLocation(`storage pointer ${decl.name} set to a computed slot`);
    const old = s.frame.bindings.get(decl.id)?.locs ?? [];
    // A derived slot (a word-typed location) takes the pointer's type (`StorageSlot.Uint256Slot`).
    const retype = (l: SymbolicLocation) => (l.type.kind === "value" && l.type.bytes === 32 ? { ...l, type } : l);
    const locs = loc === undefined && value.kind === "loc" ? value.locs.map(retype) : loc === undefined ? [] : [loc];
    s.frame.bindings.set(decl.id, { key: { kind: "unknown", reason: "storage pointer" }, locs: [...old, ...locs] });
  }
}

function identifier(s: AsmState, id: { name: string; src: string }): YVal {
  const ref = s.refs.get(id.src);
  if (ref === undefined) return s.vars.get(id.name) ?? UNKNOWN;
  const bound = s.frame.bindings.get(ref.declaration);
  const decl = s.c.ctx.build.node(ref.declaration);
  if (decl === undefined) return UNKNOWN;
  if (ref.suffix === "slot") {
    if (bound !== undefined) return bound.locs.length > 0 ? { kind: "loc", locs: bound.locs } : UNKNOWN;
    const loc = decl.nodeType === "VariableDeclaration" && decl.stateVariable ? s.c.ctx.stateVariable(decl) : undefined;
    return loc === undefined ? UNKNOWN : { kind: "loc", locs: [loc] };
  }
  if (ref.suffix !== undefined) return UNKNOWN;
  const building = s.built.get(ref.declaration);
  if (building !== undefined) return building;
  const encoded = encodedValue(s.c.ctx, s.frame, s.node, ref.declaration, bound);
  if (encoded !== undefined) return encoded;
  const array =
    bound === undefined ? undefined : arrayValue(withKeptElements(s.c.ctx, bound, ref.declaration, s.frame));
  if (array !== undefined) return array;
  if (bound?.slotOf !== undefined && bound.slotOf.length > 0) return { kind: "loc", locs: bound.slotOf };
  if (bound?.fns !== undefined && bound.fns.length > 0) return { kind: "fns", fns: bound.fns };
  const key =
    bound?.key ?? (decl.nodeType === "VariableDeclaration" && decl.constant ? constKey(s, decl.id) : undefined);
  if (key?.kind === "const" && key.value !== undefined) return { kind: "const", value: BigInt(key.value) };
  // A bound immutable or `address(this)` (a constant without a known value) keeps its class, like other keys.
  return bound !== undefined ? { kind: "key", key: bound.key } : UNKNOWN;
}

function constKey(s: AsmState, id: number): { kind: "const"; value?: string } {
  const value = s.c.ctx.build.constants.ofVariable(s.c.ctx.build.deref("VariableDeclaration", id));
  return value === undefined ? { kind: "const" } : { kind: "const", value: value.toString() };
}

function literal(lit: Extract<YulExpression, { nodeType: "YulLiteral" }>): YVal {
  const text = "value" in lit && lit.value !== undefined ? lit.value : "";
  if (lit.kind === "number" && /^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return { kind: "const", value: BigInt(text) };
  if (lit.kind === "bool") return { kind: "const", value: text === "true" ? 1n : 0n };
  return UNKNOWN;
}

function expression(s: AsmState, e: YulExpression): YVal {
  if (e.nodeType === "YulLiteral") return literal(e);
  if (e.nodeType === "YulIdentifier") return identifier(s, e);
  const vals = e.arguments.map((a) => expression(s, a));
  const out = builtin(s, e.functionName.name, vals, e.src);
  noteMemoryWrite(s, e.functionName.name, vals);
  return out;
}

function slotOf(s: AsmState, v: YVal | undefined): SymbolicLocation[] {
  if (v?.kind === "const") return [s.c.ctx.slotRoot(v.value, { kind: "value", bytes: 32 })];
  if (v?.kind === "hashed") return v.locs.map(dataOf);
  if (v?.kind === "loc") return v.locs.map((l) => ({ ...lengthOf(l), text: l.text }));
  return [unknownLocation("sload/sstore at a computed slot in inline assembly")];
}

function shift(v: YVal, by: bigint): YVal {
  if (v.kind !== "loc") return UNKNOWN;
  const locs = v.locs.map((l): SymbolicLocation => {
    const last = l.levels[l.levels.length - 1];
    if (last === undefined) return l;
    const level = narrow(last, by, 1n);
    return {
      ...l,
      text: `${l.text}+${by}`,
      levels: [...l.levels.slice(0, -1), level],
      type: { kind: "value", bytes: 32 },
    };
  });
  return { kind: "loc", locs };
}

function builtin(s: AsmState, name: string, args: YVal[], src: string): YVal {
  const [a, b] = args;
  switch (name) {
    case "sload":
      s.c.read(slotOf(s, a), src);
      return UNKNOWN;
    case "sstore":
      s.c.write(slotOf(s, a), src);
      return UNKNOWN;
    case "mstore":
      memoryStore(s, a, b);
      return UNKNOWN;
    case "mload":
      return arrayLoad(a) ?? encodedLength(s, a) ?? memoryLoad(s, a);
    case "keccak256":
      return hashed(s, a, b);
    case "caller":
      return { kind: "key", key: s.frame.sender };
    case "origin":
      return { kind: "key", key: { kind: "origin" } };
    case "mul":
      if (a?.kind === "const" && b?.kind === "const") return { kind: "const", value: (a.value * b.value) & MASK };
      return scaled(a, b) ?? scaled(b, a) ?? UNKNOWN;
    case "add":
      if (a?.kind === "hashed" && b !== undefined) return element(a.locs, b);
      if (b?.kind === "hashed" && a !== undefined) return element(b.locs, a);
      if (a?.kind === "const" && b?.kind === "const") return { kind: "const", value: (a.value + b.value) & MASK };
      if (a?.kind === "ptr" || b?.kind === "ptr") return pointerAdd(a, b) ?? UNKNOWN;
      if (a?.kind === "array" || b?.kind === "array") return arrayAdd(a, b);
      if (a?.kind === "encoded" || b?.kind === "encoded") return encodedAdd(a, b) ?? UNKNOWN;
      if (a?.kind === "const") return b === undefined ? UNKNOWN : shift(b, a.value);
      return b?.kind === "const" && a !== undefined ? shift(a, b.value) : UNKNOWN;
    case "delegatecall":
    case "callcode": {
      // To its own address, a delegatecall runs this contract's own entry points (`self-delegatecall.ts`).
      const self = name === "delegatecall" && b !== undefined && isSelfTarget(argKey(b));
      s.c.call({ kind: "delegatecall", target: self ? "address(this)" : "<assembly>", fn: name, src });
      s.c.unknown(
        "write",
        self ? SELF_DELEGATECALL : `${name} in inline assembly runs foreign code on this storage`,
        src,
      );
      return UNKNOWN;
    }
    case "call":
    case "staticcall":
      assemblyCall(s, name, args, src);
      if (name === "call") assemblyValue(s, args[2], argKey(args[1]), src);
      return UNKNOWN;
    case "selfbalance":
      readBalance(s.c, SELF, src);
      return UNKNOWN;
    case "balance":
      readBalance(s.c, argKey(a), src);
      return UNKNOWN;
    case "selfdestruct":
      assemblyValue(s, UNKNOWN, argKey(a), src);
      return UNKNOWN;
    case "and":
      // `and(x, shr(96, not(0)))` cleans an address: the value keeps its class.
      if (a?.kind === "key" && b?.kind === "const" && b.value === ADDRESS_MASK) return a;
      if (b?.kind === "key" && a?.kind === "const" && a.value === ADDRESS_MASK) return b;
      if (a?.kind === "const" && b?.kind === "const") return { kind: "const", value: a.value & b.value };
      return UNKNOWN;
    case "not":
      return a?.kind === "const" ? { kind: "const", value: MASK ^ a.value } : UNKNOWN;
    case "shr":
      return a?.kind === "const" && b?.kind === "const"
        ? { kind: "const", value: a.value >= 256n ? 0n : b.value >> a.value }
        : UNKNOWN;
    case "create":
    case "create2":
      s.c.call({ kind: "create", target: creationTarget(s.node, s.frame), fn: name, src });
      assemblyValue(s, a, { kind: "unknown", reason: "address of a created contract", text: "<created>" }, src);
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

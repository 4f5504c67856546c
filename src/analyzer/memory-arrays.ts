/**
 * Memory arrays every element of which is one key: OpenZeppelin ERC1155's `_asSingletonArrays(id, value)` builds
 * `[id]` and `[value]` in assembly at the free memory pointer (`assembly-memory.ts`), and `_update` reads them
 * back with `ids[i]` or `Arrays.unsafeMemoryAccess(ids, i)` (assumed in range, as its callers guarantee with a
 * loop bounded by the length), so a single transfer's balances are keyed by `id`, not "any id".
 *
 * A variable keeps the fact (`Val.elements`) only in a function that never changes the array: not written in
 * place, not aliased (used whole other than as a call argument, `.length`, an index base or a return value),
 * not referenced by assembly that writes memory (other than the block that built it), and passed only to
 * functions that keep it too (every function of the linearization it may dispatch to) or out of the contract.
 */
import type { Expression, FunctionCall, FunctionDefinition, InlineAssembly } from "solidity-ast";
import { findAll, type ExtendedNodeTypeMap } from "solidity-ast/utils.js";
import type { ContractContext } from "./contract-context.js";
import { type Frame, type Val, unknownKey } from "./evaluation-context.js";
import type { KeySource } from "./locations.js";
import { type AsmState, type YVal, UNKNOWN, argKey } from "./yul-values.js";
import { memoryWord } from "./assembly-memory.js";

/** Yul builtins that write memory: an assembly block with one of them may change a memory array it references. */
const MEMORY_WRITES = new Set([
  "mstore",
  "mstore8",
  "mcopy",
  "calldatacopy",
  "codecopy",
  "extcodecopy",
  "returndatacopy",
  "datacopy",
  "call",
  "callcode",
  "delegatecall",
  "staticcall",
]);

const MAX_ELEMENTS = 8n;

function writesMemory(asm: InlineAssembly): boolean {
  if (asm.AST === undefined || asm.AST === null) return true;
  return [...findAll("YulFunctionCall", asm.AST)].some((c) => MEMORY_WRITES.has(c.functionName.name));
}

function assigns(asm: InlineAssembly, id: number): boolean {
  const srcs = new Set(asm.externalReferences.filter((r) => r.declaration === id).map((r) => r.src));
  if (asm.AST === undefined || asm.AST === null) return srcs.size > 0;
  return [...findAll("YulAssignment", asm.AST)].some((a) => a.variableNames.some((v) => srcs.has(v.src)));
}

/** The declaration an lvalue such as `a[i].b` is rooted at. */
function rootOf(e: Expression): number | undefined {
  if (e.nodeType === "Identifier") return e.referencedDeclaration ?? undefined;
  if (e.nodeType === "IndexAccess") return rootOf(e.baseExpression);
  if (e.nodeType === "MemberAccess") return rootOf(e.expression);
  return undefined;
}

/** Functions a call to `decl` may run in this contract: every override in the linearization, or `decl` itself. */
function candidates(ctx: ContractContext, decl: FunctionDefinition): FunctionDefinition[] {
  if (decl.visibility === "private" || !ctx.inLinearization(decl.scope)) return [decl];
  const count = decl.parameters.parameters.length;
  const all = ctx.linearization.flatMap((c) =>
    c.nodes.filter(
      (n): n is FunctionDefinition =>
        n.nodeType === "FunctionDefinition" && n.name === decl.name && n.parameters.parameters.length === count,
    ),
  );
  return all.length > 0 ? all : [decl];
}

/** Whether a call passing the array as argument `index` leaves it unchanged. */
function callKeeps(ctx: ContractContext, call: FunctionCall, index: number, seen: Set<string>): boolean {
  const callee = call.expression;
  const ref =
    callee.nodeType === "Identifier" || callee.nodeType === "MemberAccess" ? callee.referencedDeclaration : null;
  const decl = typeof ref === "number" ? ctx.build.node(ref) : undefined;
  // Builtins (`abi.encode`, `keccak256`) copy; a conversion (`bytes(s)`) may alias: not kept.
  if (decl === undefined) return call.kind !== "typeConversion" && typeof ref !== "number";
  if (decl.nodeType === "EventDefinition" || decl.nodeType === "ErrorDefinition") return true;
  if (decl.nodeType !== "FunctionDefinition") return false;
  // An external call (`IReceiver(to).onReceived(ids)`, `this.f(ids)`) copies its arguments.
  if (decl.visibility === "external" || (callee.nodeType === "MemberAccess" && isContract(callee.expression)))
    return true;
  // A bound library call (`ids.unsafeMemoryAccess(i)`) passes the base as the first argument.
  const bound = decl.parameters.parameters.length === call.arguments.length + 1 ? 1 : 0;
  return candidates(ctx, decl).every((fn) => {
    const param = fn.parameters.parameters[index + bound];
    return param !== undefined && keeps(ctx, fn, param.id, undefined, seen);
  });
}

function isContract(e: Expression): boolean {
  const type = e.typeDescriptions.typeString ?? "";
  return type.startsWith("contract ") && !type.startsWith("contract super");
}

/** The node types {@link keeps} looks at. */
const SCANNED = [
  "Assignment",
  "UnaryOperation",
  "InlineAssembly",
  "FunctionCall",
  "Identifier",
  "IndexAccess",
  "MemberAccess",
  "Return",
] as const;
type Scanned = (typeof SCANNED)[number];
type FunctionNodes = { [T in Scanned]: Array<ExtendedNodeTypeMap[T]> };
const nodesCache = new WeakMap<FunctionDefinition, FunctionNodes>();

/**
 * The nodes of `fn` of each type {@link keeps} looks at, in source order, from one walk cached per function (the
 * AST is never changed; every contract inheriting `fn` asks again, for each of its array variables).
 */
function nodesOf(fn: FunctionDefinition): FunctionNodes {
  const cached = nodesCache.get(fn);
  if (cached !== undefined) return cached;
  const nodes = Object.fromEntries(SCANNED.map((type) => [type, []])) as unknown as FunctionNodes;
  for (const node of findAll(SCANNED, fn)) (nodes[node.nodeType] as unknown[]).push(node);
  nodesCache.set(fn, nodes);
  return nodes;
}

function bases(fn: FunctionDefinition, id: number): Set<object> {
  const ok = new Set<object>();
  const is = (e: Expression) => e.nodeType === "Identifier" && e.referencedDeclaration === id;
  const nodes = nodesOf(fn);
  for (const i of nodes.IndexAccess) if (is(i.baseExpression)) ok.add(i.baseExpression);
  for (const m of nodes.MemberAccess) if (m.memberName === "length" && is(m.expression)) ok.add(m.expression);
  for (const r of nodes.Return) if (r.expression && is(r.expression)) ok.add(r.expression);
  return ok;
}

/**
 * Whether function `fn` leaves the memory array declared as `id` unchanged (`skip`: the assembly block that
 * built it). `seen` breaks recursion: a function being checked is assumed to keep it.
 */
export function keeps(
  ctx: ContractContext,
  fn: FunctionDefinition,
  id: number,
  skip?: InlineAssembly,
  seen = new Set<string>(),
): boolean {
  const mark = `${fn.id}:${id}`;
  if (seen.has(mark)) return true;
  seen.add(mark);
  const nodes = nodesOf(fn);
  for (const a of nodes.Assignment) if (rootOf(a.leftHandSide) === id) return false;
  for (const u of nodes.UnaryOperation) if (u.operator !== "!" && rootOf(u.subExpression) === id) return false;
  for (const asm of nodes.InlineAssembly)
    if (
      asm !== skip &&
      asm.externalReferences.some((r) => r.declaration === id) &&
      (writesMemory(asm) || assigns(asm, id))
    )
      return false;
  const ok = bases(fn, id);
  for (const call of nodes.FunctionCall) {
    const callee = call.expression;
    const base = callee.nodeType === "MemberAccess" ? callee.expression : undefined;
    if (base?.nodeType === "Identifier" && base.referencedDeclaration === id && !ok.has(base)) {
      if (!callKeeps(ctx, call, -1, seen)) return false;
      ok.add(base);
    }
    call.arguments.forEach((arg, i) => {
      if (arg.nodeType === "Identifier" && arg.referencedDeclaration === id && callKeeps(ctx, call, i, seen))
        ok.add(arg);
    });
  }
  return nodes.Identifier.every((i) => i.referencedDeclaration !== id || ok.has(i));
}

const keptCache = new WeakMap<ContractContext, Map<number, ReadonlySet<number>>>();

/** The memory-array parameters and locals of `fn` that keep their elements (`keeps`), cached per contract. */
export function keptArrays(ctx: ContractContext, fn: FunctionDefinition): ReadonlySet<number> {
  const byFn = keptCache.get(ctx) ?? new Map<number, ReadonlySet<number>>();
  keptCache.set(ctx, byFn);
  const cached = byFn.get(fn.id);
  if (cached !== undefined) return cached;
  const decls = [...fn.parameters.parameters, ...fn.returnParameters.parameters];
  for (const s of findAll("VariableDeclarationStatement", fn)) for (const d of s.declarations) if (d) decls.push(d);
  const arrays = decls.filter((d) => d.storageLocation === "memory" && d.typeName?.nodeType === "ArrayTypeName");
  const kept = new Set(arrays.filter((d) => keeps(ctx, fn, d.id)).map((d) => d.id));
  byFn.set(fn.id, kept);
  return kept;
}

/** A bound value as the frame may use it: without `elements` unless the variable keeps them. */
export function withKeptElements(ctx: ContractContext, value: Val, id: number, frame: Frame): Val {
  if (value.elements === undefined || frame.keptArrays?.has(id) === true) return value;
  // A calldata array never changes.
  const decl = ctx.build.node(id);
  if (decl?.nodeType === "VariableDeclaration" && decl.storageLocation === "calldata") return value;
  if (frame.fn !== undefined && keptArrays(ctx, frame.fn).has(id)) return value;
  const out = { ...value };
  delete out.elements;
  return out;
}

/** An element of a memory array value (`ids[i]`), when every element is one key. */
export function elementOf(base: Val): Val | undefined {
  return base.elements !== undefined && base.locs.length === 0 ? { key: base.elements, locs: [] } : undefined;
}

/** The Yul value of a Solidity memory array whose elements are one key. */
export function arrayValue(value: Val): YVal | undefined {
  return value.elements !== undefined ? { kind: "array", key: value.elements, data: false } : undefined;
}

/** `add` on a memory array pointer: past the length word it points into the elements (assumed in range). */
export function arrayAdd(a: YVal | undefined, b: YVal | undefined): YVal {
  const [arr, other] = a?.kind === "array" ? [a, b] : b?.kind === "array" ? [b, a] : [undefined, undefined];
  if (arr === undefined || other === undefined) return UNKNOWN;
  if (arr.data) return arr;
  return other.kind === "const" && other.value >= 32n ? { ...arr, data: true } : UNKNOWN;
}

/** `mload` of an element of such an array: its key. */
export function arrayLoad(a: YVal | undefined): YVal | undefined {
  return a?.kind === "array" && a.data ? { kind: "key", key: a.key } : undefined;
}

/**
 * The array an assembly block built at a pointer (`mstore(p, n)`, then `n` element words): its elements' key
 * when all `n` (1..8) words hold the same one and the block moved the free memory pointer past them (later
 * allocations cannot overwrite them).
 */
export function builtArray(s: AsmState, pointer: YVal): KeySource | undefined {
  const length = memoryWord(s, pointer, 0n);
  if (pointer.kind !== "ptr" || length?.kind !== "const" || length.value < 1n || length.value > MAX_ELEMENTS)
    return undefined;
  const free = s.memory.get(0x40n)?.value;
  const end = pointer.offset + 32n * (length.value + 1n);
  if (free?.kind !== "ptr" || free.gen !== pointer.gen || free.offset < end) return undefined;
  const keys = Array.from({ length: Number(length.value) }, (_, i) => memoryWord(s, pointer, 32n * BigInt(i + 1))).map(
    (w) => (w === undefined || (w.kind !== "key" && w.kind !== "const") ? undefined : argKey(w)),
  );
  const [first] = keys;
  if (first === undefined || keys.some((k) => JSON.stringify(k) !== JSON.stringify(first))) return undefined;
  return first;
}

/**
 * `x := v` for a Solidity value: a key assigned once, unconditionally, in a frame that cannot return early
 * binds `x` to it (`res := mload(...)` of an array element); a pointer is a memory array being built (bound at
 * the end of the block, `memory-arrays.ts`); anything else leaves `x` unknown.
 */
export function assignValue(s: AsmState, name: string, declaration: number, value: YVal): void {
  s.built.delete(declaration);
  const once = s.depth === 0 && !s.reassigned.has(name) && (s.frame.depth ?? 0) === 0 && s.frame.earlyReturn !== true;
  if (once && value.kind === "ptr") s.built.set(declaration, value);
  const key = once && value.kind === "key" ? value.key : unknownKey("assigned in inline assembly");
  s.frame.bindings.set(declaration, { key, locs: [] });
}

/** Whether a declaration is a dynamic memory array of value types (one word per element, unlike `bytes`). */
function wordArray(ctx: ContractContext, declaration: number): boolean {
  const decl = ctx.build.node(declaration);
  if (decl?.nodeType !== "VariableDeclaration" || decl.storageLocation !== "memory") return false;
  const type = decl.typeName;
  return type?.nodeType === "ArrayTypeName" && !type.length && type.baseType.nodeType === "ElementaryTypeName";
}

/** Binds a memory array an assembly block built (`builtArray`) to its Solidity variable at the block's end. */
export function bindBuiltArray(s: AsmState, declaration: number, pointer: YVal): void {
  const key = builtArray(s, pointer);
  const fn = s.frame.fn;
  if (key === undefined || fn === undefined || !wordArray(s.c.ctx, declaration)) return;
  if (!keeps(s.c.ctx, fn, declaration, s.node)) return;
  s.frame.bindings.set(declaration, { key: unknownKey("memory array"), locs: [], elements: key });
  s.frame.keptArrays?.add(declaration);
}

/**
 * Elements of an entry point's calldata array parameter (`uint256[] calldata ids`, `address[] calldata path`):
 * calldata cannot be written, so `ids[i]` — whatever `i`, solc checks the bound before the access — is one of
 * the array's elements, which the transaction's calldata tells. The key is `unknown` (a wildcard wherever the
 * analysis compares keys, so the static classes do not change) with `elements` naming the parameter; only the
 * placement of an executed transaction's accesses (`placed-locations.ts`) reads it, one location per element.
 * A local every write of which is such an element (solmate's `id = ids[i]` in the loop of
 * `safeBatchTransferFrom`, declared before it) holds its initial value or an element: both alternatives.
 */
import type { Expression, FunctionDefinition, VariableDeclaration } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { Frame } from "./evaluation-context.js";
import type { KeySource } from "./locations.js";
import { oneOf } from "./key-alternatives.js";

/** Arrays of one-word elements whose ABI word is the value itself (a mapping key as solc hashes it). */
const WORD_ARRAY = /^(?:uint\d*|address(?: payable)?)\[\] (calldata|memory)$/;

/** An element of the entry point's parameter `name` (position `index`), an array of one-word elements. */
function elementKey(name: string, index: number): KeySource {
  return { kind: "unknown", reason: "an element of a calldata array", text: `${name}[?]`, elements: { name, index } };
}

/** The key of an element of the array `base` denotes (`base` evaluated to `array`), when it is such a parameter. */
export function calldataElement(base: Expression, array: KeySource): KeySource | undefined {
  if (array.kind !== "param" || array.name.includes(".")) return undefined;
  const type = WORD_ARRAY.exec(base.typeDescriptions.typeString ?? "");
  return type?.[1] === "calldata" ? elementKey(array.name, array.index) : undefined;
}

/**
 * The elements of an entry point's array parameter (`uint256[] memory ids` of a public function, decoded from
 * calldata; `address[] calldata path`): each is an element of the transaction's calldata while the array is kept
 * unchanged (`Val.elements`, checked on use by `memory-arrays.ts`; calldata never changes, and a memory copy of it
 * passed to an internal function keeps the elements while that function keeps the copy unchanged).
 */
export function memoryParamElements(param: VariableDeclaration, name: string, index: number): KeySource | undefined {
  // A parameter's type string names no data location (`uint256[]`); its declaration does.
  const type = WORD_ARRAY.exec(`${param.typeDescriptions.typeString ?? ""} ${param.storageLocation}`);
  return type === null ? undefined : elementKey(name, index);
}

/** Whether a key is an element of a calldata array parameter. */
export function isElement(k: KeySource): boolean {
  return k.kind === "unknown" && k.elements !== undefined;
}

/** What a function's syntax tells of its locals' writes (cached per function). */
interface LocalWrites {
  /** Right-hand sides of plain `x = ...` by the written declaration. */
  assigned: Map<number, Expression[]>;
  /** Declarations written otherwise: compound assignments, tuples, `++`/`--`/`delete`, assembly. */
  other: Set<number>;
}

const writesCache = new WeakMap<FunctionDefinition, LocalWrites>();

function localWrites(fn: FunctionDefinition): LocalWrites {
  const cached = writesCache.get(fn);
  if (cached !== undefined) return cached;
  const out: LocalWrites = { assigned: new Map(), other: new Set() };
  const id = (e: Expression | null) => (e?.nodeType === "Identifier" ? e.referencedDeclaration : undefined);
  for (const a of findAll("Assignment", fn)) {
    const lhs = a.leftHandSide;
    if (lhs.nodeType === "TupleExpression") lhs.components.forEach((e) => out.other.add(id(e) ?? -1));
    const written = id(lhs);
    if (typeof written !== "number") continue;
    if (a.operator !== "=") out.other.add(written);
    else out.assigned.set(written, [...(out.assigned.get(written) ?? []), a.rightHandSide]);
  }
  for (const u of findAll("UnaryOperation", fn)) out.other.add(id(u.subExpression) ?? -1);
  for (const asm of findAll("InlineAssembly", fn)) for (const r of asm.externalReferences) out.other.add(r.declaration);
  writesCache.set(fn, out);
  return out;
}

/**
 * The value of a local assigned in place (a loop's `id = ids[i]`): its initial value or an element of the one
 * calldata array every one of its writes takes an element of; undefined when some write is anything else (a
 * compound assignment, `++`, a tuple, assembly, another array, an array the function reassigns).
 */
export function elementLocal(decl: VariableDeclaration, initial: KeySource, frame: Frame): KeySource | undefined {
  const fn: FunctionDefinition | undefined = frame.fn;
  if (fn === undefined || !/^(?:uint\d*|address)$/.test(decl.typeDescriptions.typeString ?? "")) return undefined;
  const writes = localWrites(fn);
  const rhs = writes.assigned.get(decl.id);
  if (rhs === undefined || writes.other.has(decl.id)) return undefined;
  const keys = rhs.map((e) => {
    if (e.nodeType !== "IndexAccess" || e.baseExpression.nodeType !== "Identifier") return undefined;
    const array = e.baseExpression.referencedDeclaration;
    const bound = typeof array === "number" && !frame.mutable.has(array) ? frame.bindings.get(array)?.key : undefined;
    return bound === undefined ? undefined : calldataElement(e.baseExpression, bound);
  });
  const [element] = keys;
  if (element === undefined || keys.some((k) => k === undefined || JSON.stringify(k) !== JSON.stringify(element)))
    return undefined;
  return oneOf([initial, element], `local ${decl.name} is reassigned`);
}

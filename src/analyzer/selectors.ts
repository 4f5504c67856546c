/**
 * Canonical signatures and selectors of entry points on every solc version. solc ≥ 0.6 puts a
 * `functionSelector` on functions and public state variables; older ASTs have none, so the canonical
 * signature comes from solc's `evm.methodIdentifiers` (matched by name and parameter types), and only when the
 * build lacks them from the AST's types, hashed.
 */
import type { FunctionDefinition, TypeName, VariableDeclaration } from "solidity-ast";
import { keccakBig } from "./constants.js";

/** An entry point's canonical signature and 4-byte selector (8 hex digits). */
export interface EntrySignature {
  signature: string;
  selector: string;
}

/** solc's method identifiers of one contract, both ways. */
export interface MethodIds {
  /** selector → canonical signature. */
  bySelector: Map<string, string>;
  /** canonical signature → selector. */
  bySignature: Map<string, string>;
}

/** Method identifiers from solc's `selector → signature` map (`evm.methodIdentifiers`, inverted). */
export function methodIds(signatures: Map<string, string>): MethodIds {
  return { bySelector: signatures, bySignature: new Map([...signatures].map(([sel, sig]) => [sig, sel])) };
}

/** The ABI type of a Solidity type string (`address payable` → `address`, `contract X` → `address`...). */
export function canonicalType(typeString: string): string {
  const t = typeString.replace(/ (storage|memory|calldata)( (ref|pointer|slice))?/g, "").trim();
  const array = /^(.*)(\[\d*\])$/.exec(t);
  if (array?.[1] !== undefined) return `${canonicalType(array[1])}${array[2] ?? ""}`;
  if (/^(address payable|contract |interface )/.test(t)) return "address";
  if (t.startsWith("enum ")) return "uint8";
  if (t.startsWith("function ")) return "function";
  if (t === "uint" || t === "int") return `${t}256`;
  return t;
}

/** The selector of a canonical signature: the first 4 bytes of its keccak. */
export function selectorOf(signature: string): string {
  return keccakBig(Buffer.from(signature, "utf8")).toString(16).padStart(64, "0").slice(0, 8);
}

function byName(ids: MethodIds, name: string, arity: number | undefined): EntrySignature[] {
  const found: EntrySignature[] = [];
  for (const [signature, selector] of ids.bySignature) {
    if (!signature.startsWith(`${name}(`)) continue;
    const inner = signature.slice(name.length + 1, -1);
    const count = inner === "" ? 0 : splitTop(inner).length;
    if (arity === undefined || count === arity) found.push({ signature, selector });
  }
  return found;
}

/** The top-level items of a comma-separated type list (`uint256,(address,uint8)[],bytes`). */
export function splitTop(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

function resolve(ids: MethodIds, selector: string | undefined, built: string, name: string, arity?: number) {
  if (selector !== undefined) return { signature: ids.bySelector.get(selector) ?? built, selector };
  const exact = ids.bySignature.get(built);
  if (exact !== undefined) return { signature: built, selector: exact };
  const candidates = byName(ids, name, arity);
  const only = candidates[0];
  if (candidates.length === 1 && only !== undefined) return only;
  return { signature: built, selector: selectorOf(built) };
}

/** The signature and selector of a public/external function. */
export function functionSignature(ids: MethodIds, fn: FunctionDefinition): EntrySignature {
  const types = fn.parameters.parameters.map((p) => canonicalType(p.typeDescriptions.typeString ?? "?"));
  return resolve(ids, fn.functionSelector ?? undefined, `${fn.name}(${types.join(",")})`, fn.name, types.length);
}

function getterParams(type: TypeName | null | undefined): string[] {
  if (type?.nodeType === "Mapping")
    return [canonicalType(type.keyType.typeDescriptions.typeString ?? "?"), ...getterParams(type.valueType)];
  if (type?.nodeType === "ArrayTypeName") return ["uint256", ...getterParams(type.baseType)];
  return [];
}

/** The signature and selector of a public state variable's getter. */
export function getterSignature(ids: MethodIds, decl: VariableDeclaration): EntrySignature {
  const params = getterParams(decl.typeName);
  return resolve(ids, decl.functionSelector ?? undefined, `${decl.name}(${params.join(",")})`, decl.name);
}

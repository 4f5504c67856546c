/**
 * Storage layout of Solidity types, computed from AST type names with solc's packing rules: value types pack
 * right-to-left into 32-byte slots, structs and arrays start (and end) a slot, mappings, dynamic arrays and
 * bytes/strings take one slot at their position and keep their data at hashed slots. solc's storageLayout
 * gives root variables' slots but no types for ERC-7201 namespaced structs, so members' offsets come from
 * here for every root alike (the tests cross-check them against solc's `types`).
 */
import type { ASTDereferencer } from "solidity-ast/utils.js";
import type { StructDefinition, TypeName } from "solidity-ast";

/** Slot-level layout of a type: what a location descending into it needs. */
export type TypeLayout =
  | { kind: "value"; bytes: number }
  | { kind: "struct"; name: string; slots: bigint; members: Map<string, StructMember> }
  | { kind: "static-array"; slots: bigint; length: bigint; elem: TypeLayout; perSlot: number }
  | { kind: "dynamic-array"; elem: () => TypeLayout; perSlot: () => number }
  | { kind: "mapping"; value: () => TypeLayout }
  | { kind: "bytes" }
  | { kind: "unknown"; reason: string };

/** A struct member: slot and byte offset relative to the struct's first slot. */
export interface StructMember {
  slot: bigint;
  offset: number;
  type: TypeLayout;
}

/** Number of whole slots a type occupies at its position. */
export function slotCount(type: TypeLayout): bigint {
  if (type.kind === "struct" || type.kind === "static-array") return type.slots;
  return 1n;
}

/** Bytes a type takes when packed (value types), or a whole number of slots otherwise. */
export function packedBytes(type: TypeLayout): number {
  return type.kind === "value" ? type.bytes : Number(slotCount(type)) * 32;
}

function elementaryBytes(name: string): number | undefined {
  if (name === "address" || name === "address payable") return 20;
  if (name === "bool" || name === "byte") return 1;
  const int = /^u?int(\d*)$/.exec(name);
  if (int) return int[1] === "" ? 32 : Number(int[1]) / 8;
  const fixed = /^bytes(\d+)$/.exec(name);
  if (fixed) return Number(fixed[1]);
  return undefined;
}

/** Computes layouts of AST type names, memoizing struct layouts by AST id. */
export class TypeLayouts {
  private readonly structs = new Map<number, TypeLayout>();

  constructor(private readonly deref: ASTDereferencer) {}

  /** Layout of a type name from the AST (`undefined` type name → unknown). */
  of(typeName: TypeName | null | undefined): TypeLayout {
    if (typeName === null || typeName === undefined) return { kind: "unknown", reason: "no type name in the AST" };
    switch (typeName.nodeType) {
      case "ElementaryTypeName":
        return this.elementary(typeName.name);
      case "Mapping":
        return { kind: "mapping", value: once(() => this.of(typeName.valueType)) };
      case "ArrayTypeName":
        return this.array(typeName.baseType, typeName.length, typeName.typeDescriptions.typeString);
      case "FunctionTypeName":
        return { kind: "value", bytes: typeName.visibility === "external" ? 24 : 8 };
      case "UserDefinedTypeName":
        return this.userDefined(typeName.referencedDeclaration);
    }
  }

  private elementary(name: string): TypeLayout {
    if (name === "string" || name === "bytes") return { kind: "bytes" };
    const bytes = elementaryBytes(name);
    return bytes === undefined ? { kind: "unknown", reason: `type ${name}` } : { kind: "value", bytes };
  }

  private array(
    base: TypeName,
    length: { nodeType: string; value?: string | null } | null | undefined,
    typeString: string | null | undefined,
  ): TypeLayout {
    if (length === null || length === undefined) {
      const elem = once(() => this.of(base));
      return { kind: "dynamic-array", elem, perSlot: () => perSlotOf(elem()) };
    }
    const elem = this.of(base);
    if (elem.kind === "unknown") return { kind: "unknown", reason: `static array of ${elem.reason}` };
    const count = staticLength(length, typeString);
    if (count === undefined) return { kind: "unknown", reason: "static array whose length is not known" };
    const perSlot = perSlotOf(elem);
    const slots = perSlot > 1 ? (count + BigInt(perSlot) - 1n) / BigInt(perSlot) : count * slotCount(elem);
    return { kind: "static-array", slots, length: count, elem, perSlot };
  }

  private userDefined(id: number): TypeLayout {
    const node = this.deref(
      ["StructDefinition", "EnumDefinition", "ContractDefinition", "UserDefinedValueTypeDefinition"],
      id,
    );
    if (node.nodeType === "EnumDefinition") return { kind: "value", bytes: node.members.length <= 256 ? 1 : 2 };
    if (node.nodeType === "ContractDefinition") return { kind: "value", bytes: 20 };
    if (node.nodeType === "UserDefinedValueTypeDefinition") return this.of(node.underlyingType);
    return this.struct(node);
  }

  /** Layout of a struct definition (memoized; recursion goes through mappings/dynamic arrays lazily). */
  struct(def: StructDefinition): TypeLayout {
    const cached = this.structs.get(def.id);
    if (cached !== undefined) return cached;
    const members = new Map<string, StructMember>();
    let slot = 0n;
    let offset = 0;
    for (const member of def.members) {
      const type = this.of(member.typeName);
      // A member of unknown size would misplace every later member: the whole struct is unknown then.
      if (type.kind === "unknown")
        return this.remember(def.id, { kind: "unknown", reason: `struct ${def.name}: ${type.reason}` });
      const bytes = packedBytes(type);
      const wholeSlots = type.kind !== "value";
      if (offset > 0 && (wholeSlots || offset + bytes > 32)) {
        slot += 1n;
        offset = 0;
      }
      members.set(member.name, { slot, offset, type });
      if (wholeSlots) {
        slot += slotCount(type);
        offset = 0;
      } else offset += bytes;
    }
    const slots = offset > 0 ? slot + 1n : slot;
    return this.remember(def.id, { kind: "struct", name: def.name, slots: slots === 0n ? 1n : slots, members });
  }

  private remember(id: number, layout: TypeLayout): TypeLayout {
    this.structs.set(id, layout);
    return layout;
  }
}

/**
 * Length of a static array: a literal, or (a constant, `N * 2`...) the one solc resolved into the type string —
 * the outermost dimension is the last `[n]` (`uint256[3][16]` is 16 arrays of 3).
 */
function staticLength(
  length: { nodeType: string; value?: string | null },
  typeString: string | null | undefined,
): bigint | undefined {
  if (length.nodeType === "Literal" && typeof length.value === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(length.value))
    return BigInt(length.value);
  const resolved = /\[(\d+)\](?:\s+(?:storage|memory|calldata)(?:\s+(?:ref|pointer))?)?$/.exec(typeString ?? "");
  return resolved?.[1] === undefined ? undefined : BigInt(resolved[1]);
}

function perSlotOf(elem: TypeLayout): number {
  return elem.kind === "value" && elem.bytes <= 16 ? Math.floor(32 / elem.bytes) : 1;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

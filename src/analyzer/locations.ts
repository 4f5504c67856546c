/**
 * Symbolic storage locations. A location is written `variable[key].member...` for people and kept as slot
 * levels for the machine: level 0 is a range of concrete slots (a variable, a namespace, a constant slot);
 * every further level is a hashed region (`keccak(key . slot)` for a mapping, `keccak(slot) + i` for a
 * dynamic array, `keccak(slot)...` for bytes data) with a key, and a slot range inside it. Two locations can
 * only share a slot when their levels match key by key, which is what conflict classification compares.
 */
import { type TypeLayout, slotCount } from "./type-layout.js";

/** Where a mapping key or array index comes from. */
export type KeySource =
  | { kind: "sender" }
  | { kind: "origin" }
  | { kind: "param"; name: string; index: number }
  | { kind: "const"; text: string; value?: string }
  | { kind: "storage"; text: string }
  | { kind: "external-call"; text: string }
  | { kind: "unknown"; reason: string };

/** One level of a slot path: level 0 is `root`, others are hashed regions reached through a key. */
export interface Level {
  via: "root" | "map" | "array" | "data";
  /** Mapping key or array index; absent for the root and for "any element" (bytes data, packed arrays). */
  key?: KeySource;
  /** First slot of the access relative to the level's base (decimal string in JSON). */
  start: bigint;
  /** Number of slots from `start`; `null` means unbounded (bytes data, whole arrays). */
  span: bigint | null;
}

/** What a location's root is. */
export type RootRef =
  | { kind: "variable"; label: string; contract: string; astId: number }
  | { kind: "namespace"; id: string }
  | { kind: "slot" }
  | { kind: "unknown"; reason: string };

/** A symbolic storage location: text for people, levels for aliasing, the type for descending further. */
export interface SymbolicLocation {
  text: string;
  root: RootRef;
  /** Slot levels; empty when the root is unknown. */
  levels: Level[];
  /** Whether the access covers everything hashed below its last level too (whole struct/array copies). */
  deep: boolean;
  /** Byte offset and size inside the slot for a packed value (span 1); `undefined` means the whole slot. */
  offset?: number;
  bytes?: number;
  /** Type at this location (internal; not serialized). */
  type: TypeLayout;
}

/** Human-readable form of a key. */
export function keyText(key: KeySource): string {
  switch (key.kind) {
    case "sender":
      return "msg.sender";
    case "origin":
      return "tx.origin";
    case "param":
      return key.name;
    case "const":
      return key.text;
    case "storage":
      return key.text;
    case "external-call":
      return `${key.text}`;
    case "unknown":
      return "?";
  }
}

/** A location for an access whose slot cannot be determined. */
export function unknownLocation(reason: string): SymbolicLocation {
  return {
    text: `<unknown: ${reason}>`,
    root: { kind: "unknown", reason },
    levels: [],
    deep: true,
    type: { kind: "unknown", reason },
  };
}

/** A root location spanning its type's slots from `slot` (a variable, namespace or constant slot). */
export function rootLocation(
  text: string,
  root: RootRef,
  slot: bigint,
  type: TypeLayout,
  offset?: number,
): SymbolicLocation {
  const span = slotCount(type);
  const packed = type.kind === "value" && type.bytes < 32 ? { offset: offset ?? 0, bytes: type.bytes } : {};
  return { text, root, levels: [{ via: "root", start: slot, span }], deep: false, type, ...packed };
}

function replaceLast(loc: SymbolicLocation, level: Level, text: string, type: TypeLayout): SymbolicLocation {
  const levels = [...loc.levels.slice(0, -1), level];
  return { text, root: loc.root, levels, deep: false, type };
}

function lastLevel(loc: SymbolicLocation): Level | undefined {
  return loc.levels[loc.levels.length - 1];
}

/** `loc.member` for a struct location. */
export function memberOf(loc: SymbolicLocation, name: string): SymbolicLocation {
  const last = lastLevel(loc);
  const member = loc.type.kind === "struct" ? loc.type.members.get(name) : undefined;
  if (last === undefined || member === undefined) return unknownBelow(loc, `member ${name} of a non-struct`);
  const level: Level = { ...last, start: last.start + member.slot, span: slotCount(member.type) };
  const next = replaceLast(loc, level, `${loc.text}.${name}`, member.type);
  if (member.type.kind === "value" && member.type.bytes < 32)
    return { ...next, offset: member.offset, bytes: member.type.bytes };
  return next;
}

/** `loc[key]` for a mapping, a dynamic array or a static array location. */
export function indexOf(loc: SymbolicLocation, key: KeySource): SymbolicLocation {
  const text = `${loc.text}[${keyText(key)}]`;
  const type = loc.type;
  if (type.kind === "mapping") {
    const value = type.value();
    return {
      text,
      root: loc.root,
      levels: [...loc.levels, { via: "map", key, start: 0n, span: slotCount(value) }],
      deep: false,
      type: value,
    };
  }
  if (type.kind === "dynamic-array") {
    const elem = type.elem();
    const packed = type.perSlot() > 1;
    const level: Level = packed
      ? { via: "array", start: 0n, span: null }
      : { via: "array", key, start: 0n, span: slotCount(elem) };
    return { text, root: loc.root, levels: [...loc.levels, level], deep: false, type: elem };
  }
  if (type.kind === "static-array") return staticIndex(loc, type, key, text);
  return unknownBelow(loc, `index into a non-array`);
}

function staticIndex(
  loc: SymbolicLocation,
  type: Extract<TypeLayout, { kind: "static-array" }>,
  key: KeySource,
  text: string,
): SymbolicLocation {
  const last = lastLevel(loc);
  if (last === undefined) return unknownBelow(loc, "index into an unknown array");
  const constant = key.kind === "const" && key.value !== undefined ? BigInt(key.value) : undefined;
  if (constant === undefined || type.perSlot > 1) {
    const elem: TypeLayout =
      type.elem.kind === "value" ? type.elem : { kind: "unknown", reason: "element at a computed index" };
    return { ...replaceLast(loc, last, text, elem), deep: type.elem.kind !== "value" };
  }
  const elemSlots = slotCount(type.elem);
  return replaceLast(loc, { ...last, start: last.start + constant * elemSlots, span: elemSlots }, text, type.elem);
}

/** The length slot of a dynamic array or bytes (the location itself, as a single slot). */
export function lengthOf(loc: SymbolicLocation): SymbolicLocation {
  const last = lastLevel(loc);
  if (last === undefined) return loc;
  return { ...replaceLast(loc, { ...last, span: 1n }, `${loc.text}.length`, { kind: "value", bytes: 32 }) };
}

/** Every data slot of a dynamic array or bytes/string (hashed region, unbounded). */
export function dataOf(loc: SymbolicLocation): SymbolicLocation {
  const via = loc.type.kind === "bytes" ? "data" : "array";
  const levels: Level[] = [...loc.levels, { via, start: 0n, span: null }];
  return {
    text: `${loc.text}[*]`,
    root: loc.root,
    levels,
    deep: true,
    type: { kind: "unknown", reason: "array data" },
  };
}

/** The whole subtree below a location (struct/array copy, `delete`, passing to unknown code). */
export function deepOf(loc: SymbolicLocation): SymbolicLocation {
  return { ...loc, deep: true };
}

function unknownBelow(loc: SymbolicLocation, reason: string): SymbolicLocation {
  return { ...loc, text: `${loc.text}.<${reason}>`, deep: true, type: { kind: "unknown", reason } };
}

/** The label of a location's root: the variable, `erc7201:<id>`, or the slot text. */
export function rootLabel(loc: { root: RootRef; text: string }): string {
  if (loc.root.kind === "variable") return loc.root.label;
  if (loc.root.kind === "namespace") return `erc7201:${loc.root.id}`;
  return loc.text.split(/[.[]/)[0] ?? loc.text;
}

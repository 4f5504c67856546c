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
  /** `member`: the position of a value-type member of a calldata struct parameter (`request.to`: 1). */
  | { kind: "param"; name: string; index: number; member?: number }
  /**
   * `code`: an account with code where it is used (the target of a high-level call): never a transaction's sender.
   * `immutable`: the contract's immutable of that name, its value known only from the deployment (`key-value-sets.ts`).
   */
  | { kind: "const"; text: string; value?: string; code?: true; immutable?: true }
  /**
   * `contract`: the stored value is 0 or the address of a contract of this class (`*`: of some class) — a
   * stored `new X(...)` —, never a transaction's sender. `callee`: read from a called contract's storage (a key
   * of a callee's own access, bound into its caller by `compose-calls.ts`), not from the caller's.
   */
  | { kind: "storage"; text: string; contract?: string; callee?: true }
  | { kind: "external-call"; text: string }
  /** Arithmetic over known keys (`msg.sender % SHARDS`), unsigned `bits` wide: execution can evaluate it. */
  | { kind: "expr"; op: string; args: KeySource[]; bits: number; text: string }
  /** `bits`: the value is known to be below 2^bits (a counter, a narrow type). */
  /** `alts`: the value is one of these keys (`key-alternatives.ts`); locations never hold such a key. */
  /** `length`: a new array or `bytes` of this constant length (`new bytes(0)`). */
  /** `elements`: an element of the entry point's calldata array parameter (`calldata-arrays.ts`). */
  /** `code`: a CREATE2 address (`abi-encoding.ts`), or its hash: never a transaction's sender. */
  /**
   * `eval`: how execution computes the value — from the entry point's own calldata (array elements too), sender,
   * constants and the deployment's immutables (`key-value-sets.ts`); a wildcard to the static classes. A callee's
   * key bound into its caller drops it.
   */
  | {
      kind: "unknown";
      reason: string;
      text?: string;
      code?: true;
      bits?: number;
      alts?: KeySource[];
      length?: string;
      elements?: { name: string; index: number };
      eval?: KeySource;
    };

/**
 * Elements of fixed-size arrays inside one level: the access covers `base + Σ key·stride + [start, start+span)`
 * for the keys' actual values (each `< count`, solc checks the bounds before the access). Strides nest (an
 * element holds everything indexed after it), so two accesses with the same base and strides share a slot
 * only if their keys are equal. The level's own `start`/`span` bound every value the keys can take.
 */
export interface StaticIndex {
  base: bigint;
  terms: { key: KeySource; stride: bigint; count: bigint }[];
  start: bigint;
  span: bigint;
}

/** One level of a slot path: level 0 is `root`, others are hashed regions reached through a key. */
export interface Level {
  via: "root" | "map" | "array" | "data";
  /** Mapping key or array index; absent for the root and for "any element" (bytes data, packed arrays). */
  key?: KeySource;
  /** First slot of the access relative to the level's base (decimal string in JSON). */
  start: bigint;
  /** Number of slots from `start`; `null` means unbounded (bytes data, whole arrays). */
  span: bigint | null;
  /** Fixed-size array elements inside this level (constant or computed indices); `start`/`span` bound them. */
  index?: StaticIndex;
  /** Root of a Solady-style seeded slot: `start` is the seed, the next levels its accounts (`assembly-hashes.ts`). */
  hash?: "seeded";
  /** Identity of the stored value the key is (internal, not serialized: a later guard may name it, `doomed-paths.ts`). */
  ref?: number;
}

/** What a location's root is. */
export type RootRef =
  | { kind: "variable"; label: string; contract: string; astId: number }
  | { kind: "namespace"; id: string }
  | { kind: "slot" }
  /** An account's ETH balance (`eth-balance.ts`): one map level keyed by the account; never a storage slot. */
  | { kind: "balance" }
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
    case "expr":
      return key.text;
    case "unknown":
      return key.text ?? "?";
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
  layoutSpan?: bigint,
): SymbolicLocation {
  // solc's own size wins; a type of unknown size without it covers every slot from `slot` on.
  const span = layoutSpan ?? (type.kind === "unknown" ? null : slotCount(type));
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

/** The constant value of a key, if it has one. */
export function constValue(key: KeySource): bigint | undefined {
  return key.kind === "const" && key.value !== undefined ? BigInt(key.value) : undefined;
}

/** A level placed by a static index, its `start`/`span` the bounds of every slot the index can reach. */
export function withIndex(level: Level, index: StaticIndex): Level {
  let lo = index.base + index.start;
  let hi = lo + index.span;
  for (const t of index.terms) {
    const value = constValue(t.key);
    if (value !== undefined) {
      lo += value * t.stride;
      hi += value * t.stride;
    } else hi += (t.count - 1n) * t.stride;
  }
  return { ...level, start: lo, span: hi - lo, index };
}

/** The part `[offset, offset + span)` of what a level's access covers (inside every element it may denote). */
export function narrow(level: Level, offset: bigint, span: bigint): Level {
  if (level.index === undefined) return { ...level, start: level.start + offset, span };
  return withIndex(level, { ...level.index, start: level.index.start + offset, span });
}

/** `loc.member` for a struct location. */
export function memberOf(loc: SymbolicLocation, name: string): SymbolicLocation {
  const last = lastLevel(loc);
  const member = loc.type.kind === "struct" ? loc.type.members.get(name) : undefined;
  if (last === undefined || member === undefined) return unknownBelow(loc, `member ${name} of a non-struct`);
  const span = member.type.kind === "unknown" ? null : slotCount(member.type);
  const level: Level = span === null ? { ...last, span: null } : narrow(last, member.slot, span);
  const next = replaceLast(loc, level, `${loc.text}.${name}`, member.type);
  if (member.type.kind === "value" && member.type.bytes < 32)
    return { ...next, offset: member.offset, bytes: member.type.bytes };
  return next;
}

/** `loc[key]` for a mapping, a dynamic array or a static array location; `ref`: the key's value identity. */
export function indexOf(loc: SymbolicLocation, key: KeySource, ref?: number): SymbolicLocation {
  const text = `${loc.text}[${keyText(key)}]`;
  const type = loc.type;
  if (type.kind === "mapping") {
    const value = type.value();
    return {
      text,
      root: loc.root,
      levels: [
        ...loc.levels,
        {
          via: "map",
          key,
          start: 0n,
          span: value.kind === "unknown" ? null : slotCount(value),
          ...(ref === undefined ? {} : { ref }),
        },
      ],
      deep: false,
      type: value,
    };
  }
  if (type.kind === "dynamic-array") {
    const elem = type.elem();
    const packed = type.perSlot() > 1 || elem.kind === "unknown";
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
  if (last === undefined || last.span === null) return unknownBelow(loc, "index into an unknown array");
  const elem = type.elem;
  const constant = constValue(key);
  if (type.perSlot > 1) {
    // Packed elements (`uint64[8]`): a constant index is one slot and byte range, a computed one any slot.
    if (constant === undefined || constant >= type.length) return replaceLast(loc, last, text, elem);
    const per = BigInt(type.perSlot);
    const bytes = elem.kind === "value" ? elem.bytes : 32;
    const next = replaceLast(loc, narrow(last, constant / per, 1n), text, elem);
    return { ...next, offset: Number(constant % per) * bytes, bytes };
  }
  const stride = slotCount(elem);
  const index = last.index ?? { base: last.start, terms: [], start: 0n, span: last.span };
  const level = withIndex(last, {
    ...index,
    terms: [...index.terms, { key, stride, count: type.length }],
    span: stride,
  });
  const next = replaceLast(loc, level, text, elem);
  return elem.kind === "value" && elem.bytes < 32 ? { ...next, offset: 0, bytes: elem.bytes } : next;
}

/** The length slot of a dynamic array or bytes (the location itself, as a single slot). */
export function lengthOf(loc: SymbolicLocation): SymbolicLocation {
  const last = lastLevel(loc);
  if (last === undefined) return loc;
  return { ...replaceLast(loc, narrow(last, 0n, 1n), `${loc.text}.length`, { kind: "value", bytes: 32 }) };
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
  if (loc.root.kind === "balance") return loc.text;
  return loc.text.split(/[.[]/)[0] ?? loc.text;
}

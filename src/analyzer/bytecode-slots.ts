/**
 * Slot recognition for the bytecode fallback: an abstract SLOAD/SSTORE slot becomes a symbolic location — a
 * constant slot, `keccak(key . slot)` mapping levels, `keccak(slot)` array data, plus constant offsets (a
 * computed offset covers the whole hashed region) — or an unknown location.
 */
import type { AVal } from "./bytecode-values.js";
import { TOP } from "./bytecode-values.js";
import { type KeySource, type Level, type SymbolicLocation, unknownLocation } from "./locations.js";

function keyOf(v: AVal | undefined): KeySource {
  if (v === undefined) return { kind: "unknown", reason: "missing key" };
  if (v.k === "caller") return { kind: "sender" };
  if (v.k === "origin") return { kind: "origin" };
  if (v.k === "c") return { kind: "const", text: `0x${v.v.toString(16)}`, value: v.v.toString() };
  if (v.k === "cd" && v.off >= 4n && (v.off - 4n) % 32n === 0n) {
    const index = Number((v.off - 4n) / 32n);
    return { kind: "param", name: `arg${index}`, index };
  }
  if (v.k === "sload") return { kind: "storage", text: "storage value" };
  return { kind: "unknown", reason: "computed key in bytecode" };
}

function levelsOf(v: AVal): Level[] | undefined {
  if (v.k === "c") return [{ via: "root", start: v.v, span: 1n }];
  if (v.k === "add") {
    const inner = levelsOf(v.base);
    const last = inner?.[inner.length - 1];
    if (inner === undefined || last === undefined) return undefined;
    if (v.off === null) return [...inner.slice(0, -1), { ...last, key: undefined, span: null }];
    return [...inner.slice(0, -1), { ...last, start: last.start + v.off }];
  }
  if (v.k !== "sha") return undefined;
  const base = levelsOf(v.words[v.words.length - 1] ?? TOP);
  if (base === undefined || v.words.length > 2) return undefined;
  if (v.words.length === 1) return [...base, { via: "array", start: 0n, span: 1n, key: undefined }];
  return [...base, { via: "map", key: keyOf(v.words[0]), start: 0n, span: 1n }];
}

function keyText(k: KeySource): string {
  if (k.kind === "sender") return "msg.sender";
  if (k.kind === "origin") return "tx.origin";
  if (k.kind === "param") return k.name;
  if (k.kind === "const") return k.text;
  return "?";
}

/** The symbolic location of an abstract slot (unknown when it is not a recognized slot expression). */
export function location(v: AVal | undefined): SymbolicLocation {
  const levels = v === undefined ? undefined : levelsOf(v);
  if (levels === undefined) return unknownLocation("SLOAD/SSTORE at a slot the bytecode fallback cannot resolve");
  const text = levels
    .map((l, i) =>
      i === 0
        ? `slot(0x${l.start.toString(16)})`
        : `[${l.key ? keyText(l.key) : "*"}]${l.start > 0n ? `+${l.start}` : ""}`,
    )
    .join("");
  return { text, root: { kind: "slot" }, levels, deep: false, type: { kind: "value", bytes: 32 } };
}

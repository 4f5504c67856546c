/**
 * Storage slots computed in inline assembly: `keccak256` over scratch words holding a slot (a dynamic array's
 * data, a mapping element, a Solady-style seeded slot) and array elements reached by adding a scaled index.
 */
import { type SymbolicLocation, dataOf, indexOf, keyText } from "./locations.js";
import { slotCount } from "./type-layout.js";
import { seededSlot } from "./assembly-hashes.js";
import { type AsmState, type YVal, UNKNOWN, argKey } from "./yul-values.js";

/** `keccak256(0x00, 0x20)` over a word holding `x.slot`: the data region of the dynamic array (or bytes) `x`. */
export function hashed(s: AsmState, offset: YVal | undefined, size: YVal | undefined): YVal {
  if (offset?.kind !== "const" || size?.kind !== "const") return UNKNOWN;
  const seeded = seededSlot(s.memory, offset.value, size.value);
  if (seeded !== undefined) return { kind: "loc", locs: [seeded] };
  const word = s.memory.get(offset.value)?.value;
  if (size.value === 64n) return mappingSlot(s, word, s.memory.get(offset.value + 32n)?.value);
  if (size.value === 32n && word?.kind === "const")
    return { kind: "hashed", locs: [s.c.ctx.slotRoot(word.value, { kind: "value", bytes: 32 })] };
  return word?.kind === "loc" && size.value === 32n ? { kind: "hashed", locs: word.locs } : UNKNOWN;
}

/** `keccak256(key . slot)` over two scratch words: the mapping element `slot[key]` (SlotDerivation.deriveMapping). */
function mappingSlot(s: AsmState, key: YVal | undefined, base: YVal | undefined): YVal {
  const bases =
    base?.kind === "const"
      ? [s.c.ctx.slotRoot(base.value, { kind: "value", bytes: 32 })]
      : base?.kind === "loc"
        ? base.locs
        : undefined;
  if (bases === undefined || key === undefined || key.kind === "loc" || key.kind === "hashed") return UNKNOWN;
  const k = argKey(key);
  const locs = bases.map((l): SymbolicLocation => ({
    text: `${l.text}[${keyText(k)}]`,
    root: l.root,
    levels: [...l.levels, { via: "map", key: k, start: 0n, span: 1n }],
    deep: false,
    type: { kind: "value", bytes: 32 },
  }));
  return { kind: "loc", locs };
}

/** `mul(i, k)`: an element index scaled by a constant (an element size in slots), as `i` with its stride. */
const strides = new WeakMap<object, bigint>();
export function scaled(x: YVal | undefined, k: YVal | undefined): YVal | undefined {
  if (x?.kind !== "key" || k?.kind !== "const") return undefined;
  const v: YVal = { kind: "key", key: x.key };
  strides.set(v, k.value);
  return v;
}

/** `add(keccak(x.slot), i·size)`: element `i` of the dynamic array `x` (any element when the size differs). */
export function element(locs: SymbolicLocation[], index: YVal): YVal {
  const out = locs.map((l): SymbolicLocation => {
    if (l.type.kind !== "dynamic-array") return dataOf(l);
    const size = slotCount(l.type.elem());
    const stride = index.kind === "key" ? (strides.get(index) ?? 1n) : undefined;
    if (index.kind === "key" && stride === size) return indexOf(l, index.key);
    if (index.kind === "const" && size > 0n && index.value % size === 0n) {
      const i = index.value / size;
      return indexOf(l, { kind: "const", text: i.toString(), value: i.toString() });
    }
    if (index.kind === "unknown" && size === 1n)
      return indexOf(l, { kind: "unknown", reason: "index computed in assembly" });
    return dataOf(l);
  });
  return { kind: "loc", locs: out };
}

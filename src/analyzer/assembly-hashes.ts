/**
 * Solady-style storage slots computed in assembly from scratch memory: `mstore(0x0c, SEED) mstore(0x00, owner)
 * keccak256(0x0c, 0x20)` hashes the word `owner << 96 | SEED`, and with `mstore(0x20, spender)` written first,
 * `keccak256(0x0c, 0x34)` hashes `owner . SEED(12 bytes) . spender`. Such a slot becomes a location rooted at
 * the seed with one mapping-like level per account, its root level marked `hash: "seeded"` so the soundness
 * check recomputes the real slot.
 */
import type { KeySource, SymbolicLocation } from "./locations.js";
import { keyText } from "./locations.js";

/** A scratch memory word written at a constant offset, with the order of writes. */
export interface MemoryWord<V> {
  value: V;
  seq: number;
}

type Keyed = { kind: "key"; key: KeySource } | { kind: "const"; value: bigint } | { kind: string };

const SEED_LIMIT = 1n << 96n;

function keyOf(v: Keyed | undefined): KeySource | undefined {
  return v?.kind === "key" ? (v as { key: KeySource }).key : undefined;
}

/** The seeded location `keccak256(offset, size)` denotes, when memory holds the Solady idiom. */
export function seededSlot<V extends Keyed>(
  memory: Map<bigint, MemoryWord<V>>,
  offset: bigint,
  size: bigint,
): SymbolicLocation | undefined {
  const seedWord = memory.get(0x0cn);
  const ownerWord = memory.get(0x00n);
  if (offset !== 0x0cn || seedWord === undefined || ownerWord === undefined) return undefined;
  const seed = seedWord.value.kind === "const" ? (seedWord.value as { value: bigint }).value : undefined;
  const owner = keyOf(ownerWord.value);
  if (seed === undefined || seed >= SEED_LIMIT || owner === undefined || ownerWord.seq < seedWord.seq) return undefined;
  const keys: KeySource[] = [owner];
  if (size === 0x34n) {
    const spenderWord = memory.get(0x20n);
    const spender = keyOf(spenderWord?.value);
    if (spender === undefined || spenderWord === undefined || spenderWord.seq > seedWord.seq) return undefined;
    keys.push(spender);
  } else if (size !== 0x20n) return undefined;
  const text = `seeded(0x${seed.toString(16)})${keys.map((k) => `[${keyText(k)}]`).join("")}`;
  return {
    text,
    root: { kind: "slot" },
    levels: [
      { via: "root", start: seed, span: 1n, hash: "seeded" },
      ...keys.map((key) => ({ via: "map" as const, key, start: 0n, span: 1n })),
    ],
    deep: false,
    type: { kind: "value", bytes: 32 },
  };
}

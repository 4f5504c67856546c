/**
 * Values read out of storage: a value type gets an identity (`ref`: the same runtime value wherever it flows,
 * so guards on it narrow it later) and, when the contract's writes tell, a key class (`stored-values.ts`); a
 * struct copied to memory remembers where from, so its members are placed like storage reads.
 */
import type { EvaluationContext, Val } from "./evaluation-context.js";
import { narrowed } from "./key-alternatives.js";
import { type KeySource, type SymbolicLocation, memberOf } from "./locations.js";

/**
 * Reads the locations a value denotes. A value type read from one location gets a fresh identity (`ref`: the
 * same value wherever it flows) and, when the contract's writes tell, a key class (`stored-values.ts`); a struct
 * copied from one location remembers where from (its members are read from there).
 */
export function readValue(c: EvaluationContext, v: Val, src: string): Val {
  c.read(v.locs, src);
  const key: KeySource = { kind: "storage", text: v.locs.map((l) => l.text).join(" | ") };
  const [only] = v.locs;
  if (v.locs.length !== 1 || only === undefined) return { key, locs: [] };
  if (only.type.kind === "struct") return { key, locs: [], copied: v.locs };
  if (only.type.kind !== "value") return { key, locs: [] };
  const ref = c.newRef();
  c.noteStoredRead(ref, only);
  return { key: c.storedValue(only) ?? key, locs: [], ref };
}

/** A member of a struct copied out of storage and never changed: one value per member (`readValue`'s key class). */
export function copiedMember(c: EvaluationContext, v: Val, from: SymbolicLocation[], name: string): Val {
  const locs = from.map((l) => memberOf(l, name));
  const key: KeySource = { kind: "storage", text: locs.map((l) => l.text).join(" | ") };
  const [only] = locs;
  if (locs.length !== 1 || only === undefined) return { key, locs: [] };
  if (only.type.kind === "struct") return { key, locs: [], copied: locs };
  if (only.type.kind !== "value") return { key, locs: [] };
  const refs = (v.memberRefs ??= new Map());
  const ref = refs.get(name) ?? c.newRef();
  refs.set(name, ref);
  return { key: narrowed(c, c.storedValue(only) ?? key, ref), locs: [], ref };
}

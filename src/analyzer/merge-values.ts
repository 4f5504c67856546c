/**
 * Values that reach one point along several paths (a function's return statements, a conditional's two
 * branches): one value per position, its key class the alternatives when they differ (`key-alternatives.ts`).
 */
import type { Val } from "./evaluation-context.js";
import { oneOf } from "./key-alternatives.js";
import type { SymbolicLocation } from "./locations.js";
import { keyId } from "./key-value-sets.js";

const unknown = (reason: string): Val => ({ key: { kind: "unknown", reason }, locs: [] });

/** Merges the values returned on several paths, position by position. */
export function mergeReturns(paths: Val[][]): Val[] {
  const width = Math.max(0, ...paths.map((p) => p.length));
  return Array.from({ length: width }, (_, i) => {
    const vals = paths.map((p) => p[i]).filter((v): v is Val => v !== undefined);
    const first = vals[0];
    if (first === undefined) return unknown("no return value");
    // Keys are never changed once made: compared by their text, computed once per key object (`keyId`).
    const same = vals.every((v) => v.key === first.key || keyId(v.key) === keyId(first.key));
    const locs = new Map<string, SymbolicLocation>();
    for (const v of vals) for (const l of v.locs) locs.set(`${l.text}|${l.deep}`, l);
    const fns = vals.every((v) => v.fns !== undefined) ? [...new Set(vals.flatMap((v) => v.fns ?? []))] : undefined;
    const ref = vals.every((v) => v.ref === first.ref) ? first.ref : undefined;
    const slotOf = vals.every((v) => v.slotOf !== undefined) ? vals.flatMap((v) => v.slotOf ?? []) : undefined;
    const elements = vals.every((v) => v.elements === first.elements || keyId(v.elements) === keyId(first.elements))
      ? first.elements
      : undefined;
    return {
      key: same
        ? first.key
        : oneOf(
            vals.map((v) => v.key),
            "differs between return paths",
          ),
      locs: [...locs.values()],
      ...(fns ? { fns } : {}),
      ...(ref !== undefined && same ? { ref } : {}),
      ...(slotOf ? { slotOf } : {}),
      ...(elements ? { elements } : {}),
      ...(vals.length === 1 && first.encoded ? { encoded: first.encoded } : {}),
    };
  });
}

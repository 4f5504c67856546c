/**
 * Conditions an access is made under, stated on what a transaction carries: an access inside a branch carries
 * the branch's path facts (`when`, `doomed-paths.ts`), and those on `msg.sender`, `tx.origin` or a parameter of
 * the entry point compared with a constant (`role == DEFAULT_ADMIN_ROLE`, `support == 1`) are kept on the
 * summary's access. An access merged from several made under different conditions keeps the facts common to
 * all (none when one was unconditional): the access is made only when they hold. `mayConflict` drops an
 * access whose conditions the transaction's own values contradict; the pair classes, which hold for any
 * arguments, do not use them.
 */
import type { KeySource } from "./locations.js";
import type { Fact } from "./path-facts.js";

/** A condition of an access: a transaction-level key equal (or not) to a constant (decimal, non-negative). */
export interface AccessFact {
  key: KeySource;
  value: string;
  equal: boolean;
}

function exported(f: Fact): AccessFact | undefined {
  if (f.key.startsWith("#") || f.value.startsWith("-")) return undefined;
  const key = JSON.parse(f.key) as KeySource;
  // A getter's return: only on calls a get-or-create local's `if` makes (`zero-defaults.ts`), for composed accesses.
  const plain =
    key.kind === "sender" ||
    key.kind === "origin" ||
    key.kind === "external-call" ||
    (key.kind === "param" && !key.name.includes("."));
  return plain ? { key, value: f.value, equal: f.equal } : undefined;
}

/** The facts of a raw access a transaction can evaluate (undefined when none). */
export function accessFacts(when: readonly Fact[] | undefined): AccessFact[] | undefined {
  const out = (when ?? []).map(exported).filter((f): f is AccessFact => f !== undefined);
  return out.length > 0 ? out : undefined;
}

/** The facts both of two accesses to one location are made under (undefined when none). */
export function commonFacts(
  a: readonly AccessFact[] | undefined,
  b: readonly AccessFact[] | undefined,
): AccessFact[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  const inB = new Set(b.map((f) => JSON.stringify(f)));
  const out = a.filter((f) => inB.has(JSON.stringify(f)));
  return out.length > 0 ? out : undefined;
}

/** Whether the values of a transaction (`value`: "any" when not known) contradict one of the facts. */
export function contradicted(
  facts: readonly AccessFact[] | undefined,
  value: (k: KeySource) => bigint | "any",
): boolean {
  return (facts ?? []).some((f) => {
    const actual = value(f.key);
    return actual !== "any" && (actual === BigInt(f.value)) !== f.equal;
  });
}

/**
 * Values that are one of a few keys: `attackerWins ? msg.sender : opponent`, a function returning `a` on one
 * path and `b` on another, `shardOf(winner)` over such a value. The key is kept as its alternatives (an
 * `unknown` key with `alts`, so code that does not look at them stays sound), arithmetic distributes over
 * them, and indexing storage with such a key denotes one location per alternative (`shardHighScore[msg.sender %
 * SHARDS]` and `shardHighScore[opponent % SHARDS]`). Locations never hold alternatives themselves.
 */
import type { EvaluationContext } from "./evaluation-context.js";
import { type KeySource, constValue } from "./locations.js";

/** At most this many alternatives are kept; more is an unknown value. */
export const MAX_ALTERNATIVES = 4;

/** The keys a value can be: its alternatives, or the key itself. */
export function alternatives(key: KeySource): KeySource[] {
  return key.kind === "unknown" && key.alts !== undefined ? key.alts : [key];
}

/**
 * The value that is one of `keys` (flattened, duplicates dropped): the key itself when they agree, their
 * alternatives when there are few, else unknown with `reason`.
 */
export function oneOf(keys: readonly KeySource[], reason: string): KeySource {
  const flat = new Map<string, KeySource>();
  for (const k of keys) for (const alt of alternatives(k)) flat.set(JSON.stringify(alt), alt);
  const all = [...flat.values()];
  const [first] = all;
  if (first !== undefined && all.length === 1) return first;
  if (all.length === 0 || all.length > MAX_ALTERNATIVES) return { kind: "unknown", reason };
  const key: KeySource = {
    kind: "unknown",
    reason: "one of several values",
    text: all.map(altText).join(" | "),
    alts: all,
  };
  // One of them computed by execution (`cond ? pairFor(...) : to`): execution values each (`key-value-sets.ts`).
  return all.some(computed) ? { ...key, eval: key } : key;
}

const computed = (k: KeySource) => k.kind === "unknown" && (k.eval !== undefined || k.elements !== undefined);

function altText(key: KeySource): string {
  switch (key.kind) {
    case "sender":
      return "msg.sender";
    case "origin":
      return "tx.origin";
    case "param":
      return key.name;
    default:
      return key.text ?? "?";
  }
}

/** `f` over every combination of the alternatives of `a` and `b` (one key when neither has alternatives). */
export function distribute(
  a: KeySource,
  b: KeySource,
  f: (a: KeySource, b: KeySource, distributed: boolean) => KeySource,
): KeySource {
  const as = alternatives(a);
  const bs = alternatives(b);
  if (as.length === 1 && bs.length === 1) return f(a, b, false);
  if (as.length * bs.length > MAX_ALTERNATIVES) return { kind: "unknown", reason: "too many alternatives" };
  return oneOf(
    as.flatMap((x) => bs.map((y) => f(x, y, true))),
    "computed from several values",
  );
}

/**
 * The alternatives of the value with identity `ref` that the path facts allow: after `if (seller == address(0))
 * revert`, a seller that is `0 | id >> 96` is `id >> 96`.
 */
export function narrowed(c: Pick<EvaluationContext, "facts">, key: KeySource, ref: number): KeySource {
  if (key.kind !== "unknown" || key.alts === undefined) return key;
  const self = { key, ref };
  const keep: KeySource[] = [];
  for (const alt of key.alts) {
    const decided = constValue(alt) === undefined ? undefined : c.facts.decideEqual(self, { key: alt });
    if (decided === true) return alt;
    if (decided !== false) keep.push(alt);
  }
  return keep.length === key.alts.length ? key : oneOf(keep, key.reason);
}

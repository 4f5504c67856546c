/**
 * Locations every transaction leaves as it found them: a re-entrancy lock in storage (`require(unlocked == 1);
 * unlocked = 0; _; unlocked = 1;`, OpenZeppelin's `ReentrancyGuard`). The runtime records a transaction's
 * writes from what it finally changed and validates reads by value, so such a write is no write at all: the
 * transaction only read the lock, and two guarded functions do not conflict on it.
 *
 * Proved per contract: the location is one plain value-type slot (no key), and
 * - every entry point whose writes may touch it (an unknown write may touch anything) writes it last with one
 *   constant `c`, unconditionally (not in a branch, loop, conditional operand, `try`, self-call or inline
 *   assembly, nor after a body may have returned early), with no call out after that write (a re-entrant call
 *   could write it again) and no assembly that can stop the transaction first;
 * - creation leaves `c` there the same way (a state initializer or the constructor), or writes nothing and `c`
 *   is 0.
 * Then the slot holds `c` between transactions (storage changes only through the contract's code; a reverted
 * transaction changes nothing), and every transaction that writes it ends with the value it started with.
 * A write of a whole struct (or a `delete`) counts as a write of the member with the value it stores there.
 *
 * When creation leaves another known constant (Uniswap v3's pool sets `slot0.unlocked` in `initialize`, not in
 * its constructor), an entry point still restores the slot if, besides ending with `c`, a guard it passes on
 * every successful path proves the slot held `c` when the transaction started: `require(x == c)`, or
 * `require(unlocked)` on a bool when `c` is 1 and creation leaves 0 or 1 (every transaction then leaves a clean
 * bool). The guard's read comes before any write that may touch the slot and before any call out (`startGuardsOf`).
 */
import { alias } from "./alias.js";
import type { Access, Effects, StartGuard } from "./evaluation-context.js";
import type { SymbolicLocation } from "./locations.js";
import type { Fact } from "./path-facts.js";
import type { BlockRestore } from "./block-restores.js";

const identity = (l: SymbolicLocation) => `${JSON.stringify(l.root)}|${l.text}|${l.offset ?? ""}|${l.bytes ?? ""}`;

/** A plain value-type slot (a state variable or a constant slot, no mapping or array key). */
function plain(l: SymbolicLocation): boolean {
  const [root] = l.levels;
  return (
    l.root.kind !== "unknown" &&
    l.type.kind === "value" &&
    !l.deep &&
    l.levels.length === 1 &&
    root !== undefined &&
    root.index === undefined
  );
}

/** The constant a write stores at `l`, if it stores one there. */
function constantStored(w: Access, l: SymbolicLocation): string | undefined {
  if (w.zeroes) return "0";
  const stored = w.stores?.find((s) => identity(s.location) === identity(l));
  return stored?.value.kind === "const" ? stored.value.value : undefined;
}

/**
 * The value `effects` leave at `l` on every successful path, when one constant: `null` when nothing may write
 * there, `undefined` when it is not known.
 */
function finalValue(effects: Effects, l: SymbolicLocation, groups: Groups): string | null | undefined {
  let last = -1;
  effects.accesses.forEach((a, i) => {
    if (a.mode === "write" && !a.reverting && touches(a.location, l)) last = i;
  });
  const w = effects.accesses[last];
  if (w === undefined) return null;
  const calledAfter = effects.lastCallOut !== undefined && effects.lastCallOut > last;
  if (calledAfter || effects.stops || !(w.unconditional || closesGroup(effects, l, w, groups()))) return undefined;
  const exact = identity(w.location) === identity(l) || w.stores?.some((s) => identity(s.location) === identity(l));
  return exact === true || w.zeroes === true ? constantStored(w, l) : undefined;
}

/** The set-and-reset groups of the contract (`block-restores.ts`), computed when first asked. */
type Groups = () => ReadonlyMap<string, BlockRestore>;

/**
 * Whether the conditional last write `w` of `l` ends a set-and-reset group that every write of `l` the entry point
 * makes belongs to: whenever one of them ran, `w` ran after it (or the transaction reverted).
 */
function closesGroup(effects: Effects, l: SymbolicLocation, w: Access, groups: ReadonlyMap<string, BlockRestore>) {
  const group = groups.get(w.src);
  if (group === undefined || group.last !== w.src) return false;
  return effects.accesses.every(
    (a) =>
      a.mode !== "write" || a.reverting === true || !touches(a.location, l) || groups.get(a.src)?.group === group.group,
  );
}

/** Whether an access of `a` may touch the slot part `l` (packed neighbours do not). */
function touches(a: SymbolicLocation, l: SymbolicLocation): boolean {
  const overlap = alias(a, l, true);
  return overlap.kind !== "never" && !(overlap.kind === "iff" && overlap.falseSharing);
}

/**
 * The start guards among `facts`, passed on every successful path of an entry point whose accesses so far are
 * `effects`: facts on a value the entry point itself read (`reads`: ref → location and access index) before any
 * write that may touch that location and before any call out.
 */
export function startGuardsOf(
  effects: Effects,
  facts: readonly Fact[],
  reads: ReadonlyMap<number, { location: SymbolicLocation; index: number }>,
): StartGuard[] {
  if (effects.stops) return [];
  const out: StartGuard[] = [];
  for (const f of facts) {
    const read = f.key.startsWith("#") ? reads.get(Number(f.key.slice(1))) : undefined;
    const bool = !f.equal && f.bool === true && f.value === "0";
    if (read === undefined || (!f.equal && !bool)) continue;
    if (effects.firstCallOut !== undefined && effects.firstCallOut <= read.index) continue;
    const before = effects.accesses.slice(0, read.index);
    if (before.some((a) => a.mode === "write" && touches(a.location, read.location))) continue;
    out.push(bool ? { location: read.location, value: "1", bool: true } : { location: read.location, value: f.value });
  }
  return out;
}

/**
 * The plain slots each entry point leaves as it found them (see the module comment): those every entry point
 * and creation leave holding one constant, and those an entry point's start guard proves held it;
 * `creation` is evaluated only when there is a candidate.
 */
export function restoredLocations(
  entries: readonly Effects[],
  creation: () => Effects,
  blockGroups: () => ReadonlyMap<string, BlockRestore> = () => new Map(),
): (entry: Effects) => SymbolicLocation[] {
  let found: ReadonlyMap<string, BlockRestore> | undefined;
  const groups = () => (found ??= blockGroups());
  const candidates = new Map<string, SymbolicLocation>();
  for (const e of entries)
    for (const a of e.accesses) {
      if (a.mode !== "write" || !plain(a.location)) continue;
      if (a.unconditional || groups().get(a.src)?.last === a.src) candidates.set(identity(a.location), a.location);
    }
  if (candidates.size === 0) return () => [];
  const made = creation();
  const everywhere: SymbolicLocation[] = [];
  const guarded = new Map<Effects, SymbolicLocation[]>();
  for (const l of candidates.values()) {
    const finals = entries.map((e) => finalValue(e, l, groups));
    const values = finals.filter((v) => v !== null);
    const value = values[0];
    if (value === undefined || values.some((v) => v !== value)) continue;
    const made0 = finalValue(made, l, groups);
    const initial = made0 === null ? "0" : made0;
    if (initial === value) everywhere.push(l);
    else if (initial !== undefined)
      entries.forEach((e, i) => {
        if (finals[i] === value && provedAtStart(e, l, value, initial)) guarded.set(e, [...(guarded.get(e) ?? []), l]);
      });
  }
  return (entry) => [...everywhere, ...(guarded.get(entry) ?? [])];
}

/** Whether a start guard of the entry point proves `l` held `value` (a bool's `≠ 0` only over clean bools). */
function provedAtStart(entry: Effects, l: SymbolicLocation, value: string, initial: string): boolean {
  const clean = value === "1" && (initial === "0" || initial === "1");
  return (entry.startGuards ?? []).some(
    (g) => identity(g.location) === identity(l) && g.value === value && (g.bool !== true || clean),
  );
}

/** The accesses with writes of restored slots made reads (the transaction ends with the value it found). */
export function withoutRestoredWrites(accesses: Access[], restored: readonly SymbolicLocation[]): Access[] {
  if (restored.length === 0) return accesses;
  const ids = new Set(restored.map(identity));
  return accesses.map((a) =>
    a.mode === "write" && ids.has(identity(a.location))
      ? { mode: "read", location: a.location, commutative: false, src: a.src }
      : a,
  );
}

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
 */
import { alias } from "./alias.js";
import type { Access, Effects } from "./evaluation-context.js";
import type { SymbolicLocation } from "./locations.js";

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
function finalValue(effects: Effects, l: SymbolicLocation): string | null | undefined {
  let last = -1;
  effects.accesses.forEach((a, i) => {
    if (a.mode !== "write" || a.reverting) return;
    const overlap = alias(a.location, l, true);
    if (overlap.kind === "never" || (overlap.kind === "iff" && overlap.falseSharing)) return;
    last = i;
  });
  const w = effects.accesses[last];
  if (w === undefined) return null;
  const calledAfter = effects.lastCallOut !== undefined && effects.lastCallOut > last;
  if (!w.unconditional || calledAfter || effects.stops || identity(w.location) !== identity(l)) return undefined;
  return constantStored(w, l);
}

/**
 * The plain slots every entry point (and creation) leaves holding one constant, among those some entry point
 * writes (see the module comment); `creation` is evaluated only when there is a candidate.
 */
export function restoredLocations(entries: readonly Effects[], creation: () => Effects): SymbolicLocation[] {
  const candidates = new Map<string, SymbolicLocation>();
  for (const e of entries)
    for (const a of e.accesses)
      if (a.mode === "write" && a.unconditional && plain(a.location)) candidates.set(identity(a.location), a.location);
  if (candidates.size === 0) return [];
  const made = creation();
  const out: SymbolicLocation[] = [];
  for (const l of candidates.values()) {
    const values = entries.map((e) => finalValue(e, l)).filter((v) => v !== null);
    const value = values[0];
    if (value === undefined || values.some((v) => v !== value)) continue;
    const initial = finalValue(made, l);
    if ((initial === null ? "0" : initial) === value) out.push(l);
  }
  return out;
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

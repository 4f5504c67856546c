/**
 * Accesses on paths that certainly revert. An access inside a branch carries the branch's facts (`when`:
 * `from != address(0)`, where `from` is a value read from storage with identity `#n`); a guard passed later on
 * every path of the same invocation (`if (previousOwner != address(0)) revert`, `previousOwner` being that same
 * value returned by `_update`) that contradicts them means every path making the access reverts. Such accesses
 * stay in the summary (a reverted transaction did read them: the soundness check covers them) but leave the pair
 * classes: a reverting transaction writes nothing, and what it reads there cannot change that it reverts.
 */
import type { InlineAssembly } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { Access, Effects, Val } from "./evaluation-context.js";
import { type KeySource, type SymbolicLocation, keyText } from "./locations.js";
import { type Fact, contradicts } from "./path-facts.js";

const STOPS = new Set(["return", "stop", "selfdestruct"]);

/** Whether an assembly block can end the whole call successfully (then a later guard may never run). */
export function assemblyStops(node: InlineAssembly): boolean {
  if (node.AST === undefined || node.AST === null)
    return /\b(return|stop|selfdestruct)\s*\(/.test((node as { operations?: string }).operations ?? "");
  for (const call of findAll("YulFunctionCall", node.AST)) if (STOPS.has(call.functionName.name)) return true;
  return false;
}

/** Adds `facts` to the `when` of the accesses made since index `start` (the body of a branch). */
export function tagSince(effects: Effects, start: number, facts: readonly Fact[]): void {
  if (facts.length === 0) return;
  const list = effects.accesses;
  for (let i = start; i < list.length; i++) {
    const a = list[i] as Access;
    list[i] = { ...a, when: [...(a.when ?? []), ...facts] };
  }
}

/** Marks as reverting the accesses whose `when` a fact every later path holds contradicts. */
export function markDoomed(effects: Effects, facts: readonly Fact[]): void {
  if (facts.length === 0 || effects.stops) return;
  const list = effects.accesses;
  for (let i = 0; i < list.length; i++) {
    const a = list[i] as Access;
    if (a.reverting || a.when === undefined) continue;
    if (a.when.some((w) => facts.some((f) => contradicts(w, f)))) list[i] = { ...a, reverting: true };
  }
}

/** `loc` with the levels keyed by the value `ref` keyed by `key` instead (text too), or `undefined` if none is. */
function rekeyed(loc: SymbolicLocation, ref: number, key: KeySource): SymbolicLocation | undefined {
  let text = loc.text;
  let changed = false;
  const levels = loc.levels.map((l) => {
    if (l.ref !== ref || l.key === undefined) return l;
    changed = true;
    text = text.split(`[${keyText(l.key)}]`).join(`[${keyText(key)}]`);
    return { ...l, key };
  });
  return changed ? { ...loc, levels, text } : undefined;
}

/**
 * A guard passed on every later path proves the stored value `ref` equal to a transaction-level `key`
 * (`if (previousOwner != from) revert`): an access keyed by that value is keyed by `key` on every path that
 * succeeds; as made, it stays among the reverting accesses (a reverted transaction made it).
 */
export function rekeyAccesses(effects: Effects, ref: number, key: KeySource): void {
  if (effects.stops) return;
  const list = effects.accesses;
  const length = list.length;
  // Re-keyed in place (evaluation order is kept for the re-entrancy guard); as made, appended as reverting.
  for (let i = 0; i < length; i++) {
    const a = list[i] as Access;
    if (a.reverting) continue;
    const location = rekeyed(a.location, ref, key);
    if (location === undefined) continue;
    list[i] = { ...a, location };
    list.push({ ...a, reverting: true });
  }
}

/** Takes back the reverting marks (the call's revert may be caught: what it did on those paths stands). */
export function reviveDoomed(effects: Effects): void {
  effects.accesses = effects.accesses.map((a) => {
    if (!a.reverting) return a;
    const live = { ...a };
    delete live.reverting;
    return live;
  });
}

/** Renames the value identities `[from, to)` by `delta` (a memoized call replayed: its reads are new values). */
export function shiftRefs(
  cached: { effects: Effects; returns: Val[]; facts: Fact[] },
  from: number,
  to: number,
  delta: number,
): { effects: Effects; returns: Val[]; facts: Fact[] } {
  const ref = (n: number | undefined) => (n !== undefined && n >= from && n < to ? n + delta : n);
  const fact = (f: Fact): Fact => {
    if (!f.key.startsWith("#")) return f;
    const n = Number(f.key.slice(1));
    return { ...f, key: `#${ref(n) ?? n}` };
  };
  const accesses = cached.effects.accesses.map((a) => (a.when ? { ...a, when: a.when.map(fact) } : a));
  const returns = cached.returns.map((v) => (v.ref === undefined ? v : { ...v, ref: ref(v.ref) ?? v.ref }));
  return { effects: { ...cached.effects, accesses }, returns, facts: cached.facts.map(fact) };
}

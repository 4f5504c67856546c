/**
 * A `delegatecall` to the contract's own address (OpenZeppelin's `Multicall`: `Address.functionDelegateCall(
 * address(this), data[i])`) runs the contract's own code on its own storage, with the caller's `msg.sender` and
 * `msg.value`, on calldata the analysis does not know: any of its entry points (receive and fallback too), any
 * number of times. Such an entry point is summarized as the union of every other entry point's reads, writes,
 * reverting accesses and calls, with their parameters unknown (`msg.sender` stays the sender) and no write
 * commutative (several of them may read and write one location in one transaction).
 */
import type { ExternalCall } from "./evaluation-context.js";
import { type KeySource, type Level, type SymbolicLocation, keyText } from "./locations.js";
import type { FunctionSummary, LocationAccess } from "./summary-shape.js";
import { readsCalldata } from "./calldata-keys.js";
import { commonFacts } from "./access-conditions.js";

/** The reason recorded for a delegatecall to `address(this)` (replaced here by the union). */
export const SELF_DELEGATECALL = "delegatecall to this contract runs its own entry points on calldata not known";

/** Whether the target of a delegatecall is the contract's own address. */
export function isSelfTarget(k: KeySource): boolean {
  return k.kind === "const" && k.value === undefined && /^(?:address\()*this\)*$/.test(k.text);
}

/** Whether a summary made a delegatecall to itself. */
function delegatesToSelf(s: FunctionSummary): boolean {
  return s.unknowns.includes(SELF_DELEGATECALL);
}

function hasParam(k: KeySource): boolean {
  if (k.kind === "param" || readsCalldata(k)) return true;
  if (k.kind === "expr") return k.args.some(hasParam);
  return k.kind === "unknown" && ((k.alts ?? []).some(hasParam) || (k.eval !== undefined && hasParam(k.eval)));
}

const UNBOUND: KeySource = { kind: "unknown", reason: "argument of an entry point run through a self-delegatecall" };

function unbindKey(k: KeySource): KeySource {
  return hasParam(k) ? UNBOUND : k;
}

function unbindLevel(l: Level): Level {
  const key = l.key === undefined ? {} : { key: unbindKey(l.key) };
  const index =
    l.index === undefined
      ? {}
      : { index: { ...l.index, terms: l.index.terms.map((t) => ({ ...t, key: unbindKey(t.key) })) } };
  return { ...l, ...key, ...index };
}

function unbindLocation(loc: SymbolicLocation): SymbolicLocation {
  if (!loc.levels.some((l) => (l.key !== undefined && hasParam(l.key)) || l.index !== undefined)) return loc;
  const levels = loc.levels.map(unbindLevel);
  let text = loc.text;
  loc.levels.forEach((l, i) => {
    const bound = levels[i]?.key;
    if (l.key !== undefined && bound !== undefined && bound !== l.key)
      text = text.replace(`[${keyText(l.key)}]`, `[${keyText(bound)}]`);
  });
  return { ...loc, text, levels };
}

function unbindAccess(a: LocationAccess): LocationAccess {
  return { location: unbindLocation(a.location), commutative: false, srcs: a.srcs };
}

function unbindCall(call: ExternalCall): ExternalCall {
  // Run after other inner calls: what it reads may have changed (`first` no longer holds).
  const { when: _facts, forward: _forward, first: _first, ...rest } = call;
  const edge = rest.callee;
  if (edge === undefined) return rest;
  const target = edge.target === undefined ? {} : { target: unbindKey(edge.target) };
  return { ...rest, callee: { ...edge, args: edge.args.map(unbindKey), ...target } };
}

function unique(list: LocationAccess[]): LocationAccess[] {
  const byKey = new Map<string, LocationAccess>();
  for (const a of list) {
    const key = `${a.location.text}|${a.location.deep}|${a.commutative}`;
    const found = byKey.get(key);
    if (found === undefined) {
      byKey.set(key, a);
      continue;
    }
    // Values stored by one of the merged writes only (`summary-shape.ts`): not every write's, so none kept.
    const { when: _when, values: _values, ...rest } = found;
    const when = commonFacts(found.when, a.when);
    byKey.set(key, { ...rest, srcs: [...new Set([...found.srcs, ...a.srcs])], ...(when ? { when } : {}) });
  }
  return [...byKey.values()];
}

function isMarker(a: LocationAccess): boolean {
  return a.location.root.kind === "unknown" && a.location.root.reason === SELF_DELEGATECALL;
}

/** The summaries with each self-delegating entry point's accesses joined by every other entry point's. */
export function withSelfDelegatecalls(summaries: FunctionSummary[]): FunctionSummary[] {
  if (!summaries.some(delegatesToSelf)) return summaries;
  const others = summaries.filter((s) => !delegatesToSelf(s));
  const reads = others.flatMap((s) => s.reads.map(unbindAccess));
  const writes = others.flatMap((s) => s.writes.map(unbindAccess));
  const reverting = others.flatMap((s) => (s.reverting ?? []).map(unbindAccess));
  const calls = others.flatMap((s) => s.externalCalls.map(unbindCall));
  const unknowns = others.flatMap((s) => s.unknowns);
  return summaries.map((s) => {
    if (!delegatesToSelf(s)) return s;
    const own = (list: LocationAccess[]) => list.filter((a) => !isMarker(a));
    const joinedReverting = unique([...(s.reverting ?? []), ...reverting]);
    return {
      ...s,
      reads: unique([...own(s.reads), ...reads]),
      writes: unique([...own(s.writes).map((a) => ({ ...a, commutative: false })), ...writes]),
      ...(joinedReverting.length > 0 ? { reverting: joinedReverting } : {}),
      externalCalls: [...s.externalCalls, ...calls],
      unknowns: [...new Set([...s.unknowns.filter((u) => u !== SELF_DELEGATECALL), ...unknowns])],
      reentrant: s.reentrant || others.some((o) => o.reentrant),
    };
  });
}

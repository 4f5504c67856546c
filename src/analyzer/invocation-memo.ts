/**
 * Memoized invocations of internal functions: one evaluation per function, sender, argument classes and path
 * facts. A replay reads storage again, so the value identities the first evaluation created are renamed.
 */
import type { FunctionDefinition } from "solidity-ast";
import type { Effects, Frame, Val } from "./evaluation-context.js";
import type { KeySource } from "./locations.js";
import type { Fact } from "./path-facts.js";
import { shiftRefs } from "./doomed-paths.js";
import { keyId } from "./key-value-sets.js";

/** What one invocation did: its effects, returns, the facts it established, the identities `[from, to)` it made. */
export interface Invocation {
  effects: Effects;
  returns: Val[];
  facts: Fact[];
  refs: [number, number];
}

/** Appends `inner` to `outer`, keeping the positions of the first and the last call out. */
export function mergeEffects(outer: Effects, inner: Effects): void {
  if (outer.firstCallOut === undefined && inner.firstCallOut !== undefined)
    outer.firstCallOut = outer.accesses.length + inner.firstCallOut;
  if (inner.lastCallOut !== undefined) outer.lastCallOut = outer.accesses.length + inner.lastCallOut;
  if (inner.stops) outer.stops = true;
  outer.accesses.push(...inner.accesses);
  outer.calls.push(...inner.calls);
}

/**
 * The effects with the marks only the entry point's own evaluation may give taken off its calls: `first` and
 * the zero tests of get-or-create locals (a replay runs where other writes and calls may precede them).
 */
export function replayable(effects: Effects): Effects {
  if (!effects.calls.some((c) => c.first === true || c.when?.some(isZeroTest) === true)) return effects;
  const calls = effects.calls.map((c) => {
    const { first: _first, when, ...rest } = c;
    const kept = when?.filter((f) => !isZeroTest(f)) ?? [];
    return kept.length > 0 ? { ...rest, when: kept } : rest;
  });
  return { ...effects, calls };
}

/** A fact on a getter's return (`zero-defaults.ts`: the call is made only when it returned 0). */
export function isZeroTest(f: Fact): boolean {
  return f.key.startsWith('{"kind":"external-call"');
}

/** The effects with no write marked unconditional (replayed where the call itself may not run). */
export function conditionally(effects: Effects): Effects {
  if (!effects.accesses.some((a) => a.unconditional)) return effects;
  const accesses = effects.accesses.map((a) => {
    if (!a.unconditional) return a;
    const copy = { ...a };
    delete copy.unconditional;
    return copy;
  });
  return { ...effects, accesses };
}

/**
 * A value bound to a local or parameter. What holds of a memory value's members (copied from storage, built
 * by a struct constructor) is kept only while the function changes it neither in place nor through another name.
 */
export function bound(value: Val, id: number, frame: Frame, memory: boolean): Val {
  const kept = memory && frame.changedInPlace !== undefined && !frame.changedInPlace.has(id);
  const out: Val = { ...value };
  delete out.memberRefs;
  if (!kept) {
    delete out.copied;
    delete out.fields;
  }
  return out;
}

/**
 * What an argument contributes to the memo key of a call: its class, locations, targets, derived slot,
 * calldata, value identity, struct members and where a memory copy came from.
 */
function argKey(a: Val): string {
  const fns = a.fns ? `#${a.fns.join("/")}` : "";
  const slot = a.slotOf
    ? `$${a.slotOf.map((l) => `${l.text}|${JSON.stringify(l.levels.map((v) => v.key ?? null))}`).join("+")}`
    : "";
  const encoded = a.encoded ? `!${JSON.stringify(a.encoded)}` : "";
  const fields = a.fields ? `{${[...a.fields].map(([n, k]) => `${n}:${keyId(k)}`).join(",")}}` : "";
  const copied = a.copied ? `<${a.copied.map((l) => l.text).join("+")}>` : "";
  const ref = a.ref === undefined ? "" : `&${a.ref}`;
  const elements = a.elements ? `[${keyId(a.elements)}]` : "";
  return `${keyId(a.key)}@${a.locs.map((l) => l.text).join("+")}${fns}${slot}${encoded}${ref}${fields}${copied}${elements}`;
}

/** Invocations by call shape. */
export class InvocationMemo {
  private readonly entries = new Map<string, Invocation>();

  /** The memo key of a call. */
  key(fn: FunctionDefinition, sender: KeySource, args: readonly Val[], fingerprint: string): string {
    return `${fn.id}|${sender.kind}|${args.map(argKey).join(",")}|${fingerprint}`;
  }

  /** The invocation under `key`, its identities renamed to start at `nextRef`; and how many it uses. */
  replay(key: string, nextRef: number): [Invocation, number] | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    const [from, to] = hit.refs;
    if (to === from) return [hit, 0];
    return [{ ...shiftRefs(hit, from, to, nextRef - from), refs: [nextRef, nextRef + to - from] }, to - from];
  }

  /** Remembers an invocation. */
  store(key: string, invocation: Invocation): void {
    this.entries.set(key, invocation);
  }
}

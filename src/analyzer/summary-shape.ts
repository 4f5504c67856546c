/**
 * The shape of a function summary — what one entry point (or creation) reads, writes and calls — and how raw
 * accesses become one (`finishSummary`), shared by the AST and bytecode paths and the creation summary.
 */
import type { Access, ExternalCall } from "./evaluation-context.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import { type AccessFact, accessFacts, commonFacts } from "./access-conditions.js";

/** A read or write of one symbolic location by a function, with every statement making it. */
export interface LocationAccess {
  location: SymbolicLocation;
  /** Only `+=`/`-=`/`++`/`--` and never otherwise read or overwritten by the function. */
  commutative: boolean;
  /** AST `src` of each expression making the access. */
  srcs: string[];
  /** Made only when these hold (`access-conditions.ts`); absent: on any path. */
  when?: AccessFact[];
  /**
   * For a write: every value it may store at its location, when each write merged here tells (`x = v` at a
   * value-type location, `delete` storing 0 everywhere it writes); absent when one does not (`stored-keys.ts`).
   */
  values?: KeySource[];
}

/** What one entry point of a contract reads, writes and calls. */
export interface FunctionSummary {
  name: string;
  /** `transfer(address,uint256)`, `receive()`, `fallback()`. */
  signature: string;
  /** 4-byte selector as 8 hex digits, `null` for receive/fallback. */
  selector: string | null;
  kind: "function" | "getter" | "receive" | "fallback" | "constructor";
  stateMutability: string;
  /** Parameter names, in order (`arg<i>` when unnamed). */
  params: string[];
  reads: LocationAccess[];
  writes: LocationAccess[];
  /** Accesses made only on paths that revert (`doomed-paths.ts`): covered by the soundness check, not classified. */
  reverting?: LocationAccess[];
  externalCalls: ExternalCall[];
  /** Reasons for accesses the analysis could not place. */
  unknowns: string[];
  /** Makes calls out through which another contract could re-enter this one. */
  reentrant: boolean;
  /** What guards a re-entrant call out (`none` when nothing does, or when the function makes none). */
  reentrancyGuard: ReentrancyGuard;
  /** AST `src` of the declaration. */
  src: string;
}

/**
 * The re-entrancy guard found on a function: a `nonReentrant` modifier, another lock (a `lock`-style modifier or
 * a lock variable the function writes), checks-effects-interactions (no storage write after the first call
 * out, in evaluation order), or none.
 */
export type ReentrancyGuard = "nonReentrant" | "lock" | "checks-effects-interactions" | "none";

const ZERO: KeySource = { kind: "const", text: "0", value: "0" };

/** A key naming one value for the whole transaction: the sender, the origin, a parameter, a known constant. */
function stable(k: KeySource): boolean {
  if (k.kind === "expr") return !k.op.startsWith("calldata") && k.args.every(stable);
  return (
    k.kind === "sender" || k.kind === "origin" || k.kind === "param" || (k.kind === "const" && k.value !== undefined)
  );
}

/** The value a write stores at its own location, when it tells: `delete` (zeros), `x = v` at a value type. */
function storedValue(a: Access): KeySource | undefined {
  if (a.mode !== "write" || a.commutative) return undefined;
  if (a.zeroes === true) return ZERO;
  const [only, ...more] = a.stores ?? [];
  const exact = a.location.type.kind === "value" && only?.location.text === a.location.text && more.length === 0;
  return exact && only !== undefined && stable(only.value) ? only.value : undefined;
}

/** Adds `value` to the values a merged write stores (`undefined`: one of them does not tell, so none kept). */
function addValue(into: LocationAccess, value: KeySource | undefined, first: boolean): void {
  if (value === undefined) delete into.values;
  else if (first) into.values = [value];
  else if (into.values && !into.values.some((v) => JSON.stringify(v) === JSON.stringify(value)))
    into.values.push(value);
}

function group(accesses: Access[], mode: "read" | "write"): LocationAccess[] {
  const byKey = new Map<string, LocationAccess>();
  for (const a of accesses) {
    if (a.mode !== mode) continue;
    const key = `${a.location.text}|${a.location.deep}|${a.commutative}`;
    const found = byKey.get(key);
    const when = accessFacts(a.when);
    if (found === undefined) {
      const access = { location: a.location, commutative: a.commutative, srcs: [a.src], ...(when ? { when } : {}) };
      if (mode === "write") addValue(access, storedValue(a), true);
      byKey.set(key, access);
      continue;
    }
    if (!found.srcs.includes(a.src)) found.srcs.push(a.src);
    if (mode === "write") addValue(found, storedValue(a), false);
    const common = commonFacts(found.when, when);
    if (common === undefined) delete found.when;
    else found.when = common;
  }
  return [...byKey.values()];
}

/** Downgrades commutative writes whose location the function also reads or overwrites. */
function settleCommutative(
  reads: LocationAccess[],
  writes: LocationAccess[],
): { reads: LocationAccess[]; writes: LocationAccess[] } {
  const readTexts = new Set(reads.map((r) => r.location.text));
  const plainWrites = new Set(writes.filter((w) => !w.commutative).map((w) => w.location.text));
  const extraReads: LocationAccess[] = [];
  const settled = writes.map((w) => {
    if (!w.commutative || (!readTexts.has(w.location.text) && !plainWrites.has(w.location.text))) return w;
    if (!readTexts.has(w.location.text)) extraReads.push({ ...w, commutative: false });
    return { ...w, commutative: false };
  });
  return { reads: [...reads, ...extraReads], writes: settled };
}

/** Builds a summary from raw accesses and calls (entry points, creation, the bytecode fallback). */
export function finishSummary(p: {
  name: string;
  signature: string;
  selector: string | null;
  kind: FunctionSummary["kind"];
  stateMutability: string;
  params: string[];
  accesses: Access[];
  calls: ExternalCall[];
  src: string;
}): FunctionSummary {
  const { name, signature, selector, kind, stateMutability, params, accesses, calls, src } = p;
  const live = accesses.filter((a) => !a.reverting);
  const { reads, writes } = settleCommutative(group(live, "read"), group(live, "write"));
  const doomed = accesses.filter((a) => a.reverting);
  const reverting = [...group(doomed, "read"), ...group(doomed, "write")];
  const unknowns = [
    ...new Set(
      accesses
        .filter((a) => a.location.root.kind === "unknown")
        .map((a) => (a.location.root as { reason: string }).reason),
    ),
  ];
  // One call site evaluated under different facts (an internal function called twice): made under either.
  const bySite = new Map<string, ExternalCall>();
  for (const c of calls) {
    const site = `${c.kind}|${c.target}|${c.fn}|${c.src}`;
    const seen = bySite.get(site);
    const same = seen === undefined || JSON.stringify(seen.when) === JSON.stringify(c.when);
    bySite.set(site, same ? c : withoutWhen(c));
  }
  const uniqueCalls = [...bySite.values()];
  const reentrant = uniqueCalls.some((c) => c.target !== "this");
  return {
    name,
    signature,
    selector,
    kind,
    stateMutability,
    params,
    reads,
    writes,
    ...(reverting.length > 0 ? { reverting } : {}),
    externalCalls: uniqueCalls,
    unknowns,
    reentrant,
    reentrancyGuard: "none",
    src,
  };
}

function withoutWhen(c: ExternalCall): ExternalCall {
  const copy = { ...c };
  delete copy.when;
  return copy;
}

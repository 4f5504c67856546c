/**
 * The shape of a function summary — what one entry point (or creation) reads, writes and calls — and how raw
 * accesses become one (`finishSummary`), shared by the AST and bytecode paths and the creation summary.
 */
import type { Access, ExternalCall } from "./evaluation-context.js";
import type { SymbolicLocation } from "./locations.js";
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

function group(accesses: Access[], mode: "read" | "write"): LocationAccess[] {
  const byKey = new Map<string, LocationAccess>();
  for (const a of accesses) {
    if (a.mode !== mode) continue;
    const key = `${a.location.text}|${a.location.deep}|${a.commutative}`;
    const found = byKey.get(key);
    const when = accessFacts(a.when);
    if (found === undefined) {
      byKey.set(key, { location: a.location, commutative: a.commutative, srcs: [a.src], ...(when ? { when } : {}) });
      continue;
    }
    if (!found.srcs.includes(a.src)) found.srcs.push(a.src);
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

/**
 * Pair classes across contract boundaries: two entry points of one contract (one instance, so `address(this)`
 * and immutables are the same on both sides) meet in another contract's storage when their composed accesses
 * (`compose-calls.ts`) hit the same class, the same instance and aliasing locations. The instance becomes the
 * first key level under a root per class, so the ordinary alias check and clauses apply: contracts of different
 * classes never share storage, two instances of one class only when their address keys are equal.
 */
import { type ConflictClass, type ConflictClause, type PairConflict, classifyPair } from "./classify-conflicts.js";
import type { ComposedAccess } from "./compose-calls.js";
import { keccakBig } from "./constants.js";
import type { FunctionSummary, LocationAccess } from "./function-summaries.js";
import type { KeySource, SymbolicLocation } from "./locations.js";

/** The verdict of a pair over other contracts' storage reached through calls. */
export interface AcrossVerdict {
  class: ConflictClass;
  clauses: ConflictClause[];
  words: string;
  reasons: string[];
  /** The verdict for two calls with one msg.sender, when it differs. */
  sameSender?: { class: ConflictClass; clauses: ConflictClause[]; words: string };
}

const classRoots = new Map<string, bigint>();

function classRoot(name: string): bigint {
  const found = classRoots.get(name);
  if (found !== undefined) return found;
  const slot = keccakBig(new TextEncoder().encode(`hardhat-parallel/class/${name}`));
  classRoots.set(name, slot);
  return slot;
}

/**
 * An instance read from a state variable (`token0`, `asset`) is the same for both calls of one contract unless
 * one of them writes the variable — and then they conflict on it anyway: equal texts are equal instances. Any
 * other instance key keeps its equality term.
 */
function sameOnBothSides(instance: KeySource): KeySource {
  return instance.kind === "storage" ? { kind: "const", text: instance.text } : instance;
}

/**
 * The location inside its class and instance: root = the class, first key = the instance, then its levels.
 * `oneCaller`: both sides run in one instance of the calling contract (its state variables name one instance).
 */
export function lift(a: ComposedAccess, oneCaller = true): SymbolicLocation {
  const [first, ...rest] = a.location.levels;
  // An unknown location meets anything; an ETH balance is an account's, whatever class reached it.
  if (a.location.root.kind === "unknown" || a.location.root.kind === "balance" || first === undefined)
    return a.location;
  return {
    ...a.location,
    levels: [
      { via: "root", start: classRoot(a.contract), span: 1n },
      { ...first, via: "map", key: oneCaller ? sameOnBothSides(a.instance) : a.instance },
      ...rest,
    ],
  };
}

function access(a: ComposedAccess): LocationAccess {
  return { location: lift(a), commutative: a.commutative, srcs: [] };
}

function pseudo(s: FunctionSummary, composed: readonly ComposedAccess[]): FunctionSummary {
  return {
    ...s,
    reads: composed.filter((a) => a.mode === "read").map(access),
    writes: composed.filter((a) => a.mode === "write").map(access),
    externalCalls: [],
    reentrant: false,
    reentrancyGuard: "none",
  };
}

/** Classifies two entry points of one contract over the storage their calls reach in other contracts. */
export function classifyAcross(
  f: FunctionSummary,
  g: FunctionSummary,
  cf: readonly ComposedAccess[],
  cg: readonly ComposedAccess[],
): AcrossVerdict {
  const pair: PairConflict = classifyPair(pseudo(f, cf), pseudo(g, cg));
  return {
    class: pair.class,
    clauses: pair.clauses,
    words: pair.words,
    reasons: pair.reasons,
    ...(pair.sameSender !== undefined ? { sameSender: pair.sameSender } : {}),
  };
}

/** Adds the `across` verdict to every pair where a side reaches other contracts' storage. */
export function attachAcross(
  pairs: PairConflict[],
  summaries: readonly FunctionSummary[],
  composed: ReadonlyMap<FunctionSummary, readonly ComposedAccess[]>,
): void {
  const bySignature = new Map(summaries.map((s) => [s.signature, s]));
  for (const pair of pairs) {
    const f = bySignature.get(pair.a);
    const g = bySignature.get(pair.b);
    if (f === undefined || g === undefined) continue;
    const cf = composed.get(f) ?? [];
    const cg = composed.get(g) ?? [];
    if (cf.length === 0 && cg.length === 0) continue;
    pair.across = classifyAcross(f, g, cf, cg);
  }
}

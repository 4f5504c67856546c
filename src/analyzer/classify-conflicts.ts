/**
 * Conflict classes for every pair of entry points of a contract, as two transactions from different senders.
 * Each access pair with at least one write is alias-checked; the pair's class is `always` if some slot is
 * shared whatever the arguments (and not only by commutative updates), `unknown` if an access or key cannot
 * be placed, `key-dependent` with the aliasing condition (a disjunction of key equalities) otherwise,
 * `commutative-only` when only add/subtract updates meet, else `none`. A call out through which another
 * contract could re-enter does not change the class: it is a separate caveat naming the calls and the guard.
 */
import { type KeyEquality, alias } from "./alias.js";
import type { AcrossVerdict } from "./classify-across.js";
import type { ExternalCall } from "./collect-accesses.js";
import type { FunctionSummary, ReentrancyGuard } from "./function-summaries.js";
import { withReentrantCallbacks } from "./reentrant-callbacks.js";
import { type KeySource, keyText, rootLabel } from "./locations.js";
import type { SourcePosition } from "./source-locations.js";
import { isBalance } from "./eth-balance.js";
import { keyId } from "./key-value-sets.js";

/** The conflict class of a pair of functions. */
export type ConflictClass = "none" | "key-dependent" | "always" | "commutative-only" | "unknown";

/** One way the pair can meet: on these locations, iff all equalities hold (none → always). */
export interface ConflictClause {
  /** Location as the first function accesses it, and as the second does. */
  a: string;
  b: string;
  /** Root variable (or namespace/slot) label, for grouping. */
  variable: string;
  terms: KeyEquality[];
  /** Both sides only add/subtract: resolvable with delta writes. */
  commutative: boolean;
  /** The two locations are different variables packed in one slot. */
  falseSharing: boolean;
  /** Unknown keys at other levels were left out: the pair may only conflict when these terms hold. */
  approximate?: true;
}

/** The classification of one (unordered) pair of entry points. */
export interface PairConflict {
  a: string;
  b: string;
  class: ConflictClass;
  /** Conflict iff any clause holds (data form of the condition). */
  clauses: ConflictClause[];
  /** The condition in words (second transaction's keys are primed). */
  words: string;
  /** Why the class is unknown, if it is. */
  reasons: string[];
  /** One side calls out and a re-entrant call could touch any slot of this contract (the class ignores it). */
  reentrancy?: ReentrancyCaveat;
  /** The verdict when both calls have the same msg.sender (one contract calling twice), if it differs. */
  sameSender?: SameSenderVerdict;
  /** The verdict over other contracts' storage the two functions reach through calls (`classify-across.ts`). */
  across?: AcrossVerdict;
}

/** Class, clauses and words of a pair whose two calls share msg.sender (and tx.origin). */
export interface SameSenderVerdict {
  class: ConflictClass;
  clauses: ConflictClause[];
  words: string;
}

/** Re-entrancy as a caveat of a pair: who calls out, where, and what guards it. */
export interface ReentrancyCaveat {
  /** Signature of the entry point whose calls out could re-enter. */
  function: string;
  /** Its calls out (at most three), located. */
  calls: (ExternalCall & { at?: SourcePosition })[];
  guard: ReentrancyGuard;
  text: string;
}

/** An unknown key that is not a bounded index: a term no execution can decide statically. */
const isUnknown = (t: KeyEquality) => !t.bounded && (t.a.kind === "unknown" || t.b.kind === "unknown");

function clausesOf(f: FunctionSummary, g: FunctionSummary, reasons: string[], sameSender = false): ConflictClause[] {
  const clauses: ConflictClause[] = [];
  // Each of f's reads then writes against each of g's reads then writes (two reads never meet), in that order.
  const gs = [[false, g.reads] as const, [true, g.writes] as const];
  for (const [w, xs] of [[false, f.reads] as const, [true, f.writes] as const]) {
    for (const x of xs) {
      for (const [v, ys] of gs) {
        if (!w && !v) continue;
        for (const y of ys) {
          const clause = clauseOf(x, w, y, v, reasons, sameSender);
          if (clause !== undefined) clauses.push(clause);
        }
      }
    }
  }
  return dedupe(clauses);
}

type Access = FunctionSummary["reads"][number];

/** The clause under which access `x` (a write when `w`) meets `y` (when `v`); `reasons` gets why when unknown. */
function clauseOf(
  x: Access,
  w: boolean,
  y: Access,
  v: boolean,
  reasons: string[],
  sameSender: boolean,
): ConflictClause | undefined {
  // Two credits of an ETH balance nothing observes are deltas the runtime commutes (`eth-balance.ts`).
  if (w && v && x.commutative && y.commutative && isBalance(x.location) && isBalance(y.location)) return undefined;
  const result = alias(x.location, y.location, sameSender);
  if (result.kind === "never") return undefined;
  if (result.kind === "unknown") {
    reasons.push(result.reason);
    return undefined;
  }
  // A computed index into a fixed-size array is a may-alias key (iff equal); an unknown mapping key is not.
  // Unknown keys drop out of a clause another key level still decides (a weaker, sound condition).
  const known = result.terms.filter((t) => !isUnknown(t));
  const dropped = result.terms.length - known.length;
  if (dropped > 0 && known.length === 0)
    reasons.push(`key of ${x.location.text} or ${y.location.text} is not known statically`);
  const commutative = w && v && x.commutative && y.commutative;
  return {
    a: x.location.text,
    b: y.location.text,
    variable: rootLabel(x.location),
    terms: dropped > 0 && known.length > 0 ? known : result.terms,
    commutative,
    falseSharing: result.falseSharing,
    ...(dropped > 0 && known.length > 0 ? { approximate: true as const } : {}),
  };
}

/** `JSON.stringify` of a term (`{a, b}` or `{a, b, bounded}`, in that order), its keys' text cached (`keyId`). */
const termText = (t: KeyEquality) =>
  `{"a":${keyId(t.a)},"b":${keyId(t.b)}${t.bounded === true ? ',"bounded":true' : ""}}`;

function dedupe(clauses: ConflictClause[]): ConflictClause[] {
  if (clauses.length < 2) return clauses;
  const byKey = new Map<string, ConflictClause>();
  for (const c of clauses) {
    const key = `${c.variable}|${c.commutative}|[${c.terms.map(termText).join(",")}]`;
    if (!byKey.has(key)) byKey.set(key, c);
  }
  return [...byKey.values()];
}

function reentrancy(s: FunctionSummary): "none" | "read" | "write" {
  if (!s.reentrant) return "none";
  return s.externalCalls.every((c) => c.kind === "staticcall" || c.target === "this") ? "read" : "write";
}

function touches(s: FunctionSummary, writesOnly: boolean): boolean {
  return s.writes.length > 0 || (!writesOnly && s.reads.length > 0);
}

function reentrancyCaveat(
  f: FunctionSummary,
  g: FunctionSummary,
  locate: (src: string) => SourcePosition | undefined,
): ReentrancyCaveat | undefined {
  for (const [x, y] of [
    [f, g],
    [g, f],
  ] as const) {
    const r = reentrancy(x);
    if ((r === "write" && touches(y, false)) || (r === "read" && touches(y, true))) {
      const calls = x.externalCalls.filter((c) => c.target !== "this").slice(0, 3);
      const targets = [...new Set(calls.map((c) => `${c.target}.${c.fn}`))].join(", ");
      const guard = x.reentrancyGuard === "none" ? "no guard found" : `guard: ${x.reentrancyGuard}`;
      return {
        function: x.signature,
        calls: calls.map((c) => {
          const at = locate(c.src);
          return { ...c, ...(at ? { at } : {}) };
        }),
        guard: x.reentrancyGuard,
        text: `${x.name} calls out (${targets}); a re-entrant call could access any slot of this contract (${guard})`,
      };
    }
  }
  return undefined;
}

function classOf(clauses: ConflictClause[], reasons: string[]): ConflictClass {
  const plain = clauses.filter((c) => !c.commutative);
  if (plain.some((c) => c.terms.length === 0)) return "always";
  if (reasons.length > 0) return "unknown";
  if (plain.length > 0) return "key-dependent";
  return clauses.length > 0 ? "commutative-only" : "none";
}

/** Whether a key is, or is computed from, msg.sender / tx.origin (`keccak256(msg.sender, ...)`). */
function fromSender(k: KeySource | undefined): boolean {
  if (k?.kind === "expr") return k.args.some(fromSender);
  return k?.kind === "sender" || k?.kind === "origin";
}

function usesSender(s: FunctionSummary): boolean {
  const sender = (l: { key?: KeySource }) => fromSender(l.key);
  return [...s.reads, ...s.writes].some((a) => a.location.levels.some(sender));
}

/** The pair as two calls from one sender (a contract calling twice), when that differs from different senders. */
function sameSenderVerdict(f: FunctionSummary, g: FunctionSummary, pair: PairConflict): SameSenderVerdict | undefined {
  if (!usesSender(f) && !usesSender(g)) return undefined;
  const reasons: string[] = [];
  const clauses = clausesOf(f, g, reasons, true);
  if (clauses.length === pair.clauses.length) return undefined;
  const verdict = { class: classOf(clauses, reasons), clauses, words: "" };
  verdict.words = describe({ ...pair, ...verdict, reasons: [...new Set(reasons)] });
  return verdict;
}

/** Classifies one pair of entry points (transactions from different senders; `sameSender` for one sender). */
export function classifyPair(
  f: FunctionSummary,
  g: FunctionSummary,
  locate: (src: string) => SourcePosition | undefined = () => undefined,
): PairConflict {
  const reasons: string[] = [];
  const clauses = clausesOf(f, g, reasons);
  const pair: PairConflict = {
    a: f.signature,
    b: g.signature,
    class: classOf(clauses, reasons),
    clauses,
    words: "",
    reasons: [...new Set(reasons)],
  };
  const caveat = reentrancyCaveat(f, g, locate);
  if (caveat !== undefined) pair.reentrancy = caveat;
  pair.words = describe(pair);
  const same = sameSenderVerdict(f, g, pair);
  if (same !== undefined) pair.sameSender = same;
  return pair;
}

function prime(k: KeySource): string {
  return `${keyText(k)}′`;
}

function setForm(variable: string, clauses: ConflictClause[]): string {
  const as = [...new Set(clauses.map((c) => keyText(c.terms[0]?.a ?? { kind: "sender" })))];
  const bs = [...new Set(clauses.map((c) => keyText(c.terms[0]?.b ?? { kind: "sender" })))];
  const pairs = new Set(clauses.map((c) => termsText(c.terms)));
  const isSender = (t: string) => t === "msg.sender" || t === "tx.origin";
  const possible = as.flatMap((x) => bs.filter((y) => !(isSender(x) && isSender(y))).map((y) => `${x}|${y}`));
  const comm = clauses.filter((c) => c.commutative).map((c) => termsText(c.terms));
  const suffix = comm.length > 0 ? ` (${comm.join(", ")} only through commutative updates)` : "";
  if (possible.length > 1 && possible.length === pairs.size)
    return `${variable}: {${as.join(", ")}} ∩ {${bs.map((b) => `${b}′`).join(", ")}} ≠ ∅${suffix}`;
  return `${variable}: ${[...pairs].join(" or ")}${suffix}`;
}

function termsText(terms: KeyEquality[]): string {
  return terms.map((t) => `${keyText(t.a)} = ${prime(t.b)}`).join(" and ");
}

function describe(pair: PairConflict): string {
  const fixed = [...new Set(pair.clauses.filter((c) => c.terms.length === 0 && !c.commutative).map((c) => c.variable))];
  const commFixed = [
    ...new Set(pair.clauses.filter((c) => c.terms.length === 0 && c.commutative).map((c) => c.variable)),
  ];
  switch (pair.class) {
    case "none":
      return "never conflict";
    case "always":
      return `always conflict on ${fixed.join(", ")}`;
    case "commutative-only":
      return `conflict only through commutative updates of ${[...new Set(pair.clauses.map((c) => c.variable))].join(", ")} (resolvable with delta writes)`;
    case "unknown":
      return `unknown (treated as conflicting): ${pair.reasons.join("; ")}`;
    case "key-dependent": {
      const single = pair.clauses.filter((c) => c.terms.length === 1);
      const multi = pair.clauses.filter((c) => c.terms.length > 1 && !c.commutative);
      const byVar = new Map<string, ConflictClause[]>();
      for (const c of single) byVar.set(c.variable, [...(byVar.get(c.variable) ?? []), c]);
      const parts = [...byVar].map(([v, cs]) => setForm(v, cs));
      for (const c of multi) parts.push(`${c.variable}: ${termsText(c.terms)}`);
      const comm = commFixed.length > 0 ? `; always meet in commutative updates of ${commFixed.join(", ")}` : "";
      const approx = pair.clauses.some((c) => c.approximate) ? " (keys not known statically left out)" : "";
      return `conflict iff ${parts.join(" or ")}${comm}${approx}`;
    }
  }
}

/**
 * Classifies every unordered pair (including each function with itself) of a contract's entry points, a call
 * out seeing what the contract's callbacks access (`reentrant-callbacks.ts`).
 */
export function classifyContract(
  summaries: FunctionSummary[],
  locate: (src: string) => SourcePosition | undefined = () => undefined,
): PairConflict[] {
  const pairs: PairConflict[] = [];
  const seen = withReentrantCallbacks(summaries);
  for (let i = 0; i < seen.length; i++) {
    for (let j = i; j < seen.length; j++) {
      const f = seen[i];
      const g = seen[j];
      if (f !== undefined && g !== undefined) pairs.push(classifyPair(f, g, locate));
    }
  }
  return pairs;
}

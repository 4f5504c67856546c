/**
 * The checks behind the chai matchers and the node:test assertions, framework-free: each takes a subject — a
 * block from `mineBlock`, or transactions it mined (hashes, ethers responses, viem hashes, receipts) — and
 * answers whether the check passes with the message for either outcome. Failure messages name the
 * location, both transactions' functions and the source lines of the write and the read. A subject without
 * execution facts (Hardhat's own network) is `skipped` with the reason.
 */
import type { BlockAccess, Conflict, ExecutionFacts, MinedBlock, TransactionFacts } from "./block-facts.js";
import { ParallelAssertionError } from "./errors.js";
import { checkPattern, matchesPattern, parsePattern } from "./label-pattern.js";
import { minedBlockOf } from "./mine-block.js";

/** A transaction as tests hold it: a hash, or an object with `hash` / `transactionHash`. */
export type TransactionLike = string | { readonly hash: string } | { readonly transactionHash: string };

/** What the checks take. */
export type CheckSubject = MinedBlock | readonly TransactionLike[];

/** The outcome of a check. */
export type CheckOutcome =
  | { readonly kind: "checked"; readonly pass: boolean; readonly message: string; readonly negatedMessage: string }
  | { readonly kind: "skipped"; readonly reason: string };

interface Scope {
  readonly facts: ExecutionFacts;
  readonly what: string;
  readonly conflicts: readonly Conflict[];
  /** Indexes of the transactions in scope. */
  readonly indexes: readonly number[];
}

function isBlock(subject: unknown): subject is MinedBlock {
  return typeof subject === "object" && subject !== null && "receipts" in subject && "facts" in subject;
}

function hashOf(tx: TransactionLike): string {
  if (typeof tx === "string") return tx.toLowerCase();
  if ("hash" in tx && typeof tx.hash === "string") return tx.hash.toLowerCase();
  if ("transactionHash" in tx && typeof tx.transactionHash === "string") return tx.transactionHash.toLowerCase();
  throw new ParallelAssertionError("expected a transaction hash, response or receipt in the list");
}

function blockOfAll(hashes: readonly string[]): MinedBlock {
  const blocks = hashes.map((h) => {
    const block = minedBlockOf(h);
    if (block === undefined) {
      throw new ParallelAssertionError(
        `transaction ${h} was not mined by mineBlock: send the transactions inside one mineBlock callback ` +
          "and assert on them after it returns.",
      );
    }
    return block;
  });
  const first = blocks[0];
  if (first === undefined || blocks.some((b) => b !== first)) {
    throw new ParallelAssertionError(
      "the transactions were mined in different blocks: put them in the same mineBlock callback.",
    );
  }
  return first;
}

/** The facts and conflicts a subject covers, or why there are none. */
function scopeOf(subject: unknown): Scope | { skipped: string } {
  if (!isBlock(subject) && !Array.isArray(subject)) {
    throw new ParallelAssertionError(
      "expected a block returned by mineBlock, or an array of the transactions it mined (hashes or responses)",
    );
  }
  const hashes = isBlock(subject) ? undefined : (subject as readonly TransactionLike[]).map(hashOf);
  if (hashes !== undefined && hashes.length < 2) {
    throw new ParallelAssertionError("a list of transactions needs at least two of them");
  }
  const block = hashes === undefined ? (subject as MinedBlock) : blockOfAll(hashes);
  const facts = block.facts;
  if (facts === undefined) return { skipped: block.unavailable ?? "no execution facts" };
  if (hashes === undefined) {
    const indexes = facts.transactions.map((_, i) => i);
    return { facts, what: `block ${block.number}`, conflicts: facts.conflicts, indexes };
  }
  const indexes = hashes.map((h) => facts.transactions.findIndex((t) => t.hash.toLowerCase() === h));
  const inScope = (i: number): boolean => indexes.includes(i);
  const conflicts = facts.conflicts.filter((c) => inScope(c.from) && inScope(c.to));
  return { facts, what: `transactions ${indexes.join(", ")} of block ${block.number}`, conflicts, indexes };
}

function txName(t: TransactionFacts | undefined, index: number): string {
  if (t === undefined) return `tx ${index}`;
  const fn = t.function ?? (t.to === null ? "contract creation" : `call to ${t.to}`);
  return `tx ${index} (${t.contract === null ? fn : `${t.contract}.${fn}`})`;
}

/** One line per conflicting location: what, where it is written, where it is read. */
export function describeConflict(facts: ExecutionFacts, c: Conflict): string[] {
  const writer = txName(facts.transactions[c.from], c.from);
  const reader = txName(facts.transactions[c.to], c.to);
  return c.locations.map((l) => {
    const declared = l.declaration === undefined ? "" : ` (declared at ${l.declaration})`;
    const wrote = l.writtenAt === undefined ? "" : ` at ${l.writtenAt}`;
    const read = l.readAt === undefined ? "" : ` at ${l.readAt}`;
    return `${l.label}${declared}: written by ${writer}${wrote}, read by ${reader}${read}`;
  });
}

function listConflicts(scope: Scope, conflicts: readonly Conflict[]): string {
  return conflicts.flatMap((c) => describeConflict(scope.facts, c).map((line) => `\n  - ${line}`)).join("");
}

/** The subject's transactions have no conflicts (they would all run in parallel). */
export function checkNoConflicts(subject: unknown, verb = "run in parallel"): CheckOutcome {
  const scope = scopeOf(subject);
  if ("skipped" in scope) return { kind: "skipped", reason: scope.skipped };
  const n = scope.conflicts.length;
  return {
    kind: "checked",
    pass: n === 0,
    message: `expected ${scope.what} to ${verb}, but ${n} conflict(s):${listConflicts(scope, scope.conflicts)}`,
    negatedMessage: `expected ${scope.what} not to ${verb}, but none of its transactions depends on another`,
  };
}

/** Locations where running `later` before `earlier` would change a value read or left behind. */
function orderSensitive(earlier: TransactionFacts, later: TransactionFacts): string[] {
  const keys = (list: readonly BlockAccess[]): Set<string> => new Set(list.map((a) => a.location));
  const [r1, w1, d1] = [keys(earlier.reads), keys(earlier.writes), keys(earlier.deltas)];
  const [r2, w2, d2] = [keys(later.reads), keys(later.writes), keys(later.deltas)];
  const labels = new Map([...earlier.reads, ...earlier.writes, ...earlier.deltas].map((a) => [a.location, a.label]));
  const out: string[] = [];
  for (const [key, label] of labels) {
    const readsOther = r1.has(key) && (w2.has(key) || d2.has(key));
    const otherReads = r2.has(key) && (w1.has(key) || d1.has(key));
    const overwrites = (w1.has(key) && (w2.has(key) || d2.has(key))) || (d1.has(key) && w2.has(key));
    if (readsOther || otherReads || overwrites) out.push(label);
  }
  return out;
}

/**
 * The listed transactions give the same results in either order: no pair reads what the other writes or
 * credits, or writes what the other writes (two credits of one balance commute). Stricter than the
 * dependency edges, which only look at block order.
 */
export function checkCommute(subject: unknown): CheckOutcome {
  const scope = scopeOf(subject);
  if ("skipped" in scope) return { kind: "skipped", reason: scope.skipped };
  const lines: string[] = [];
  for (const i of scope.indexes) {
    for (const j of scope.indexes) {
      const [a, b] = [scope.facts.transactions[i], scope.facts.transactions[j]];
      if (i >= j || a === undefined || b === undefined) continue;
      for (const label of orderSensitive(a, b)) lines.push(`\n  - ${label}: ${txName(a, i)} and ${txName(b, j)}`);
    }
  }
  return {
    kind: "checked",
    pass: lines.length === 0,
    message: `expected ${scope.what} to commute, but their order matters on:${lines.join("")}`,
    negatedMessage: `expected ${scope.what} not to commute, but no location they share is written by either`,
  };
}

/** Conflicts of the scope on locations matching `pattern` (checked against the chain's variables). */
function conflictsOn(scope: Scope, text: string): Conflict[] {
  const pattern = parsePattern(text);
  checkPattern(pattern, scope.facts.variables);
  return scope.conflicts
    .map((c) => ({ ...c, locations: c.locations.filter((l) => matchesPattern(pattern, l.label, l.location)) }))
    .filter((c) => c.locations.length > 0);
}

/** The subject has at least one conflict on a location matching `pattern`. */
export function checkConflictOn(subject: unknown, pattern: string): CheckOutcome {
  const scope = scopeOf(subject);
  if ("skipped" in scope) return { kind: "skipped", reason: scope.skipped };
  const found = conflictsOn(scope, pattern);
  const others = [...new Set(scope.conflicts.flatMap((c) => c.locations.map((l) => l.label)))];
  return {
    kind: "checked",
    pass: found.length > 0,
    message:
      `expected ${scope.what} to conflict on ${pattern}, but ` +
      (others.length === 0 ? "it has no conflicts at all" : `its conflicts are only on ${others.join(", ")}`),
    negatedMessage: `expected ${scope.what} not to conflict on ${pattern}, but:${listConflicts(scope, found)}`,
  };
}

/** The subject has no conflict on any location matching one of `patterns`. */
export function checkNoConflictsOn(subject: unknown, patterns: readonly string[]): CheckOutcome {
  const scope = scopeOf(subject);
  if ("skipped" in scope) return { kind: "skipped", reason: scope.skipped };
  if (patterns.length === 0) throw new ParallelAssertionError("name at least one location, e.g. Token._balances");
  const found = patterns.flatMap((p) => conflictsOn(scope, p));
  return {
    kind: "checked",
    pass: found.length === 0,
    message: `expected ${scope.what} to have no conflicts on ${patterns.join(", ")}, but:${listConflicts(scope, found)}`,
    negatedMessage: `expected ${scope.what} to conflict on ${patterns.join(", ")}, but it does not`,
  };
}

const reported = new Set<string>();

/** Prints, once per reason, that assertions were skipped (no execution facts on this network). */
export function noteSkipped(reason: string, log: (line: string) => void = (l) => console.warn(l)): void {
  if (reported.has(reason)) return;
  reported.add(reason);
  log(`hardhat-parallel: conflict assertions skipped — ${reason}`);
}

/**
 * Plain assertions for node:test + viem projects (no chai): each throws node:assert's `AssertionError` with
 * the same messages as the chai matchers. On a network without execution facts (Hardhat's own) they return
 * without checking and print once why; misuse throws a `ParallelAssertionError`.
 */
import { AssertionError } from "node:assert";

import {
  checkCommute,
  checkConflictOn,
  checkNoConflicts,
  checkNoConflictsOn,
  noteSkipped,
  type CheckOutcome,
  type CheckSubject,
} from "./conflict-checks.js";

function enforce(outcome: CheckOutcome, operator: string): void {
  if (outcome.kind === "skipped") {
    noteSkipped(outcome.reason);
    return;
  }
  if (!outcome.pass) throw new AssertionError({ message: outcome.message, operator });
}

/** Asserts that the block's (or the listed transactions') transactions have no conflicts. */
export function assertRunsInParallel(subject: CheckSubject): void {
  enforce(checkNoConflicts(subject), "runsInParallel");
}

/** Asserts that the listed transactions (mined by one `mineBlock`) give the same results in either order. */
export function assertCommute(transactions: CheckSubject): void {
  enforce(checkCommute(transactions), "commute");
}

/** Asserts at least one conflict on a location matching `label` (`Token._balances[to]`). */
export function assertConflictOn(subject: CheckSubject, label: string): void {
  enforce(checkConflictOn(subject, label), "conflictOn");
}

/** Asserts no conflict on a location matching any of `labels`. */
export function assertNoConflictsOn(subject: CheckSubject, ...labels: string[]): void {
  enforce(checkNoConflictsOn(subject, labels), "noConflictsOn");
}

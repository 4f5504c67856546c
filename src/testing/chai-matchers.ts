/**
 * Chai matchers for hardhat-ethers projects: `chai.use(parallelChaiMatchers)`, then
 * `expect(block).to.runInParallel()`, `expect([txA, txB]).to.commute()`,
 * `expect(block).to.conflictOn("Token._balances[to]")`, `expect(block).to.haveNoConflictsOn("Pool.reserve0")`.
 * On a network without execution facts (Hardhat's own), a matcher passes without checking and prints once
 * why; misuse (an unknown label, a subject that is not from `mineBlock`) throws a `ParallelAssertionError`.
 */
import {
  checkCommute,
  checkConflictOn,
  checkNoConflicts,
  checkNoConflictsOn,
  noteSkipped,
  type CheckOutcome,
} from "./conflict-checks.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    interface Assertion {
      /** The block's (or the listed transactions') transactions have no conflicts. */
      runInParallel(): Assertion;
      /** The listed transactions give the same results in either order (none reads or overwrites what another writes). */
      commute(): Assertion;
      /** At least one conflict is on a location matching `label` (`Token._balances[to]`). */
      conflictOn(label: string): Assertion;
      /** No conflict is on a location matching any of `labels`. */
      haveNoConflictsOn(...labels: string[]): Assertion;
    }
  }
}

interface ChaiAssertionContext {
  readonly _obj: unknown;
  assert(pass: boolean, message: string, negatedMessage: string): void;
}

/** The part of chai the plugin uses. */
export interface ChaiLike {
  readonly Assertion: { addMethod(name: string, fn: (this: ChaiAssertionContext, ...args: string[]) => void): void };
}

function apply(context: ChaiAssertionContext, outcome: CheckOutcome): void {
  if (outcome.kind === "skipped") {
    noteSkipped(outcome.reason);
    return;
  }
  context.assert(outcome.pass, outcome.message, outcome.negatedMessage);
}

/** The chai plugin: `chai.use(parallelChaiMatchers)`. */
export function parallelChaiMatchers(chai: ChaiLike): void {
  chai.Assertion.addMethod("runInParallel", function (this: ChaiAssertionContext) {
    apply(this, checkNoConflicts(this._obj));
  });
  chai.Assertion.addMethod("commute", function (this: ChaiAssertionContext) {
    apply(this, checkCommute(this._obj));
  });
  chai.Assertion.addMethod("conflictOn", function (this: ChaiAssertionContext, label: string) {
    apply(this, checkConflictOn(this._obj, label));
  });
  chai.Assertion.addMethod("haveNoConflictsOn", function (this: ChaiAssertionContext, ...labels: string[]) {
    apply(this, checkNoConflictsOn(this._obj, labels));
  });
}

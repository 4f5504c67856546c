/**
 * What the family ground-truth tests share: calls to a deployed contract, a ring over the world's accounts, and
 * the per-family check (0 false "none", no class contradicted, enough conflicting pairs, few reverts, precision at
 * or above the family's floor) with an optional table of the measured precisions (GROUND_TRUTH_REPORT=1).
 */
import { expect } from "chai";

import type { GroundTruth } from "./ground-truth-check.js";
import type { Call, GroundWorld } from "./ground-truth.js";
import { overall } from "./random-blocks.js";

/** A call builder for contract `contract` at `to`. */
export function at(to: string, contract: string) {
  return (from: string, fn: string, args: unknown[], value?: bigint): Call => ({ from, to, contract, fn, args, value });
}

/** The next and previous account of the world, in a ring. */
export function ring(g: GroundWorld) {
  const n = g.accounts.length;
  return {
    next: (a: string) => g.accounts[(g.accounts.indexOf(a) + 1) % n] ?? a,
    prev: (a: string) => g.accounts[(g.accounts.indexOf(a) + n - 1) % n] ?? a,
  };
}

/** The check of one family against `floors`, and the table of what was measured (for an `after` hook). */
export function familyChecks(floors: Readonly<Record<string, number>>): {
  check: (family: string, truth: GroundTruth) => void;
  table: () => void;
} {
  const measured = new Map<string, number>();
  return {
    check(family, truth) {
      const p = overall(truth);
      measured.set(family, p);
      expect(truth.falseNone, `${family}: false none`).to.deep.equal([]);
      expect(truth.unreached, `${family}: contracts reached only by the record`).to.deep.equal([]);
      expect(truth.classViolations, `${family}: classes contradicted`).to.deep.equal([]);
      const all = [...truth.byContracts.values()];
      expect(
        all.reduce((n, t) => n + t.conflicting, 0),
        `${family}: conflicting pairs`,
      ).to.be.greaterThan(10);
      expect(truth.reverted, `${family}: reverted`).to.be.lessThan(truth.transactions / 3);
      expect(p, `${family}: precision`).to.be.at.least(floors[family] ?? 1);
    },
    table() {
      if (process.env.GROUND_TRUTH_REPORT !== "1") return;
      for (const [family, p] of measured) console.log(`| ${family} | ${(p * 100).toFixed(1)} % |`);
    },
  };
}

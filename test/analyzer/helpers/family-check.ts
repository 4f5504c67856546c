/**
 * What the family ground-truth tests share: calls to a deployed contract, a ring over the world's accounts, and
 * the per-family check (0 false "none", no class contradicted, enough conflicting pairs, few reverts, precision at
 * or above the family's floor) with an optional table of the measured precisions (GROUND_TRUTH_REPORT=1).
 */
import { expect } from "chai";
import { MaxUint256 } from "ethers";

import type { GroundTruth } from "./ground-truth-check.js";
import type { Call, GroundWorld } from "./ground-truth.js";
import { type Action, overall } from "./random-blocks.js";

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

/** An ERC4626 family's setup: each account mints the asset, approves the vault and its neighbour, deposits. */
export function vaultSetup(g: GroundWorld, asset: ReturnType<typeof at>, vault: ReturnType<typeof at>, at_: string) {
  const { next } = ring(g);
  return g.accounts.flatMap((a) => [
    asset(a, "mint", [a, 10n ** 24n]),
    asset(a, "approve", [at_, MaxUint256]),
    vault(a, "approve", [next(a), MaxUint256]),
    vault(a, "deposit", [10n ** 20n, a]),
  ]);
}

/** The share actions every ERC4626 family runs, in this order: deposit, mint, withdraw, redeem, transfers. */
export function vaultActions(g: GroundWorld, vault: ReturnType<typeof at>): Action[] {
  const { prev } = ring(g);
  return [
    (f, o, v) => vault(f, "deposit", [v * 10n ** 9n, o]),
    (f, o, v) => vault(f, "mint", [v * 10n ** 9n, o]),
    (f, o, v) => vault(f, "withdraw", [v, o, f]),
    (f, o, v) => vault(f, "redeem", [v, o, f]),
    (f, o, v) => vault(f, "transfer", [o, v]),
    (f, o, v) => vault(f, "transferFrom", [prev(f), o, v]),
  ];
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

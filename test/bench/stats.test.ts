import { expect } from "chai";

import { interleaved, interquartileMean, quantile, summarize, twinCheck } from "../../bench/stats.js";

describe("bench statistics", () => {
  it("quantile interpolates and the interquartile mean drops the outer quarters", () => {
    const xs = [10, 1, 7, 3, 5, 9, 2, 8, 4, 6, 100, 200];
    expect(quantile(xs, 0)).to.equal(1);
    expect(quantile(xs, 1)).to.equal(200);
    expect(quantile([1, 2, 3, 4], 0.5)).to.equal(2.5);
    // Sorted: 1..10, 100, 200; the middle half is 4..9.
    expect(interquartileMean(xs)).to.equal((4 + 5 + 6 + 7 + 8 + 9) / 6);
    expect(interquartileMean([3, 1])).to.equal(2);
    const s = summarize(xs);
    expect(s.p25).to.be.lessThan(s.median);
    expect(s.iqm).to.equal(6.5);
  });

  it("twinCheck compares by the estimator it is given", () => {
    const a = [100, 100, 100, 300];
    const b = [100, 100, 100, 100];
    expect(twinCheck("a", a, "b", b).agree).to.equal(true);
    expect(twinCheck("a", a, "b", b, (xs) => xs.reduce((x, y) => x + y, 0) / xs.length).agree).to.equal(false);
  });

  it("interleaved keeps adding rounds until the rule is satisfied, never beyond its cap", async () => {
    const count = async (converged: (n: number) => boolean, min: number, max: number): Promise<number[]> => {
      const calls: string[] = [];
      const samples = await interleaved(
        ["x", "y"] as const,
        min,
        1,
        async (c) => {
          calls.push(c);
          return calls.length;
        },
        { maxRounds: max, converged: (s) => converged(s.get("x")?.length ?? 0) },
      );
      return [samples.get("x")?.length ?? 0, samples.get("y")?.length ?? 0, calls.length];
    };
    // Converged from the start: the minimum only (plus the warm-up round, not kept).
    expect(await count(() => true, 3, 10)).to.deep.equal([3, 3, 8]);
    // Converges once 6 rounds are kept.
    expect(await count((n) => n >= 6, 3, 10)).to.deep.equal([6, 6, 14]);
    // Never converges: stops at the cap.
    expect(await count(() => false, 3, 10)).to.deep.equal([10, 10, 22]);
  });
});

import { expect } from "chai";

import { LEARN_SAMPLE, learningSample } from "../../../../src/runtime/parallel/sharded/learning-sample.js";

describe("learningSample", () => {
  it("learns from every transaction of a small block", () => {
    expect(learningSample(5, 3)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(learningSample(0, 0)).to.deep.equal([]);
    expect(learningSample(LEARN_SAMPLE, 7)).to.have.length(LEARN_SAMPLE);
  });

  it("takes LEARN_SAMPLE distinct, increasing, in-range positions spread over a large block", () => {
    for (const round of [0, 1, 2, 17]) {
      const picked = learningSample(1000, round);
      expect(picked).to.have.length(LEARN_SAMPLE);
      expect(new Set(picked).size).to.equal(LEARN_SAMPLE);
      picked.forEach((k, i) => {
        expect(k).to.be.within(0, 999);
        if (i > 0) expect(k).to.be.greaterThan(picked[i - 1] ?? -1);
      });
      expect(picked[0]).to.be.below(1000 / LEARN_SAMPLE);
      expect(picked.at(-1)).to.be.at.least(1000 - 2 * (1000 / LEARN_SAMPLE));
    }
  });

  it("moves its offset every round, so that every position is learnt from within a few blocks", () => {
    expect(learningSample(1000, 1)).to.not.deep.equal(learningSample(1000, 0));
    const seen = new Set<number>();
    for (let round = 0; round < 24; round++) for (const k of learningSample(1000, round)) seen.add(k);
    expect(seen.size).to.equal(1000);
  });
});

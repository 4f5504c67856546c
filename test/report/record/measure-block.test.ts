import { expect } from "chai";

import { fellBack, lost, measuredRun, type Mined } from "../../../src/report/record/measure-block.js";

const sequential: Mined = { ms: 100, stats: { strategy: "sequential", reason: "configured" } };
const slowParallel: Mined = { ms: 130, stats: { strategy: "block-stm", reason: "parallel: probe found 0% dependent" } };
const fellBackMined: Mined = {
  ms: 101,
  stats: { strategy: "sequential", reason: "measured-loss: the last parallel block took 120 ms, ≈ 95 ms predicted" },
};

describe("the measured re-run of a block (measure-block.ts)", () => {
  it("counts as lost only a block that ran in parallel and took longer than its sequential mining", () => {
    expect(lost(slowParallel, sequential)).to.equal(true);
    expect(lost({ ...slowParallel, ms: 90 }, sequential)).to.equal(false);
    expect(lost({ ...fellBackMined, ms: 130 }, sequential)).to.equal(false);
    expect(lost(undefined, sequential)).to.equal(false);
  });

  it("after a loss, reports the executor's next block of the shape, and keeps both blocks for the reason", () => {
    const run = measuredRun(2, sequential.ms, [slowParallel, fellBackMined], 64);
    // The guard's sequential block is the sequential mining's code: its figure is that mining's, 1.0x.
    expect(run.parallelMs).to.equal(100);
    expect(run.strategies).to.equal("block-stm ×1, sequential (measured-loss) ×1");
    expect(run.blocks.map((b) => b.strategy)).to.deep.equal(["block-stm", "sequential"]);
    expect(run.blocks.every((b) => b.transactions === 64)).to.equal(true);
  });

  it("with one mining, reports it as before", () => {
    const run = measuredRun(2, sequential.ms, [{ ...slowParallel, ms: 60 }], 64);
    expect(run.parallelMs).to.equal(60);
    expect(run.strategies).to.equal("block-stm ×1");
  });

  it("takes a mining the executor sent to the sequential executor as the block's sequential mining, probe excluded", () => {
    const dense: Mined = {
      ms: 104,
      stats: { strategy: "sequential", reason: "dense-conflicts: 100% of 6 sampled …", probe: { ms: 4 } },
    };
    expect(fellBack(dense)).to.deep.equal({ ms: 100, stats: dense.stats });
    expect(fellBack(fellBackMined)?.ms).to.equal(101);
    expect(fellBack({ ms: 50, stats: undefined })?.ms).to.equal(50);
    expect(fellBack(slowParallel)).to.equal(undefined);
  });

  it("reports a block mined once as 1.0x, with the fallback as its strategy", () => {
    const once = fellBack({
      ms: 90,
      stats: { strategy: "sequential", reason: "dense-conflicts: …", probe: { ms: 5 } },
    });
    if (once === undefined) throw new Error("expected a fallback");
    const run = measuredRun(2, once.ms, [once], 100);
    expect(run.sequentialMs / run.parallelMs).to.equal(1);
    expect(run.strategies).to.equal("sequential (dense-conflicts) ×1");
    expect(run.blocks.map((b) => b.reason)).to.deep.equal(["dense-conflicts: …"]);
  });
});

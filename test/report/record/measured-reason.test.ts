import { expect } from "chai";

import { explainMeasured, type MeasuredBlock } from "../../../src/report/record/measured-reason.js";
import { formatMeasured, measuredReasonLine } from "../../../src/report/render/workload-headline.js";

const parallelBlock = (over: Partial<MeasuredBlock> = {}): MeasuredBlock => ({
  transactions: 1000,
  strategy: "block-stm",
  reason: "parallel: probe found 0% dependent",
  overheadMs: 10,
  ms: 200,
  executorMs: 190,
  ...over,
});
const facts = { workers: 2, load: 0.5, cores: 2 };

describe("the measured speedup's reason", () => {
  it("is absent when the speedup is at least 1.0x and within 15 % of the prediction", () => {
    expect(explainMeasured({ ...facts, speedup: 1.5, predicted: 1.7, blocks: [parallelBlock()] })).to.equal(undefined);
  });

  it("names sequential fallbacks and their reasons", () => {
    const blocks = [
      parallelBlock({ ms: 300, executorMs: 290 }),
      parallelBlock({
        strategy: "sequential",
        reason: "measured-loss: the last parallel block …",
        ms: 250,
        executorMs: 240,
      }),
    ];
    const reason = explainMeasured({ ...facts, speedup: 0.95, predicted: 1.9, blocks });
    expect(reason).to.match(/1 of 2 blocks ran sequentially \(measured-loss\)/);
  });

  it("says a block the executor ran sequentially was mined once, 1.0x by construction, and nothing else", () => {
    const sequential = parallelBlock({
      strategy: "sequential",
      reason: "dense-conflicts: 100% of 6 sampled …",
      overheadMs: 0,
      ms: 100,
      executorMs: 60,
    });
    const reason = explainMeasured({ ...facts, speedup: 1, predicted: 1.8, load: 9, blocks: [sequential] });
    expect(reason).to.equal(
      "the executor ran the block sequentially (dense-conflicts: parallel would not pay there), so it was mined " +
        "once and that mining is both figures: 1.0x by construction",
    );
    expect(explainMeasured({ ...facts, speedup: 1, predicted: 0.95, blocks: [sequential] })).to.equal(undefined);
  });

  it("names the transactions the parallel block ran again, why, and where they met, in the report's labels", () => {
    const conflicts = [
      { location: "storage:0xa:0x1", count: 20 },
      { location: "storage:0xa:0x2", count: 9 },
      { location: "storage:0xb:0x1", count: 6 },
      { location: "storage:0xa:0x3", count: 2 },
    ];
    const labels: Record<string, string> = { "0x1": "Token._balances[user]", "0x2": "Token.total", "0x3": "Token.x" };
    const labelOf = (location: string) => labels[location.split(":")[2] ?? ""] ?? location;
    const blocks = [parallelBlock({ transactions: 100, reExecutions: 50, invalid: 13, conflicts, ms: 90 })];
    const reason = explainMeasured({ ...facts, speedup: 0.6, predicted: 1.8, blocks, labelOf });
    expect(reason).to.match(
      /^50 of 100 transactions ran again on the main thread at their commit point \(37 read what the other lane's earlier transactions wrote, most often Token\._balances\[user\], Token\.total, Token\.x; 13 could not run over the pre-block state/,
    );
    // A few re-runs (under 10 % of the block) are not the reason.
    const few = [parallelBlock({ transactions: 100, reExecutions: 5, conflicts, ms: 90 })];
    expect(explainMeasured({ ...facts, speedup: 0.6, predicted: 1.8, blocks: few, labelOf })).to.not.match(/ran again/);
  });

  it("names small blocks with their share of fixed parallel costs", () => {
    const blocks = [parallelBlock({ transactions: 100, overheadMs: 9, ms: 30, executorMs: 29 })];
    const reason = explainMeasured({ ...facts, speedup: 1.05, predicted: 1.9, blocks });
    expect(reason).to.match(/blocks of 100 transactions are small: .* took 30 % of their time/);
  });

  it("names work outside the executor, and a busy machine", () => {
    const blocks = [parallelBlock({ ms: 200, executorMs: 150 })];
    const reason = explainMeasured({ ...facts, load: 7.5, speedup: 1.2, predicted: 1.9, blocks });
    expect(reason).to.match(/25 % of the mining time is outside the executor/);
    expect(reason).to.match(/busy \(load 7\.5 on 2 cores\)/);
  });

  it("says noise when it finds nothing else, also for a speedup above the prediction", () => {
    const reason = explainMeasured({ ...facts, speedup: 2.4, predicted: 1.8, blocks: [parallelBlock()] });
    expect(reason).to.match(/timing noise/);
  });
});

describe("the measured speedup's reason in the rendered report", () => {
  const measured = {
    workers: 2,
    strategy: "block-stm ×1, sequential (measured-loss) ×1",
    sequentialMs: 100,
    parallelMs: 105,
    speedup: 0.952,
    predicted: 1.9,
    reason: "1 of 2 blocks ran sequentially (measured-loss): parallel would not pay there",
  };

  it("follows the figure in the headline and sits under the speedup table", () => {
    expect(formatMeasured(measured)).to.equal(
      "0.95x on 2 workers (predicted 1.90x; why: 1 of 2 blocks ran sequentially (measured-loss): parallel would not pay there)",
    );
    expect(measuredReasonLine(measured)).to.equal(`Measured 0.95x: ${measured.reason}`);
    expect(measuredReasonLine({ ...measured, reason: undefined })).to.equal(undefined);
  });
});

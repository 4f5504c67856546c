import { expect } from "chai";

import { partKey } from "../../../src/report/record/block-trace.js";
import { buildDependencyDag } from "../../../src/report/simulate/dependency-dag.js";
import {
  TOGETHER,
  makeCommutative,
  partitionLocation,
  whatIf,
  whatIfTogether,
  workloadFigures,
} from "../../../src/report/simulate/what-if.js";
import { block, counterBlock, slot } from "./trace-builders.js";

const COUNTER = slot(0);

describe("report/simulate: what-if", () => {
  it("turns the counter's read-modify-writes into deltas and keeps real reads", () => {
    const trace = block([
      ...counterBlock(3).transactions.map(() => ({ reads: [COUNTER], writes: [COUNTER] })),
      { reads: [COUNTER] },
    ]);
    const fixed = makeCommutative(trace, COUNTER);
    expect(fixed.transactions[0]).to.deep.include({ reads: [], writes: [], deltas: [COUNTER] });
    expect(fixed.transactions[3]).to.deep.include({ reads: [COUNTER], deltas: [] });
    expect(buildDependencyDag(fixed).edges.map((e) => `${e.from}->${e.to}`)).to.deep.equal(["0->3", "1->3", "2->3"]);
  });

  it("spreads writers round-robin over the parts and makes readers read every part", () => {
    const trace = block([
      { reads: [COUNTER], writes: [COUNTER] },
      { writes: [COUNTER] },
      { deltas: [COUNTER] },
      { reads: [COUNTER] },
    ]);
    const fixed = partitionLocation(trace, COUNTER, 2);
    expect(fixed.transactions.map((tx) => [...tx.reads, ...tx.writes, ...tx.deltas])).to.deep.equal([
      [partKey(COUNTER, 0), partKey(COUNTER, 0)],
      [partKey(COUNTER, 1)],
      [partKey(COUNTER, 0)],
      [partKey(COUNTER, 0), partKey(COUNTER, 1)],
    ]);
    expect(() => partitionLocation(trace, COUNTER, 0)).to.throw(/positive integer/);
  });

  it("gives a counter block near-ideal speedup once the counter is commutative", () => {
    const [commutative, partitioned] = whatIf(
      [counterBlock(16)],
      [COUNTER],
      [{ kind: "commutative" }, { kind: "partitioned", parts: 4 }],
      16,
    );
    expect(commutative).to.deep.include({ location: COUNTER, fix: "commutative", parts: null, threads: 16 });
    expect(commutative?.dag).to.deep.equal({ before: 1, after: 16, gain: 16 });
    expect(commutative?.blockStm.before).to.be.at.most(1);
    expect(commutative?.blockStm.after).to.equal(1600 / 105);
    expect(commutative?.criticalPathRatio).to.deep.equal({ before: 1, after: 1 / 16 });
    // Four round-robin parts: four chains of four increments.
    expect(partitioned?.dag).to.deep.equal({ before: 1, after: 4, gain: 4 });
    expect(partitioned?.blockStm.after).to.be.greaterThan(partitioned?.blockStm.before ?? Infinity);
    expect(partitioned?.blockStm.after).to.be.at.most(4);
  });

  it("leaves blocks that do not touch the location alone", () => {
    const trace = block([{ reads: [slot(9)], writes: [slot(9)] }]);
    expect(makeCommutative(trace, COUNTER).transactions[0]).to.equal(trace.transactions[0]);
    expect(partitionLocation(trace, COUNTER, 4).transactions[0]).to.equal(trace.transactions[0]);
  });

  it("fixes several hotspots together when none alone gains (two counters every transaction bumps)", () => {
    const OTHER = slot(1);
    const blocks = [block(Array.from({ length: 16 }, () => ({ reads: [COUNTER, OTHER], writes: [COUNTER, OTHER] })))];
    const singles = whatIf(blocks, [COUNTER, OTHER], [{ kind: "commutative" }], 16);
    for (const row of singles) expect(row.dag.gain, row.location).to.equal(1);
    const together = whatIfTogether(blocks, [COUNTER, OTHER], 16, {}, workloadFigures(blocks, 16));
    expect(together?.location).to.equal(`${COUNTER}${TOGETHER}${OTHER}`);
    expect(together?.dag).to.deep.equal({ before: 1, after: 16, gain: 16 });
    expect(together?.blockStm.gain).to.be.greaterThan(5);
    expect(whatIfTogether(blocks, [COUNTER], 16, {}, workloadFigures(blocks, 16))).to.equal(undefined);
  });
});

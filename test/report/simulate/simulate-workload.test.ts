import { expect } from "chai";

import { simulateWorkload } from "../../../src/report/simulate/simulate-workload.js";
import { roundFigure } from "../../../src/report/simulate/simulation-model.js";
import { block, counterBlock, independentBlock, randomBlock, seededRandom, slot } from "./trace-builders.js";

describe("report/simulate: simulateWorkload", () => {
  const workload = [independentBlock(8), counterBlock(8)];

  it("aggregates blocks by gas: summary, speedups, hotspots and function pairs", () => {
    const result = simulateWorkload(workload, { threads: [1, 8] });
    expect(result.summary).to.deep.equal({
      blocks: 2,
      transactions: 16,
      gas: 1600,
      edges: 7,
      conflictDensity: roundFigure((800 * (7 / 28)) / 1600),
      criticalPathGas: 900,
      criticalPathRatio: roundFigure(900 / 1600),
    });
    const [one, eight] = result.speedups;
    expect(one).to.deep.include({ threads: 1, dag: 1, sharded: 1, bound: 1, blockStm: roundFigure(1 / 1.05) });
    // DAG on 8 threads: 100 for the independent block, 800 for the chain.
    expect(eight).to.deep.include({ threads: 8, dag: roundFigure(1600 / 900), bound: roundFigure(1600 / 900) });
    expect(eight?.blockStm).to.be.at.most(eight?.dag ?? 0);
    expect(eight?.blockStmAborts).to.be.greaterThan(0);
    expect(result.blocks.map((b) => [b.number, b.edges, b.criticalPath.gas])).to.deep.equal([
      [0, 0, 100],
      [1, 7, 800],
    ]);
    expect(result.hotspots.map((h) => h.location)).to.deep.equal([slot(0)]);
    expect(result.functionPairs[0]).to.deep.include({ first: "Counter.increment", rate: 1, pairs: 28 });
  });

  it("reports the what-if gain of each fix on the top hotspots", () => {
    const result = simulateWorkload(workload, { threads: [8], whatIfThreads: 8, whatIfParts: 2 });
    expect(result.whatIf.map((w) => [w.location, w.fix, w.parts])).to.deep.equal([
      [slot(0), "commutative", null],
      [slot(0), "partitioned", 2],
    ]);
    // Commutative: both blocks become independent, 100 + 100 gas on 8 threads.
    expect(result.whatIf[0]?.dag).to.deep.equal({
      before: roundFigure(1600 / 900),
      after: 8,
      gain: roundFigure(8 / (1600 / 900)),
    });
    // Two parts: two chains of four, 100 + 400.
    expect(result.whatIf[1]?.dag.after).to.equal(roundFigure(1600 / 500));
    expect(simulateWorkload(workload, { whatIfTop: 0 }).whatIf).to.deep.equal([]);
  });

  it("is deterministic and plain JSON (no bigint, Map or undefined)", () => {
    const random = seededRandom(7);
    const blocks = [0.1, 0.6, 0.95].map((hot, i) => ({ ...randomBlock(random, 30, 20, hot), number: 100 + i }));
    const withBigint = blocks.map((b) => ({
      ...b,
      transactions: b.transactions.map((tx) => ({ ...tx, gasUsed: BigInt(tx.gasUsed) })),
    }));
    const first = simulateWorkload(blocks);
    expect(simulateWorkload(withBigint)).to.deep.equal(first);
    expect(JSON.parse(JSON.stringify(first))).to.deep.equal(first);
    expect(first.blocks.map((b) => b.number)).to.deep.equal([100, 101, 102]);
    expect(first.speedups.map((s) => s.threads)).to.deep.equal([1, 2, 4, 8, 16, 32, 64]);
    for (const point of first.speedups) expect(point.dag).to.be.at.most(point.bound);
  });

  it("handles an empty workload, an empty block, and names a malformed block", () => {
    const empty = simulateWorkload([]);
    expect(empty.summary).to.deep.include({ blocks: 0, gas: 0, criticalPathRatio: 0 });
    expect(empty.speedups.every((s) => s.dag === 1 && s.blockStm === 1 && s.sharded === 1)).to.equal(true);
    expect(simulateWorkload([block([])]).blocks[0]).to.deep.include({ transactions: 0, edges: 0 });
    expect(() => simulateWorkload([independentBlock(2), block([{ reads: ["balance:0x1"] }])])).to.throw(
      /Block 1, transaction 0/,
    );
  });
});

describe("report/simulate: simulateWorkload what-if candidates", () => {
  it("skips nonces, which no contract change can fix", () => {
    const nonce = "nonce:0x0000000000000000000000000000000000000007";
    const sameSender = block(Array.from({ length: 4 }, () => ({ reads: [nonce, slot(0)], writes: [nonce, slot(0)] })));
    const result = simulateWorkload([sameSender], { threads: [4], whatIfThreads: 4 });
    expect(result.hotspots.map((h) => h.location)).to.deep.equal([nonce, slot(0)]);
    expect([...new Set(result.whatIf.map((w) => w.location))]).to.deep.equal([slot(0)]);
    // The nonce still chains the four transactions: fixing the counter alone gains nothing.
    expect(result.whatIf[0]?.dag.gain).to.equal(1);
  });
});

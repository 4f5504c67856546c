import { expect } from "chai";

import { buildDependencyDag } from "../../../src/report/simulate/dependency-dag.js";
import { listSchedule } from "../../../src/report/simulate/list-scheduling.js";
import { block, counterBlock, diamond, independentBlock, slot } from "./trace-builders.js";

const THREADS = [1, 2, 4, 8, 16, 32, 64];

describe("report/simulate: DAG list scheduling", () => {
  it("gives min(P, n) for independent equal-gas transactions", () => {
    const dag = buildDependencyDag(independentBlock(8));
    expect(THREADS.map((p) => listSchedule(dag, p).speedup)).to.deep.equal([1, 2, 4, 8, 8, 8, 8]);
    expect(listSchedule(buildDependencyDag(independentBlock(9)), 4)).to.deep.equal({
      threads: 4,
      sequentialGas: 900,
      makespanGas: 300,
      speedup: 3,
    });
  });

  it("gives 1 for a fully dependent chain at every thread count", () => {
    const dag = buildDependencyDag(counterBlock(10));
    for (const p of THREADS) expect(listSchedule(dag, p).makespanGas).to.equal(1000);
  });

  it("schedules the diamond on two processors in the critical path's time", () => {
    const dag = buildDependencyDag(diamond());
    expect(listSchedule(dag, 1).makespanGas).to.equal(70);
    expect(listSchedule(dag, 2)).to.include({ makespanGas: 50, speedup: 70 / 50 });
  });

  it("starts the transaction heading the longest chain first", () => {
    // 0 and 1 are leaves of 10 gas; 2 (10 gas) heads a chain into 3 (30 gas). Index order would give 50.
    const dag = buildDependencyDag(
      block([{ gas: 10 }, { gas: 10 }, { gas: 10, writes: [slot(1)] }, { gas: 30, reads: [slot(1)] }]),
    );
    expect(listSchedule(dag, 2).makespanGas).to.equal(40);
  });

  it("handles empty, zero-gas and one-transaction blocks, and rejects bad thread counts", () => {
    expect(listSchedule(buildDependencyDag(block([])), 4)).to.deep.equal({
      threads: 4,
      sequentialGas: 0,
      makespanGas: 0,
      speedup: 1,
    });
    expect(listSchedule(buildDependencyDag(block([{ gas: 0 }, { gas: 0 }])), 2).speedup).to.equal(1);
    expect(listSchedule(buildDependencyDag(block([{ gas: 5 }])), 64).speedup).to.equal(1);
    expect(() => listSchedule(buildDependencyDag(block([])), 0)).to.throw(/positive integer/);
  });
});

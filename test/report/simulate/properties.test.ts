import { expect } from "chai";

import { simulateBlockStm } from "../../../src/report/simulate/block-stm-simulation.js";
import { criticalPath, speedupBound } from "../../../src/report/simulate/critical-path.js";
import { buildDependencyDag } from "../../../src/report/simulate/dependency-dag.js";
import { listSchedule } from "../../../src/report/simulate/list-scheduling.js";
import { randomBlock, seededRandom } from "./trace-builders.js";

const THREADS = [1, 2, 4, 8, 16, 32, 64];
const ROUNDING = 1e-9;

describe("report/simulate: properties over seeded random blocks", () => {
  const random = seededRandom(20_261_105);
  const blocks = Array.from({ length: 80 }, (_, i) =>
    randomBlock(random, 5 + Math.floor(random() * 40), 4 + Math.floor(random() * 60), [0, 0.1, 0.5, 0.9][i % 4] ?? 0),
  );

  it("DAG speedup never exceeds min(P, totalGas / criticalPath)", () => {
    for (const block of blocks) {
      const dag = buildDependencyDag(block);
      const path = criticalPath(dag);
      for (const threads of THREADS) {
        expect(listSchedule(dag, threads).speedup).to.be.at.most(speedupBound(path, threads) + ROUNDING);
      }
    }
  });

  it("Block-STM commits a valid schedule of the DAG and stays under min(P, totalGas / criticalPath)", () => {
    for (const [position, block] of blocks.entries()) {
      const dag = buildDependencyDag(block);
      const path = criticalPath(dag);
      for (const threads of THREADS) {
        const stm = simulateBlockStm(block, threads);
        for (const edge of dag.edges) {
          const [before, after] = [stm.committed[edge.from], stm.committed[edge.to]];
          expect(after?.start, `block ${position}, ${threads} threads, ${edge.from}->${edge.to}`).to.be.at.least(
            before?.end ?? Number.NaN,
          );
        }
        expect(stm.speedup).to.be.at.most(speedupBound(path, threads) + ROUNDING);
        expect(stm.executions).to.equal(block.transactions.length + stm.aborts);
        expect(stm.validations).to.be.at.least(block.transactions.length);
      }
    }
  });

  it("Block-STM does not beat greedy DAG list scheduling beyond the heuristic's slack", () => {
    // Greedy list scheduling is within 2 − 1/P of the optimum, not optimal: Block-STM's own (index-order)
    // schedule can occasionally be shorter. Over 10,920 seeded cases it was once, by 2.5 %; here 3 % slack.
    let strictlyFaster = 0;
    for (const block of blocks) {
      const dag = buildDependencyDag(block);
      for (const threads of THREADS) {
        const stm = simulateBlockStm(block, threads).speedup;
        const ideal = listSchedule(dag, threads).speedup;
        expect(stm).to.be.at.most(ideal * 1.03 + ROUNDING);
        if (stm > ideal + ROUNDING) strictlyFaster++;
      }
    }
    expect(strictlyFaster).to.be.at.most(2);
  });

  it("gives identical results on a second run", () => {
    const again = seededRandom(20_261_105);
    const copy = randomBlock(again, 30, 10, 0.5);
    const first = randomBlock(seededRandom(20_261_105), 30, 10, 0.5);
    expect(copy).to.deep.equal(first);
    expect(simulateBlockStm(copy, 8)).to.deep.equal(simulateBlockStm(first, 8));
  });
});

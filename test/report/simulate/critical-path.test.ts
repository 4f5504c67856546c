import { expect } from "chai";

import { bottomLevels, criticalPath, speedupBound } from "../../../src/report/simulate/critical-path.js";
import { buildDependencyDag } from "../../../src/report/simulate/dependency-dag.js";
import { block, counterBlock, diamond, independentBlock } from "./trace-builders.js";

describe("report/simulate: critical path", () => {
  it("follows the heaviest branch of a diamond", () => {
    const path = criticalPath(buildDependencyDag(diamond()));
    expect(path).to.deep.equal({ gas: 50, transactions: [0, 1, 3], ratio: 50 / 70, totalGas: 70 });
    expect(bottomLevels(buildDependencyDag(diamond()))).to.deep.equal([50, 40, 30, 10]);
  });

  it("breaks ties towards lower indices", () => {
    expect(criticalPath(buildDependencyDag(diamond([10, 20, 20, 10]))).transactions).to.deep.equal([0, 1, 3]);
    expect(criticalPath(buildDependencyDag(independentBlock(3))).transactions).to.deep.equal([0]);
  });

  it("is the whole block for a chain and one transaction for independent ones", () => {
    const chain = criticalPath(buildDependencyDag(counterBlock(5, 7)));
    expect(chain).to.include({ gas: 35, ratio: 1, totalGas: 35 });
    expect(chain.transactions).to.deep.equal([0, 1, 2, 3, 4]);
    const flat = criticalPath(buildDependencyDag(independentBlock(4)));
    expect(flat).to.include({ gas: 100, ratio: 0.25 });
    expect(speedupBound(flat, 2)).to.equal(2);
    expect(speedupBound(flat, 64)).to.equal(4);
  });

  it("handles the empty block", () => {
    const path = criticalPath(buildDependencyDag(block([])));
    expect(path).to.deep.equal({ gas: 0, transactions: [], ratio: 0, totalGas: 0 });
    expect(speedupBound(path, 8)).to.equal(1);
  });
});

import { cp, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../../src/index.js";
import { MAX_EXAMPLE_WORKLOADS, exampleWorkloadPlan } from "../../../src/tasks/parallel-init/example-workload.js";
import { fixturePath } from "../../helpers/fixtures.js";

const root = fixturePath("tmp-example-workload-project");

/** Seven small deployable contracts beside the fixture's Counter: more than one run writes. */
const MANY = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
${[1, 2, 3, 4, 5, 6, 7]
  .map(
    (i) => `
contract Bank${i} {
    mapping(address => uint256) public balances;

    function put(uint256 value) external {
        balances[msg.sender] += value;
    }
}
`,
  )
  .join("")}`;

describe("parallel-init: the example workload plan", function () {
  let hre: HardhatRuntimeEnvironment;

  before(async () => {
    await rm(root, { recursive: true, force: true });
    await cp(fixturePath("init-project"), root, { recursive: true });
    await writeFile(path.join(root, "contracts", "Many.sol"), MANY);
    hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, root);
    const log = console.log;
    console.log = () => {};
    try {
      await hre.tasks.getTask("build").run({ quiet: true });
    } finally {
      console.log = log;
    }
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("writes at most five new workloads a run, and a contract added later gets its own on the next run", async () => {
    const first = await exampleWorkloadPlan(hre);
    expect(first.workloads).to.have.length(MAX_EXAMPLE_WORKLOADS);
    expect(first.workloads.map((w) => w.contract)).to.deep.equal(["Counter", "Bank1", "Bank2", "Bank3", "Bank4"]);
    expect(first.skipped.map((s) => s.contract)).to.deep.equal(["Bank5", "Bank6", "Bank7"]);
    expect(first.skipped[0]?.reason).to.include("run `npx hardhat parallel-init` again for the next ones");
    // The files of the first run exist: they do not count against the next run's five.
    const written = new Set(first.workloads.map((w) => w.file));
    const second = await exampleWorkloadPlan(hre, (file) => written.has(file));
    expect(second.workloads.map((w) => w.contract)).to.include.members(["Bank5", "Bank6", "Bank7"]);
    expect(second.workloads).to.have.length(8);
    expect(second.skipped).to.deep.equal([]);
  });
});

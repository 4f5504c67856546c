/**
 * `parallel-report --check` through a user's everyday edits of a project whose baseline is committed: refactors
 * that keep behaviour pass (with at most a notice), a deleted contract is a notice, and a run without compiling
 * first on a cleaned project or without a baseline stops before any workload runs.
 */
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { errorOf } from "../../helpers/fixtures.js";

import { ReportProject } from "./report-project.js";

const TALLY = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Tally {
    uint256 public total;
    mapping(address => uint256) public mine;

    function add() external {
        total += 1;
        mine[msg.sender] += 1;
    }

    function reset() external {
        mine[msg.sender] = 0;
    }
}
`;

describe("parallel-report --check through a user's refactors", function () {
  const project = new ReportProject("tmp-report-edits-project");

  before(async () => {
    await project.create({ "contracts/Tally.sol": TALLY });
    await project.run({ updateBaseline: true });
  });
  after(() => project.remove());

  it("passes a renamed function with one notice naming both names", async () => {
    await project.write("contracts/Tally.sol", TALLY.replace("function add()", "function increment()"));
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(undefined);
    expect(report.check?.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      "notice renamed Tally: function add() renamed to increment() (the same always-conflicting pairs): nothing changed for parallelism",
    ]);
    // One static hotspot row per variable (the analyzer lists Tally.total once per kind of contention).
    const spots = report.contracts.find((c) => c.name === "Tally")?.hotspots.map((h) => h.variable) ?? [];
    expect(spots).to.include("total");
    expect(spots).to.have.length(new Set(spots).size);
  });

  it("passes with no line after reordering functions and moving the contract to a renamed file", async () => {
    const reordered = TALLY.replace("function add()", "function increment()").replace(
      /( {4}function increment\(\)[\s\S]*?\n {4}}\n)\n( {4}function reset\(\)[\s\S]*?\n {4}}\n)/,
      "$2\n$1",
    );
    expect(reordered.indexOf("reset()")).to.be.lessThan(reordered.indexOf("increment()"));
    await mkdir(project.file("contracts/core"), { recursive: true });
    await project.write("contracts/core/Counting.sol", reordered);
    await rm(project.file("contracts/Tally.sol"));
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(undefined);
    expect(report.contracts.find((c) => c.name === "Tally")?.sourceName).to.equal("contracts/core/Counting.sol");
    expect(report.check?.findings.map((f) => f.kind)).to.deep.equal(["renamed"]);
  });

  it("passes a deleted contract with a notice that the baseline still has it", async () => {
    await rm(project.file("contracts/core"), { recursive: true });
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(undefined);
    expect(report.check?.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      "notice removed-contract Tally: in the baseline but no longer compiled (deleted or renamed)",
    ]);
    expect(report.check?.hint).to.include("--update-baseline");
  });

  it("stops --no-compile on a cleaned project, naming the sources, before any workload runs", async () => {
    await rm(project.file("artifacts"), { recursive: true });
    const error = await errorOf(() => project.run({ check: true, noCompile: true }));
    expect(error.message).to.include("--no-compile found no build of contracts/Ledger.sol");
    expect(error.message).to.include("run `npx hardhat build` before using --no-compile");
  });

  it("stops --check without a baseline before any workload runs", async () => {
    await rename(project.file("parallel-baseline.json"), project.file("baseline.moved"));
    const error = await errorOf(() => project.run({ check: true }));
    expect(error.message).to.include("No parallel baseline");
    await rename(project.file("baseline.moved"), project.file("parallel-baseline.json"));
  });

  it("names the workload file and the contract's functions when a workload calls a function that is gone", async () => {
    await mkdir(project.file("parallel/workloads"), { recursive: true });
    await project.write(
      "parallel/workloads/ledger.ts",
      `export default {
  name: "ledger-file",
  params: { accounts: 10, transactions: 20, blockSize: 10 },
  async setup(api: { deploy(name: string): Promise<unknown> }) {
    return { ledger: await api.deploy("Ledger") };
  },
  next(api: { pick(): string }, state: { ledger: unknown }) {
    return { from: api.pick(), to: state.ledger, function: "bumpp", args: [] };
  },
};
`,
    );
    const error = await errorOf(() => project.run({}, []));
    expect(error.message).to.include(
      'Workload "ledger-file" failed during setup or execution: Ledger has no function "bumpp"',
    );
    expect(error.message).to.include('"bump()"');
    expect(error.message).to.include(`Fix ${path.join("parallel", "workloads", "ledger.ts")}`);
    await rm(project.file("parallel"), { recursive: true });
  });
});

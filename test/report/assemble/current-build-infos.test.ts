import path from "node:path";

import { expect } from "chai";

import { isTestSource, testSourceRule } from "../../../src/report/assemble/current-build-infos.js";

const root = path.join(path.sep, "project-root");
const paths = (tests: string, ...sources: string[]) => ({
  root,
  tests: { solidity: path.join(root, tests) },
  sources: { solidity: sources.map((s) => path.join(root, s)) },
});

describe("report/assemble: which sources are tests, from a project's Hardhat paths", () => {
  it("a file under a sources folder is a contract even under the tests folder; *.t.sol always a test", () => {
    const same = testSourceRule(paths("contracts", "contracts"));
    expect(isTestSource("project/contracts/Pair.sol", same)).to.equal(false);
    expect(isTestSource("project/contracts/Pair.t.sol", same)).to.equal(true);
    const mocks = testSourceRule(paths("test", "contracts", "test/mocks"));
    expect(mocks).to.deep.equal({ testsDir: "test", sourcesDirs: ["contracts", path.join("test", "mocks")] });
    expect(isTestSource("project/test/mocks/MockToken.sol", mocks)).to.equal(false);
    expect(isTestSource("project/test/Helper.sol", mocks)).to.equal(true);
  });
});

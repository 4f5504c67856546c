import { expect } from "chai";

import { type SolidityTestEnvironment, solidityTestWarning } from "../../../src/tasks/test-solidity/task-action.js";

/** An environment with the given selected network and build roots (`*.t.sol` are tests). */
function environment(network: string | undefined, roots: string[]): SolidityTestEnvironment {
  const solidity = {
    getRootFilePaths: async (options?: { scope?: string }) => (options?.scope === "tests" ? [] : roots),
    getScope: async (file: string) => (file.endsWith(".t.sol") ? "tests" : "contracts"),
  } as unknown as SolidityTestEnvironment["solidity"];
  return {
    globalOptions: { network } as SolidityTestEnvironment["globalOptions"],
    solidity,
    config: { parallel: { networkName: "parallel" } },
  };
}

describe("tasks/test-solidity: warning under --network parallel", () => {
  it("warns that Solidity tests run on Hardhat's network when the parallel network is selected", async () => {
    const warning = await solidityTestWarning(
      environment("parallel", ["/p/contracts/Counter.sol", "/p/test/Counter.t.sol", "npm:forge-std/Test.sol"]),
    );
    expect(warning).to.include('Hardhat runs Solidity tests (1 file) on its own network, not on "parallel"');
    expect(warning).to.include("npx hardhat test mocha --network parallel");
  });

  it("stays quiet on other networks and without Solidity tests", async () => {
    expect(await solidityTestWarning(environment(undefined, ["/p/test/Counter.t.sol"]))).to.equal(undefined);
    expect(await solidityTestWarning(environment("hardhat", ["/p/test/Counter.t.sol"]))).to.equal(undefined);
    expect(await solidityTestWarning(environment("parallel", ["/p/contracts/Counter.sol"]))).to.equal(undefined);
  });
});

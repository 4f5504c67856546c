import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

function hardhatTest(fixture: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "test", "--network", "parallel"], {
      cwd: fixturePath(fixture),
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe("compat: Hardhat 3 --init templates on --network parallel (through the Hardhat CLI)", () => {
  it("mocha + hardhat-ethers + chai matchers + Ignition: the template's tests pass, twice, leaving no journal", async () => {
    // Ignition keeps a deployment journal on disk for non-simulated networks; on this one it must not: the
    // second run would find the first run's journal and skip deploying to the fresh chain.
    const journal = path.join(fixturePath("template-mocha-ethers"), "ignition", "deployments");
    for (const run of [1, 2]) {
      const { status, output } = await hardhatTest("template-mocha-ethers");
      expect(status, `run ${run}: ${output}`).to.equal(0);
      expect(output).to.match(/3 passing/);
      expect(output).to.not.match(/failing/);
      expect(output).to.include("Should emit the Increment event when calling the inc() function");
      expect(output).to.include("deploys the module and runs its call");
      expect(existsSync(journal), `run ${run} wrote ${journal}`).to.equal(false);
    }
  });

  it("node:test + hardhat-viem: the Counter template's two tests pass", async () => {
    const { status, output } = await hardhatTest("template-node-test-viem");
    expect(status, output).to.equal(0);
    expect(output).to.match(/2 passing \(2 nodejs\)/);
    expect(output).to.include("The sum of the Increment events should match the current value");
  });
});

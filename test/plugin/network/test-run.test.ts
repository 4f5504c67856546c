import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../../src/index.js";
import { HARDHAT_TEST_ENV, TEST_RUN_ENV } from "../../../src/plugin/network/test-run.js";
import testWithProfile from "../../../src/tasks/test-override/task-action.js";
import { createFixtureHre } from "../../helpers/fixtures.js";

async function sendOne(hre: HardhatRuntimeEnvironment): Promise<void> {
  const connection = await hre.network.create("parallel");
  try {
    const [from] = (await connection.provider.request({ method: "eth_accounts" })) as string[];
    await connection.provider.request({
      method: "eth_sendTransaction",
      params: [{ from, to: "0x00000000000000000000000000000000000000aa", value: "0x1" }],
    });
  } finally {
    await connection.close();
  }
}

describe("plugin/network: test-run profiles are recorded only while tests run", function () {
  let root: string;
  let hre: HardhatRuntimeEnvironment;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "test-run-"));
    hre = await createFixtureHre("basic-project", {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      paths: { cache: root },
      parallel: { profile: true },
    });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("records nothing outside a test run (a `hardhat run` script keeps the last test profile)", async () => {
    expect(process.env[TEST_RUN_ENV]).to.equal(undefined);
    await sendOne(hre);
    const files = await readdir(hre.config.parallel.profileDir).catch(() => []);
    expect(files).to.deep.equal([]);
  });

  it("records while the overridden `test` task runs, and clears the marker afterwards", async () => {
    await testWithProfile({}, hre, async () => sendOne(hre));
    const files = (await readdir(hre.config.parallel.profileDir)).filter((f) => f.endsWith(".jsonl"));
    expect(files).to.have.length(1);
    expect(process.env[TEST_RUN_ENV]).to.equal(undefined);
  });

  it("records while a test runner's subtask runs (`npx hardhat test mocha` / `test nodejs` set HH_TEST)", async () => {
    const previous = process.env[HARDHAT_TEST_ENV];
    const before = (await readdir(hre.config.parallel.profileDir)).filter((f) => f.endsWith(".jsonl")).length;
    process.env[HARDHAT_TEST_ENV] = "true";
    try {
      await sendOne(hre);
    } finally {
      if (previous === undefined) delete process.env[HARDHAT_TEST_ENV];
      else process.env[HARDHAT_TEST_ENV] = previous;
    }
    const files = (await readdir(hre.config.parallel.profileDir)).filter((f) => f.endsWith(".jsonl"));
    expect(files).to.have.length(before + 1);
  });
});

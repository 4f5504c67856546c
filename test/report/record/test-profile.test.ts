import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import { checkSoundness } from "../../../src/analyzer/index.js";
import { currentBuildInfos } from "../../../src/report/assemble/current-build-infos.js";
import { analyzeProject } from "../../../src/report/assemble/static-view.js";
import { loadTestProfile } from "../../../src/report/record/test-profile.js";
import { DEFAULT_COINBASE } from "../../../src/report/assemble/workload-findings.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { artifactCodes } from "../../../src/plugin/artifact-codes.js";
import { REPO_ROOT } from "../../helpers/fixtures.js";

const sample = path.join(REPO_ROOT, "sample-project");
const cli = path.join(REPO_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");

describe("report/record: test-run profile of the sample project", function () {
  let dir: string;

  before(async function () {
    this.timeout(900_000); // the sample project's whole suite in a child process: minutes on a busy machine
    dir = await mkdtemp(path.join(os.tmpdir(), "parallel-profile-"));
    const env = { ...process.env, HARDHAT_PARALLEL_PROFILE_DIR: dir };
    const r = spawnSync(process.execPath, [cli, "test", "--network", "parallel"], {
      cwd: sample,
      env,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`sample tests failed on the parallel network:\n${r.stdout}\n${r.stderr}`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("records every mined transaction of the tests", async () => {
    const files = await readdir(dir);
    expect(files.length).to.be.greaterThan(10);
    const hre = await createHardhatRuntimeEnvironment({}, {}, sample);
    const run = await loadTestProfile(dir, () => artifactCodes(hre));
    expect(run?.transactions).to.be.greaterThan(200);
    const names = (run?.chains ?? []).flatMap((c) => Object.values(c.deployments));
    expect(names).to.include.members(["SampleToken", "Arena", "LendingPool", "AmmRouter"]);
  });

  it("names the contracts a factory deployed (AmmFactory's pairs) by the code they left on chain", async () => {
    const hre = await createHardhatRuntimeEnvironment({}, {}, sample);
    const run = await loadTestProfile(dir, () => artifactCodes(hre));
    const txs = run?.blocks.flatMap((b) => b.transactions) ?? [];
    expect(txs.filter((t) => t.contract === "AmmFactory" && t.function === "createPair").length).to.be.greaterThan(0);
    const names = (run?.chains ?? []).flatMap((c) => Object.values(c.deployments));
    expect(names).to.include("AmmPair");
  });

  it("gives the profile a sharding what-if: call frames kept, contracts named, every figure finite", async () => {
    const hre = await createHardhatRuntimeEnvironment({}, {}, sample);
    const run = await loadTestProfile(dir, () => artifactCodes(hre));
    if (run === undefined) throw new Error("no profile");
    const txs = run.blocks.flatMap((b) => b.transactions);
    expect(txs.some((tx) => (tx.calls?.length ?? 0) > 1)).to.equal(true);
    const coinbase = DEFAULT_COINBASE;
    const section = shardingWhatIf(run.blocks, { deployments: run.deployments, subject: "test-run profile", coinbase });
    expect(section.status).to.equal("ok");
    expect(section.placements).to.have.length(12);
    const named = section.assignment.flatMap((a) => (a.account.contract === undefined ? [] : [a.account.contract]));
    expect(named.length).to.be.greaterThan(10);
    expect(Object.values(run.deployments)).to.include.members(named);
    expect(section.assignment.map((a) => a.account.address)).to.not.include(coinbase);
    const numbers = JSON.stringify(section).match(/-?\d+(\.\d+)?(e[+-]?\d+)?/g) ?? [];
    expect(JSON.stringify(section)).to.not.match(/NaN|Infinity|null,"?undefined/);
    expect(numbers.length).to.be.greaterThan(50);
  });

  it("has zero soundness misses: the analyzer predicted every storage access of the tests", async () => {
    const hre = await createHardhatRuntimeEnvironment({}, {}, sample);
    const run = await loadTestProfile(dir, () => artifactCodes(hre));
    const result = await analyzeProject(await currentBuildInfos(path.join(sample, "artifacts"), { testsDir: "test" }));
    if (run === undefined || result === undefined) throw new Error("no profile or no build info");
    const reports = (run.chains ?? []).map((c) =>
      checkSoundness({ result, deployments: c.deployments, transactions: c.executed }),
    );
    const transactions = reports.reduce((n, r) => n + r.transactions, 0);
    const checked = reports.reduce((n, r) => n + r.checked, 0);
    const misses = reports.flatMap((r) => r.misses);
    expect(transactions).to.be.greaterThan(200);
    expect(checked).to.be.greaterThan(500);
    expect(misses, JSON.stringify(misses.slice(0, 5))).to.deep.equal([]);
  });
});

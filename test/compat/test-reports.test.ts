import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function hardhat(fixture: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...extraEnv };
  delete env.CI;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: fixturePath(fixture), env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

type Network = "hardhat" | "parallel";

/** `hardhat test <flags>` on Hardhat's network, then on the parallel network; each run must pass. */
async function onBothNetworks<T>(
  fixture: string,
  flags: (network: Network) => readonly string[],
  collect: (run: Run, network: Network) => Promise<T>,
): Promise<Record<Network, T>> {
  const results: Partial<Record<Network, T>> = {};
  for (const network of ["hardhat", "parallel"] as const) {
    const target = network === "parallel" ? ["--network", "parallel"] : [];
    const run = await hardhat(fixture, ["test", ...flags(network), ...target]);
    expect(run.status, run.output).to.equal(0);
    expect(run.output).to.not.match(/failing/);
    results[network] = await collect(run, network);
  }
  return results as Record<Network, T>;
}

/** The printed table that starts with `title`. */
function table(output: string, title: string): string {
  const start = output.indexOf(title);
  expect(start, output).to.be.greaterThan(-1);
  const end = output.indexOf("\n\n", start);
  return output.slice(start, end === -1 ? undefined : end);
}

describe("compat: --coverage and --gas-stats on --network parallel (through the Hardhat CLI)", function () {
  this.timeout(300_000);

  it("--gas-stats: the same table and JSON as Hardhat's network (linked library, immutable, overloads, factory, proxy, pending blocks)", async () => {
    const project = fixturePath("reports-project");
    const file = (network: Network): string => path.join(project, "cache", `gas-stats-${network}.json`);
    const runs = await onBothNetworks(
      "reports-project",
      (network) => ["--gas-stats", "--gas-stats-json", file(network)],
      async (run, network) => ({
        table: table(run.output, "Gas Usage Statistics"),
        json: JSON.parse(await readFile(file(network), "utf8")) as { contracts: Record<string, unknown> },
      }),
    );
    expect(runs.parallel.json).to.deep.equal(runs.hardhat.json);
    expect(runs.parallel.table).to.equal(runs.hardhat.table);
    // Not an empty agreement: every contract the tests use is there, deposits counted in the pending blocks too.
    expect(Object.keys(runs.hardhat.json.contracts)).to.have.members([
      "contracts/Vault.sol:Counter",
      "contracts/Vault.sol:Counter (via contracts/Vault.sol:Forwarder)",
      "contracts/Vault.sol:CounterFactory",
      "contracts/Vault.sol:Fees",
      "contracts/Vault.sol:Forwarder",
      "contracts/Vault.sol:Vault",
    ]);
    expect(runs.parallel.table).to.match(/set\(uint256,uint256\)/);
  });

  it("--coverage records no test-run profile (instrumented code is not the project's); a plain run does", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hp-profile-"));
    const profiles = async (): Promise<string[]> =>
      (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".jsonl"));
    try {
      const env = { HARDHAT_PARALLEL_PROFILE_DIR: dir };
      const covered = await hardhat("reports-project", ["test", "--coverage", "--network", "parallel"], env);
      expect(covered.status, covered.output).to.equal(0);
      expect(await profiles()).to.deep.equal([]);
      const plain = await hardhat("reports-project", ["test", "--network", "parallel"], env);
      expect(plain.status, plain.output).to.equal(0);
      expect((await profiles()).length).to.be.greaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(path.join(fixturePath("reports-project"), "coverage"), { recursive: true, force: true });
    }
  });

  it("--coverage: the same report and lcov as Hardhat's network (a function never called stays uncovered)", async () => {
    const lcov = path.join(fixturePath("reports-project"), "coverage", "lcov.info");
    const runs = await onBothNetworks(
      "reports-project",
      () => ["--coverage"],
      async (run) => ({ table: table(run.output, "File Coverage"), lcov: await readFile(lcov, "utf8") }),
    );
    expect(runs.parallel.lcov).to.equal(runs.hardhat.lcov);
    expect(runs.parallel.table).to.equal(runs.hardhat.table);
    expect(runs.parallel.table).to.match(/contracts\/Vault\.sol/);
    expect(runs.parallel.lcov).to.match(/DA:\d+,1/);
    expect(runs.parallel.lcov).to.match(/DA:\d+,0/);
  });

  it("--coverage on the mocha-ethers template: Counter.sol fully covered on both networks", async () => {
    const runs = await onBothNetworks(
      "template-mocha-ethers",
      () => ["--coverage"],
      async (run) => table(run.output, "File Coverage"),
    );
    expect(runs.parallel).to.equal(runs.hardhat);
    expect(runs.parallel).to.match(/contracts\/Counter\.sol\s*│ 100\.00\s*│ 100\.00/);
  });

  it("node:test + viem template: the same coverage and gas tables on both networks (test files in their own processes)", async () => {
    const runs = await onBothNetworks(
      "template-node-test-viem",
      () => ["--coverage"],
      async (run) => table(run.output, "File Coverage"),
    );
    expect(runs.parallel).to.equal(runs.hardhat);
    expect(runs.parallel).to.match(/contracts\/Counter\.sol\s*│ 100\.00\s*│ 100\.00/);
    const gas = await onBothNetworks(
      "template-node-test-viem",
      () => ["--gas-stats"],
      async (run) => table(run.output, "Gas Usage Statistics"),
    );
    expect(gas.parallel).to.equal(gas.hardhat);
    expect(gas.parallel).to.match(/incBy/);
  });

  after(async () => {
    await rm(path.join(fixturePath("reports-project"), "coverage"), { recursive: true, force: true });
    await rm(path.join(fixturePath("template-mocha-ethers"), "coverage"), { recursive: true, force: true });
    await rm(path.join(fixturePath("template-node-test-viem"), "coverage"), { recursive: true, force: true });
  });
});

/**
 * Both `hardhat --init` template styles using the test helpers with hardhat-parallel as users get it: the
 * repository is packed (`npm pack`, the `files` of package.json; needs `npm run build` first), the tarball is
 * unpacked into `node_modules/hardhat-parallel` of a temporary copy of the template fixture (its other
 * dependencies resolve from the repository's node_modules), the config imports "hardhat-parallel", and a
 * test file using `mineBlock` and the assertions is added. Then `hardhat test --network parallel` runs it.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");
const NPM_CLI = path.join(path.dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js");

function run(cwd: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", HARDHAT_PARALLEL_STATS_RUN: undefined },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

/** Packs the repository once; returns the tarball's path. */
function pack(dir: string): string {
  if (
    !existsSync(path.join(REPO_ROOT, "dist/src/testing/index.js")) ||
    !existsSync(path.join(REPO_ROOT, "dist/bundle"))
  ) {
    throw new Error("dist/ is missing or stale: run `npm run build` before this test");
  }
  const npm = existsSync(NPM_CLI) ? [process.execPath, NPM_CLI] : ["npm"];
  const [command = "npm", ...prefix] = npm;
  const out = execFileSync(command, [...prefix, "pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const [info] = JSON.parse(out) as Array<{ filename: string }>;
  if (info === undefined) throw new Error(`npm pack printed no file: ${out}`);
  return path.join(dir, info.filename);
}

/** A temporary copy of `template` with the packed plugin installed and `Parallel.ts` added. */
function installedCopy(template: string, style: string, tarball: string): string {
  const dir = fixturePath(`tmp-packed-${style}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixturePath(template), dir, {
    recursive: true,
    filter: (src) => !/[\\/](artifacts|cache)$/.test(src),
  });
  const target = path.join(dir, "node_modules/hardhat-parallel");
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  const config = path.join(dir, "hardhat.config.ts");
  writeFileSync(config, readFileSync(config, "utf8").replace("../../../src/index.js", "hardhat-parallel"));
  cpSync(fixturePath(`packed-template-tests/${style}/Parallel.ts`), path.join(dir, "test/Parallel.ts"));
  return dir;
}

describe("testing: both --init template styles with hardhat-parallel installed from its packed tarball", function () {
  this.timeout(600_000);
  let tarball: string;
  const copies: string[] = [];

  before(() => {
    const dir = fixturePath(`tmp-pack-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    copies.push(dir);
    tarball = pack(dir);
  });
  after(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  it("the tarball holds the built plugin, the testing entry point and the EIP-7928 schema", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(files).to.include("package/dist/src/testing/index.js");
    expect(files).to.include("package/dist/src/testing/index.d.ts");
    expect(files).to.include("package/schemas/eip-7928-block-access-list.schema.json");
    // The single-file runtime test connections load (one module instead of ~600), and its lane worker.
    expect(files).to.include("package/dist/bundle/parallel-network.js");
    expect(files).to.include("package/dist/bundle/worker-entry.js");
    // The single-file report task (`parallel-report` loads it instead of ~700 modules).
    expect(files).to.include("package/dist/bundle/parallel-report.js");
    expect(files.some((f) => f.startsWith("package/src/"))).to.equal(false);
  });

  it("mocha + hardhat-ethers: mineBlock, the chai matchers and --parallel-stats-json", async () => {
    const dir = installedCopy("template-mocha-ethers", "mocha-ethers", tarball);
    copies.push(dir);
    const stats = path.join(dir, "parallel-stats.json");
    const { status, output } = await run(dir, ["test", "--network", "parallel", "--parallel-stats-json", stats]);
    expect(status, output).to.equal(0);
    // The template's 2 tests, its Ignition module deployed from a test, and Parallel.ts's 3.
    expect(output).to.match(/6 passing/);
    expect(output).to.include("increments by two senders in one block conflict on Counter.x");
    const json = JSON.parse(readFileSync(stats, "utf8")) as {
      contracts: Record<string, { functions: Record<string, { calls: number; conflicts: number }> }>;
    };
    const counter = json.contracts["contracts/Counter.sol:Counter"]?.functions;
    expect(counter?.incBy).to.include({ calls: 1, conflicts: 1 });
    expect(counter?.inc?.calls).to.equal(2);
  });

  it("node:test + hardhat-viem: mineBlock and the plain assertions", async () => {
    const dir = installedCopy("template-node-test-viem", "node-test-viem", tarball);
    copies.push(dir);
    const { status, output } = await run(dir, ["test", "--network", "parallel"]);
    expect(status, output).to.equal(0);
    expect(output).to.match(/5 passing \(5 nodejs\)/);
    expect(output).to.include("calls on two counters run in parallel");
  });
});

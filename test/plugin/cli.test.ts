import { spawnSync } from "node:child_process";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

function hardhat(fixture: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: fixturePath(fixture),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe("hardhat CLI with the plugin", () => {
  it("rejects an invalid parallel config with one message per field and a non-zero exit", () => {
    const { status, output } = hardhat("bad-config-project", ["build"]);
    expect(status).to.equal(1);
    expect(output).to.include("parallel.workers must be a positive integer, got 0");
    expect(output).to.include('parallel.strategy must be one of "block-stm", "sharded", "sequential", got "fast"');
    // The message comes first; a stack trace, if any (Hardhat adds one on CI machines), only after it.
    const stack = output.search(/\n\s+at /);
    expect(stack === -1 || stack > output.indexOf("parallel.strategy must be")).to.equal(true);
  });

  it("rejects a project that is not ESM", () => {
    const { status, output } = hardhat("non-esm-project", ["build"]);
    expect(status).to.equal(1);
    expect(output).to.include('"type": "module"');
  });

  it("lists the parallel-report task with its flags", () => {
    const { status, output } = hardhat("basic-project", ["parallel-report", "--help"]);
    expect(status).to.equal(0);
    for (const flag of [
      "--check",
      "--update-baseline",
      "--workload",
      "--format",
      "--out",
      "--workers",
      "--no-compile",
      "--quiet",
    ]) {
      expect(output).to.include(flag);
    }
  });
});

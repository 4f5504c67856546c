import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** `hardhat test <runner>` in `fixture`, on Hardhat's network or on `--network parallel`. */
function hardhatTest(fixture: string, runner: string, parallel: boolean): Promise<Run> {
  const args = [CLI, "test", runner, ...(parallel ? ["--network", "parallel"] : [])];
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" };
    delete env.CI;
    const child = spawn(process.execPath, args, { cwd: fixturePath(fixture), env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

/** What must be equal on both networks: observed values, console.log lines, passed tests, the count. */
function comparable(output: string, consoleLine: RegExp) {
  const lines = output.split("\n").map((l) => l.trimEnd());
  return {
    results: lines.filter((l) => l.startsWith("RESULT ")).sort(),
    console: lines.filter((l) => consoleLine.test(l)),
    passed: lines.filter((l) => l.includes("✔")).map((l) => l.replace(/\s*\(\d+m?s\)$/, "").trim()),
    summary: lines
      .filter((l) => /^\s*\d+ (passing|failing)/.test(l))
      .map((l) => l.replace(/\s*\(\d+m?s\)$/, "").trim()),
  };
}

const SUITES = [
  { fixture: "real-ethers-suite", runner: "mocha", passing: 30, console: /^bid \d+ from 0x/ },
  // The viem suite's console.log lines come from Ballot.vote (also when it reverts).
  {
    fixture: "real-viem-suite",
    runner: "nodejs",
    passing: 19,
    console: /^tally 0x[0-9a-f]{40} support=(true|false) weight=\d+$/,
  },
  // Governor + timelock + ERC-2771 forwarder + multicall + the ethers provider API; console.log lines also from
  // reverted calls and failed estimates, and none from traces.
  {
    fixture: "real-governance-suite",
    runner: "mocha",
    passing: 23,
    console: /^(register 0x[0-9a-f]{40} as|fee \d+ -> \d+$|shrink by \d+$|loud \d+ at block \d+$)/,
  },
  // Uniswap-v2-style core (solc 0.5.16) and periphery (0.8.28); console.log in a flash-swap callback.
  {
    fixture: "real-amm-suite",
    runner: "mocha",
    passing: 13,
    console: /^(flash \d+ \d+ for 0x[0-9a-f]{40}$|first liquidity \d+ \+ \d+$)/,
  },
  // A project whose default network sets many simulated-network settings (HD path, passphrase, chain id, base
  // fee 0, minGasPrice, blockGasLimit false, fifo mempool, equal timestamps, initialDate, gasMultiplier), which
  // the parallel network takes over; no console.log.
  { fixture: "real-settings-suite", runner: "mocha", passing: 6, console: /^console\.log is not used$/, results: 10 },
] as const;

describe("compat: real-code Hardhat 3 suites give the same results on --network parallel as on Hardhat's network", () => {
  before(function () {
    if (!existsSync(path.join(REPO_ROOT, "dist/src/index.js"))) {
      throw new Error("These fixtures load the built plugin: run `npm run build` first.");
    }
  });

  for (const suite of SUITES) {
    it(`${suite.fixture} (${suite.runner}): every test passes on both, with identical values, errors and logs`, async () => {
      const edr = await hardhatTest(suite.fixture, suite.runner, false);
      const parallel = await hardhatTest(suite.fixture, suite.runner, true);
      expect(edr.status, edr.output).to.equal(0);
      expect(parallel.status, parallel.output).to.equal(0);
      const a = comparable(edr.output, suite.console);
      const b = comparable(parallel.output, suite.console);
      expect(a.summary).to.deep.equal([`${suite.passing} passing`]);
      // As text, so that a difference shows line by line.
      expect(JSON.stringify(b, null, 1)).to.equal(JSON.stringify(a, null, 1));
      expect(a.results.length).to.be.at.least("results" in suite ? suite.results : 20);
    });
  }
});

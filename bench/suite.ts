/**
 * N3, the suite benchmark: a realistic mocha + hardhat-ethers suite (test/fixtures/suite-project: 147 tests —
 * OpenZeppelin ERC20, a time-locked vault, `loadFixture`, reverts with strings, custom errors and panics,
 * events, time travel, automine off + mine, impersonation, snapshots, `hardhat_set*`, a fresh
 * `network.create()` connection in every test of one file) run by `hardhat test mocha` on Hardhat's network
 * and on the parallel network: wall time (Hardhat start-up and compilation check included) and peak RSS of
 * the largest process, from `/usr/bin/time`. The project loads the built plugin (the benchmark builds it first).
 *
 * Configurations "edr", "parallel" and "parallel-twin" (the same as "parallel", the noise check) are
 * interleaved and rotated per round after a warm-up round (bench/stats.ts). Goal: parallel ≤ 1.1× EDR.
 * Prints JSON and writes bench/results/suite.json.
 *
 * Start-up (`smallSuites`): what a user of a small project sees — `hardhat test` on two small real suites that
 * load the built plugin like an installed package (test/fixtures/real-ethers-suite: 30 mocha + hardhat-ethers
 * tests; real-viem-suite: 14 node:test + hardhat-viem tests), on both networks with a twin: the whole run's wall
 * time and the time to the first passed test (process start, Hardhat's start-up, the compilation check, the
 * network's creation and the first test), read from the first `✔` on the runner's output.
 *
 * With `--stock-interpreter`, a fourth configuration "parallel-stock-interpreter" runs the parallel network with
 * @ethereumjs's own interpreter loop (HARDHAT_PARALLEL_STOCK_INTERPRETER=1, see src/runtime/evm/sync-steps.ts):
 * that change's before/after in the same run, as `ratioStockInterpreterOverParallel`.
 *
 * Run: node --import tsx/esm bench/suite.ts [--rounds N] [--stock-interpreter] [--no-small-suites]   (default 3)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { STOCK_INTERPRETER_VARIABLE } from "../src/runtime/evm/sync-steps.js";

import { interleaved, intOption, machineInfo, median, round, summarize, twinCheck } from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PROJECT = join(ROOT, "test", "fixtures", "suite-project");
const HARDHAT = join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
const TIME = "/usr/bin/time";
const STOCK = "parallel-stock-interpreter";
const BASE_CONFIGURATIONS = ["edr", "parallel", "parallel-twin"] as const;
type Configuration = (typeof BASE_CONFIGURATIONS)[number] | typeof STOCK;
const CONFIGURATIONS: readonly Configuration[] = process.argv.includes("--stock-interpreter")
  ? [...BASE_CONFIGURATIONS, STOCK]
  : BASE_CONFIGURATIONS;

interface Run {
  readonly wallS: number;
  readonly peakRssMiB: number;
  readonly passing: number;
  /** From the spawn to the first passed test's line on the runner's output. */
  readonly firstTestMs: number;
}

/** A suite to run: its project and the `hardhat test` runner. */
interface Suite {
  readonly project: string;
  readonly runner: "mocha" | "nodejs";
}

const N3_SUITE: Suite = { project: PROJECT, runner: "mocha" };
const SMALL_SUITES: Readonly<Record<string, Suite>> = {
  "real-ethers-suite": { project: join(ROOT, "test", "fixtures", "real-ethers-suite"), runner: "mocha" },
  "real-viem-suite": { project: join(ROOT, "test", "fixtures", "real-viem-suite"), runner: "nodejs" },
};

/** The number of passed tests a runner reports (both print "N passing", and "N failing" when some failed). */
const passedCount = (out: string): number => Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
const failed = (out: string): boolean => /\d+ failing/.test(out);

/** Runs `suite` once on `network` (undefined: Hardhat's default network) with extra environment `env`. */
function runSuite(suite: Suite, network: string | undefined, env: Record<string, string> = {}): Promise<Run> {
  const args = ["-f", "BENCH %e %M", process.execPath, HARDHAT, "test", suite.runner];
  if (network !== undefined) args.push("--network", network);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env };
  delete childEnv.CI;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let firstTestMs = Number.NaN;
    const child = spawn(TIME, args, { cwd: suite.project, stdio: ["ignore", "pipe", "pipe"], env: childEnv });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (Number.isNaN(firstTestMs) && out.includes("✔")) firstTestMs = performance.now() - start;
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const measured = /BENCH ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || measured === null || failed(out)) {
        const where = `${suite.project} on ${network ?? "default"}`;
        reject(new Error(`suite ${where} failed (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-2000)}`));
        return;
      }
      const passing = passedCount(out);
      resolve({ wallS: Number(measured[1]), peakRssMiB: Number(measured[2]) / 1024, passing, firstTestMs });
    });
  });
}

/** One small suite on both networks with a twin: wall time and time to the first passed test. */
async function smallSuite(suite: Suite, rounds: number) {
  type Base = (typeof BASE_CONFIGURATIONS)[number];
  const samples = await interleaved(BASE_CONFIGURATIONS, rounds, 1, (c) =>
    runSuite(suite, c === "edr" ? undefined : "parallel"),
  );
  const runs = (c: Base): Run[] => samples.get(c) ?? [];
  const wall = (c: Base): number[] => runs(c).map((r) => r.wallS * 1000);
  const first = (c: Base): number[] => runs(c).map((r) => r.firstTestMs);
  const describe = (c: Base) => ({
    wallMs: summarize(wall(c)),
    firstTestMs: summarize(first(c)),
    peakRssMiB: summarize(runs(c).map((r) => r.peakRssMiB)),
    tests: runs(c)[0]?.passing,
  });
  return {
    runner: suite.runner,
    edr: describe("edr"),
    parallel: describe("parallel"),
    "parallel-twin": describe("parallel-twin"),
    ratioParallelOverEdr: round(median(wall("parallel")) / median(wall("edr")), 3),
    firstTestRatioParallelOverEdr: round(median(first("parallel")) / median(first("edr")), 3),
    twins: twinCheck("parallel", wall("parallel"), "parallel-twin", wall("parallel-twin")),
    firstTestTwins: twinCheck(
      "parallel first test",
      first("parallel"),
      "parallel-twin first test",
      first("parallel-twin"),
    ),
  };
}

/**
 * The suite project loads the built plugin: build it first, as `npm run build` does — the modules, then the
 * single-file runtime its connections load (a stale `dist/bundle` would otherwise be measured).
 */
function build(): void {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  for (const args of [[tsc, "-p", "tsconfig.build.json"], [join(ROOT, "scripts", "bundle-runtime.mjs")]]) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build failed: the suite project needs the built plugin (dist/)");
  }
}

/** Start-up: every small suite, one after the other. */
async function smallSuites(rounds: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    goal: "start-up: parallel no slower than EDR (ratioParallelOverEdr, firstTestRatioParallelOverEdr <= 1.0)",
  };
  for (const [name, suite] of Object.entries(SMALL_SUITES)) {
    out[name] = await smallSuite(suite, rounds);
    console.error(name, JSON.stringify(out[name]));
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak RSS (Debian package "time")`);
  build();
  const rounds = intOption("rounds", 3);
  const samples = await interleaved(CONFIGURATIONS, rounds, 1, (c: Configuration) =>
    runSuite(N3_SUITE, c === "edr" ? undefined : "parallel", c === STOCK ? { [STOCK_INTERPRETER_VARIABLE]: "1" } : {}),
  );
  const runs = (c: Configuration): Run[] => samples.get(c) ?? [];
  const wall = (c: Configuration): number[] => runs(c).map((r) => r.wallS * 1000);
  const describe = (c: Configuration) => ({
    wallMs: summarize(wall(c)),
    peakRssMiB: summarize(runs(c).map((r) => r.peakRssMiB)),
    tests: runs(c)[0]?.passing,
  });
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    method:
      "hardhat test mocha in test/fixtures/suite-project; configurations interleaved and rotated per round after one warm-up round; wall and peak RSS of the largest process from /usr/bin/time",
    rounds,
    goal: "N3: ratioParallelOverEdr <= 1.1",
    edr: describe("edr"),
    parallel: describe("parallel"),
    "parallel-twin": describe("parallel-twin"),
    ratioParallelOverEdr: round(median(wall("parallel")) / median(wall("edr")), 3),
    ...(CONFIGURATIONS.includes(STOCK)
      ? {
          [STOCK]: describe(STOCK),
          ratioStockInterpreterOverParallel: round(median(wall(STOCK)) / median(wall("parallel")), 3),
        }
      : {}),
    twins: twinCheck("parallel", wall("parallel"), "parallel-twin", wall("parallel-twin")),
    smallSuites: process.argv.includes("--no-small-suites") ? undefined : await smallSuites(rounds),
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "suite.json"), `${json}\n`);
}

await main();

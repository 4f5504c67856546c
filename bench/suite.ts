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
 * With `--stock-interpreter`, a fourth configuration "parallel-stock-interpreter" runs the parallel network with
 * @ethereumjs's own interpreter loop (HARDHAT_PARALLEL_STOCK_INTERPRETER=1, see src/runtime/evm/sync-steps.ts):
 * that change's before/after in the same run, as `ratioStockInterpreterOverParallel`.
 *
 * Run: node --import tsx/esm bench/suite.ts [--rounds N] [--stock-interpreter]   (default 3)
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
}

/** Runs the suite once on `network` (undefined: Hardhat's default network) with extra environment `env`. */
function runSuite(network: string | undefined, env: Record<string, string> = {}): Promise<Run> {
  const args = ["-f", "BENCH %e %M", process.execPath, HARDHAT, "test", "mocha"];
  if (network !== undefined) args.push("--network", network);
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, args, {
      cwd: PROJECT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const measured = /BENCH ([\d.]+) (\d+)/.exec(err);
      const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
      if (code !== 0 || measured === null || /\d+ failing/.test(out)) {
        reject(
          new Error(
            `suite on ${network ?? "default"} failed (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-2000)}`,
          ),
        );
        return;
      }
      resolve({ wallS: Number(measured[1]), peakRssMiB: Number(measured[2]) / 1024, passing });
    });
  });
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

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak RSS (Debian package "time")`);
  build();
  const rounds = intOption("rounds", 3);
  const samples = await interleaved(CONFIGURATIONS, rounds, 1, (c: Configuration) =>
    runSuite(c === "edr" ? undefined : "parallel", c === STOCK ? { [STOCK_INTERPRETER_VARIABLE]: "1" } : {}),
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
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "suite.json"), `${json}\n`);
}

await main();

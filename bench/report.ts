/**
 * Benchmark of goal R1 (issue 14): the whole `npx hardhat parallel-report` on sample-project/, as a user types
 * it — Hardhat's start-up, the compile step on an already compiled project, every workload, the analyses and
 * the default output formats. Several rounds; per round the command's wall time, its CPU time (user + system,
 * every process and thread of the command: less noisy than wall on a shared machine) and its peak resident
 * set, plus the report's own phase timings. Min / median / max of each. JSON to stdout and
 * bench/results/report.json. Goal: median wall ≤ 15 s on a 2-core machine.
 *
 * `--rounds N` (or `BENCH_ROUNDS`; default 3) sets the rounds; `--direct` runs Hardhat's CLI with this Node
 * instead of `npx`. `--against <checkout>` (another clone of the repository, built, e.g. main) runs its
 * sample-project in every round too, alternating with this one (A/B in the same minutes on a shared machine):
 * the JSON then holds its figures under `against` and the median wall and CPU ratios (this over that).
 * `--against-env NAME=VALUE` (repeatable) sets environment variables for the `--against` runs only: with
 * `--against .` it compares this checkout with itself under another setting (e.g.
 * `HARDHAT_PARALLEL_ANALYSIS_THREAD=0`, the analyses on the main thread).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { median, round, summarize } from "./stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sample = path.join(root, "sample-project");
/** `--rounds N`, else `BENCH_ROUNDS`, else 3. */
function roundsOption(): number {
  const at = process.argv.indexOf("--rounds");
  const value = at >= 0 ? process.argv[at + 1] : process.env.BENCH_ROUNDS;
  const rounds = Number(value ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${value}`);
  return rounds;
}

const rounds = roundsOption();
/** Hardhat's CLI of the checkout whose sample-project is `sampleDir`. */
const cliOf = (sampleDir: string): string =>
  path.join(sampleDir, "..", "node_modules", "hardhat", "dist", "src", "cli.js");
const preload = pathToFileURL(path.join(root, "bench", "resource-usage-preload.mjs")).href;
const GOAL_MS = 15_000;

/** The command as users type it, or Hardhat's CLI run directly (`--direct`, or when npx is missing), in `sampleDir`. */
function command(sampleDir: string): { file: string; args: string[]; shown: string } {
  const direct = {
    file: process.execPath,
    args: [cliOf(sampleDir), "parallel-report"],
    shown: "node <hardhat cli> parallel-report",
  };
  if (process.argv.includes("--direct")) return direct;
  const npx = spawnSync("npx", ["--version"], { encoding: "utf8" });
  return npx.status === 0
    ? { file: "npx", args: ["hardhat", "parallel-report"], shown: "npx hardhat parallel-report" }
    : direct;
}

interface Usage {
  readonly script: string;
  readonly userMs: number;
  readonly systemMs: number;
  readonly maxRssKiB: number;
}

interface Round {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly phases: Record<string, number>;
}

/** `--against <checkout>`: the sample-project of another checkout of the repository, or undefined. */
function againstOption(): string | undefined {
  const at = process.argv.indexOf("--against");
  if (at < 0) return undefined;
  const other = process.argv[at + 1];
  const otherSample = other === undefined ? "" : path.join(path.resolve(other), "sample-project");
  if (!existsSync(path.join(otherSample, "hardhat.config.ts")))
    throw new Error(`--against needs a built checkout of this repository, got ${other ?? "nothing"}`);
  return otherSample;
}

/** `--against-env NAME=VALUE` options: the environment of the `--against` runs on top of this one's. */
function againstEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  process.argv.forEach((arg, at) => {
    if (arg !== "--against-env") return;
    const pair = process.argv[at + 1] ?? "";
    const eq = pair.indexOf("=");
    if (eq < 1) throw new Error(`--against-env needs NAME=VALUE, got ${pair || "nothing"}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  });
  return out;
}

/** One run of the command in `sample`: wall time, CPU and peak RSS over its Node processes, the report's phases. */
function runOnce(usageDir: string, index: number, sample: string, extraEnv: Record<string, string> = {}): Round {
  const cmd = command(sample);
  const usageFile = path.join(usageDir, `usage-${index}.jsonl`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${preload}`.trim(),
    BENCH_USAGE_FILE: usageFile,
  };
  delete env.CI;
  // A run that writes no report failed, whatever its exit code (1 is also a failed --check): never time it, and
  // never read the previous run's report as its own.
  const reportFile = path.join(sample, "parallel-report", "parallel-report.json");
  rmSync(reportFile, { force: true });
  const started = performance.now();
  const r = spawnSync(cmd.file, cmd.args, { cwd: sample, encoding: "utf8", env, maxBuffer: 64 * 2 ** 20 });
  const wallMs = performance.now() - started;
  if ((r.status !== 0 && r.status !== 1) || !existsSync(reportFile))
    throw new Error(`parallel-report failed in ${sample} (exit ${r.status}, no report): ${r.stderr || r.stdout}`);
  const usages = readFileSync(usageFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Usage);
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
    timing: { phases: Record<string, number> };
  };
  return {
    wallMs,
    cpuMs: usages.reduce((sum, u) => sum + u.userMs + u.systemMs, 0),
    peakRssMiB: Math.max(...usages.map((u) => u.maxRssKiB)) / 1024,
    phases: report.timing.phases,
  };
}

function medianPhases(all: readonly Round[]): Record<string, number> {
  const names = [...new Set(all.flatMap((r) => Object.keys(r.phases)))];
  return Object.fromEntries(names.map((name) => [name, Math.round(median(all.map((r) => r.phases[name] ?? 0)))]));
}

/** Wall, CPU, peak RSS and phases of some rounds. */
function figures(all: readonly Round[]) {
  return {
    wallMs: summarize(all.map((r) => r.wallMs)),
    cpuMs: summarize(all.map((r) => r.cpuMs)),
    peakRssMiB: summarize(all.map((r) => r.peakRssMiB)),
    medianPhasesMs: medianPhases(all),
  };
}

const against = againstOption();
const otherEnv = againstEnv();
// The projects are compiled before the rounds: each round's compile step is the no-change check a user pays.
for (const dir of [sample, ...(against === undefined ? [] : [against])])
  spawnSync(process.execPath, [cliOf(dir), "build", "--quiet"], { cwd: dir, stdio: "ignore" });
const usageDir = mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
const all: Round[] = [];
const others: Round[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    // Alternate which side runs first, so neither always meets the same neighbour's load.
    const order = i % 2 === 0 ? ["this", "other"] : ["other", "this"];
    for (const side of order) {
      if (side === "this") all.push(runOnce(usageDir, 2 * i, sample));
      else if (against !== undefined) others.push(runOnce(usageDir, 2 * i + 1, against, otherEnv));
    }
  }
} finally {
  rmSync(usageDir, { recursive: true, force: true });
}
const mine = figures(all);
const other =
  against === undefined ? undefined : { checkout: path.dirname(against), env: otherEnv, ...figures(others) };
const result = {
  name: "parallel-report on sample-project (R1)",
  command: command(sample).shown,
  rounds,
  goalMs: GOAL_MS,
  withinGoal: mine.wallMs.median <= GOAL_MS,
  ...mine,
  ...(other === undefined
    ? {}
    : {
        against: other,
        wallRatio: round(mine.wallMs.median / other.wallMs.median, 3),
        cpuRatio: round(mine.cpuMs.median / other.cpuMs.median, 3),
      }),
  loadAverage: os.loadavg().map((x) => round(x, 2)),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version },
  date: new Date().toISOString(),
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "report.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));

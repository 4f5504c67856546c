/**
 * Benchmark of the whole `parallel-report` on sample-project/ (compiled already): wall time of the command and
 * the report's own phase timings, several rounds, medians. JSON to stdout and bench/results/report.json.
 * Goal: ≤ 20 s on a 2-core machine.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sample = path.join(root, "sample-project");
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const cli = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

spawnSync(process.execPath, [cli, "build", "--quiet"], { cwd: sample, stdio: "ignore" });
const walls: number[] = [];
const phases: Record<string, number[]> = {};
for (let i = 0; i < rounds; i++) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, "parallel-report", "--no-compile", "--quiet", "--format", "json"], {
    cwd: sample,
    encoding: "utf8",
  });
  walls.push(performance.now() - started);
  if (r.status !== 0 && r.status !== 1) throw new Error(`parallel-report failed: ${r.stderr}`);
  const report = JSON.parse(readFileSync(path.join(sample, "parallel-report", "parallel-report.json"), "utf8")) as {
    timing: { phases: Record<string, number> };
    summary: { transactions: number; workloads: number };
  };
  for (const [name, ms] of Object.entries(report.timing.phases)) (phases[name] ??= []).push(ms);
}
const result = {
  name: "parallel-report on sample-project",
  rounds,
  medianWallMs: Math.round(median(walls)),
  goalMs: 20_000,
  withinGoal: median(walls) <= 20_000,
  medianPhasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(median(v))])),
  date: new Date().toISOString(),
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "report.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));

#!/usr/bin/env node
// The whole test suite, as `npm run test:all` (and through the bootstrap, `npm run verify` and .ci/run) runs it:
// quality gates (build, strict typecheck, eslint, prettier), our mocha suite, and the sample project's tests
// on Hardhat's default network and on the parallel network. Every step runs even when an earlier one fails.
// Counts: each gate is one check; mocha steps contribute their real test counts. The last line printed is
// `N passed, N failed`, also written to .ci-results/summary.txt for .ci/run.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, ".ci-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const countsFile = path.join(resultsDir, "mocha-counts.jsonl");

/** @type {Array<{name: string, passed: number, failed: number, ok: boolean}>} */
const steps = [];

function exec(cmd, args, cwd, env = {}) {
  console.log(`\n=== ${[cmd, ...args].join(" ")}${cwd === root ? "" : `  (in ${path.relative(root, cwd)})`}`);
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  return r.status === 0;
}

// `hardhat test` runs mocha in-process with its own reporter: read the counts from the spec summary.
function hardhatTestStep(name, args, cwd) {
  console.log(`\n=== npx ${args.join(" ")}  (in ${path.relative(root, cwd)})`);
  const r = spawnSync("npx", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  const out = `${r.stdout ?? ""}\n${r.stderr ?? ""}`;
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(out)?.[1] ?? 0);
  const passed = count("passing");
  let failed = count("failing");
  if (r.status !== 0 && failed === 0) failed = 1; // died before mocha's summary: one failure for the step
  steps.push({ name, passed, failed, ok: r.status === 0 && failed === 0 && passed > 0 });
}

function gate(name, cmd, args) {
  const ok = exec(cmd, args, root);
  steps.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, ok });
}

function readCounts(label) {
  if (!existsSync(countsFile)) return undefined;
  const lines = readFileSync(countsFile, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return lines.find((l) => l.label === label);
}

function mochaStep(name, cmd, args, cwd) {
  const ok = exec(cmd, args, cwd, { HARDHAT_PARALLEL_COUNTS_FILE: countsFile, HARDHAT_PARALLEL_COUNTS_LABEL: name });
  const counts = readCounts(name);
  if (counts === undefined) {
    // The runner died before reporting: count the step itself as one failure.
    steps.push({ name, passed: 0, failed: 1, ok: false });
    return;
  }
  const failed = counts.failed + (ok || counts.failed > 0 ? 0 : 1);
  steps.push({ name, passed: counts.passed, failed, ok: ok && failed === 0 });
}

const sample = path.join(root, "sample-project");
gate("build", "npm", ["run", "--silent", "build"]);
gate("typecheck", "npm", ["run", "--silent", "typecheck"]);
gate("lint", "npm", ["run", "--silent", "lint"]);
gate("format", "npm", ["run", "--silent", "format:check"]);
mochaStep(
  "unit+fixture tests",
  "npx",
  ["mocha", "--reporter", path.join(root, "scripts/counting-reporter.cjs"), "test/**/*.test.ts"],
  root,
);
hardhatTestStep("sample-project on default network", ["hardhat", "test"], sample);
hardhatTestStep("sample-project on parallel network", ["hardhat", "test", "--network", "parallel"], sample);

console.log("\n=== summary");
for (const s of steps) console.log(`${s.ok ? "ok  " : "FAIL"}  ${s.name}: ${s.passed} passed, ${s.failed} failed`);
const passed = steps.reduce((n, s) => n + s.passed, 0);
const failed = steps.reduce((n, s) => n + s.failed, 0);
const line = `${passed} passed, ${failed} failed`;
writeFileSync(path.join(resultsDir, "summary.txt"), `${line}\n`);
console.log(line);
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);

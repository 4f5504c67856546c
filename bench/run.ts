/**
 * `npm run bench`: runs every benchmark of the project one after another (they would disturb each other in
 * parallel on a 2-core machine), each writing its own JSON to bench/results/, then writes
 * bench/results/summary.json with all of them and prints it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benches = ["state-root", "analyzer", "network", "suite", "executor", "sharded", "report"];
const only = process.argv.slice(2);
const summary: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
};
let failed = 0;
for (const name of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  const script = path.join(root, "bench", `${name}.ts`);
  if (!existsSync(script)) continue;
  console.error(`=== bench ${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx/esm", script], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const resultFile = path.join(root, "bench", "results", `${name}.json`);
  if (r.status !== 0 || !existsSync(resultFile)) {
    failed++;
    summary[name] = { error: `exit ${r.status}` };
    continue;
  }
  summary[name] = JSON.parse(readFileSync(resultFile, "utf8")) as unknown;
}
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exit(failed === 0 ? 0 : 1);

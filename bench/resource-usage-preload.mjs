/**
 * Preloaded (`NODE_OPTIONS=--import=<this file's URL>`) into every Node process a benchmark spawns: at exit it
 * appends one JSON line with the process's CPU time (all its threads) and peak resident set to the file named
 * by `BENCH_USAGE_FILE`. Node cannot read a child's resource usage otherwise; GNU time is not everywhere.
 */
import { appendFileSync } from "node:fs";
import process from "node:process";

const file = process.env.BENCH_USAGE_FILE;
if (file !== undefined && file !== "") {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const line = {
      pid: process.pid,
      script: process.argv[1] ?? "",
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      maxRssKiB: usage.maxRSS,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}

/**
 * The real-suite differential harness (test/compat/replay/): `npm run replay:suites --
 * [--suite name,…] [--on default,parallel]` runs each fixture project's test suite through the Hardhat CLI with a
 * request recorder, then replays every connection's recorded requests on a fresh EDR connection and a fresh
 * parallel connection with the same settings, comparing every answer field by field (after the fuzzer's
 * normalisations). `--on parallel` records the suites on `--network parallel` instead (the requests ethers and
 * viem send to it); both by default. Needs `npm run build` (the fixtures load the built plugin). Prints every
 * divergence and a summary; exits non-zero on any divergence.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { describeReplay } from "../test/compat/replay/describe-replay.js";
import { replaySuite, type SuiteReplay } from "../test/compat/replay/replay-suite.js";
import { SUITES, summarise } from "../test/compat/replay/suites.js";
import { REPO_ROOT } from "../test/helpers/fixtures.js";

const { values } = parseArgs({
  options: { suite: { type: "string" }, on: { type: "string", default: "default,parallel" } },
});
const names = values.suite?.split(",").filter((n) => n !== "");
const unknown = names?.filter((n) => !SUITES.some((s) => s.name === n)) ?? [];
if (unknown.length > 0) {
  console.error(`replay-suites: unknown suite ${unknown.join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const networks = values.on.split(",").filter((n) => n !== "");
if (networks.length === 0 || networks.some((n) => n !== "default" && n !== "parallel")) {
  console.error(`replay-suites: --on takes default and/or parallel, not "${values.on}"`);
  process.exit(2);
}
if (!existsSync(path.join(REPO_ROOT, "dist/src/index.js"))) {
  console.error("replay-suites: the fixtures load the built plugin: run `npm run build` first.");
  process.exit(2);
}

const started = performance.now();
const replays: SuiteReplay[] = [];
for (const suite of SUITES.filter((s) => names === undefined || names.includes(s.name))) {
  for (const network of networks) {
    const replay = await replaySuite(suite, network === "default" ? undefined : network);
    replays.push(replay);
    console.log(describeReplay(replay));
  }
}
const total = summarise(replays);
const seconds = Math.round((performance.now() - started) / 1000);
console.log(
  `replay-suites: ${total.suites} suite runs, ${total.streams} connections, ${total.requests} requests over ` +
    `${total.methods.length} methods compared, ${total.divergences} divergences, ` +
    `${total.unfaithful} replays left their recording, ${seconds} s`,
);
console.log(`methods: ${total.methods.join(" ")}`);
process.exit(total.divergences === 0 ? 0 : 1);

/** The projects whose test suites the replay harness records and replays, with a summary of a replay. */
import path from "node:path";

import { REPO_ROOT, fixturePath } from "../../helpers/fixtures.js";

import type { Suite } from "./record-suite.js";
import type { SuiteReplay } from "./replay-suite.js";

const fixture = (name: string, runner: string): Suite => ({ name, root: fixturePath(name), runner });

/** Every suite the harness runs (`scripts/replay-suites.ts`). */
export const SUITES: readonly Suite[] = [
  fixture("real-ethers-suite", "mocha"),
  fixture("real-viem-suite", "nodejs"),
  fixture("real-amm-suite", "mocha"),
  fixture("real-governance-suite", "mocha"),
  fixture("real-settings-suite", "mocha"),
  fixture("real-token-suite", "mocha"),
  fixture("real-viem-actions-suite", "nodejs"),
  fixture("suite-project", "mocha"),
  fixture("template-mocha-ethers", "mocha"),
  fixture("template-node-test-viem", "nodejs"),
  { name: "sample-project", root: path.join(REPO_ROOT, "sample-project"), runner: "mocha" },
];

/** Counts of a replay: streams, requests, methods, divergences and streams whose replay left the recording. */
export function summarise(replays: readonly SuiteReplay[]) {
  const methods = new Set<string>();
  let streams = 0;
  let requests = 0;
  let divergences = 0;
  let unfaithful = 0;
  for (const replay of replays) {
    for (const s of replay.streams) {
      streams++;
      requests += s.requests;
      divergences += s.divergences.length;
      if (s.unfaithful !== undefined) unfaithful++;
      for (const m of s.methods.keys()) methods.add(m);
    }
  }
  return { suites: replays.length, streams, requests, methods: [...methods].sort(), divergences, unfaithful };
}

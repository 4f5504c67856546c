/**
 * One suite end to end: record its requests on a network (`record-suite.ts`), then replay every recorded
 * connection on EDR and the parallel network (`replay-stream.ts`) inside a Hardhat runtime built from the
 * suite's own config — the same network settings, and the project's artifacts for revert messages.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { HardhatUserConfig } from "hardhat/config";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { recordSuite, type Suite } from "./record-suite.js";
import type { RecordedStream } from "./recording.js";
import { replayStream, type StreamReplay } from "./replay-stream.js";

/** What replaying one suite's recording found. */
export interface SuiteReplay {
  readonly suite: Suite;
  /** The network the suite ran on while recorded (`undefined`: its default, Hardhat's network). */
  readonly network: string | undefined;
  readonly streams: Array<StreamReplay & { readonly connection: string }>;
}

const runtimes = new Map<string, Promise<HardhatRuntimeEnvironment>>();

/**
 * Plugins a replay leaves out of a suite's config: its test runners and assertion libraries, which answer no
 * request, and which would change chai for every later test of the process (the chai matchers take over
 * `closeTo` and the comparisons for bigints).
 */
const TEST_ONLY_PLUGINS = new Set([
  "hardhat-ethers-chai-matchers",
  "hardhat-viem-assertions",
  "hardhat-mocha",
  "hardhat-node-test-runner",
]);

/** A Hardhat runtime over the suite's project, from its own config (built once per project), test plugins left out. */
export function suiteRuntime(suite: Suite): Promise<HardhatRuntimeEnvironment> {
  let hre = runtimes.get(suite.root);
  if (hre === undefined) {
    hre = (async () => {
      const url = pathToFileURL(path.join(suite.root, "hardhat.config.ts")).href;
      const { default: config } = (await import(url)) as { default: HardhatUserConfig };
      const plugins = (config.plugins ?? []).filter((plugin) => !TEST_ONLY_PLUGINS.has(plugin.id));
      return createHardhatRuntimeEnvironment({ ...config, plugins }, {}, suite.root);
    })();
    runtimes.set(suite.root, hre);
  }
  return hre;
}

/** Replays recorded streams of `suite`. */
export async function replayStreams(suite: Suite, streams: readonly RecordedStream[]): Promise<SuiteReplay["streams"]> {
  const hre = await suiteRuntime(suite);
  const results: SuiteReplay["streams"] = [];
  for (const stream of streams) {
    results.push({ connection: stream.connection.connection, ...(await replayStream(hre, stream)) });
  }
  return results;
}

/** Records `suite` on `network` (its default when undefined) and replays what it sent; fails if the suite fails. */
export async function replaySuite(suite: Suite, network?: string): Promise<SuiteReplay> {
  const recording = await recordSuite(suite, network);
  if (recording.status !== 0) {
    throw new Error(`${suite.name}: the suite failed while recorded (exit ${recording.status}):\n${recording.output}`);
  }
  return { suite, network, streams: await replayStreams(suite, recording.streams) };
}

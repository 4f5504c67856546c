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

import { PLUGIN_ID } from "../../../src/plugin/errors.js";
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

/** A Hardhat runtime over the suite's project, from its own config (built once per project). */
export function suiteRuntime(suite: Suite): Promise<HardhatRuntimeEnvironment> {
  let hre = runtimes.get(suite.root);
  if (hre === undefined) {
    hre = (async () => {
      const url = pathToFileURL(path.join(suite.root, "hardhat.config.ts")).href;
      const { default: config } = (await import(url)) as { default: HardhatUserConfig };
      // Only our plugin: the replay sends recorded requests itself, and a plugin such as the chai matchers
      // (pulled in by the toolboxes) patches this mocha process's chai on every new connection.
      const plugins = (config.plugins ?? []).filter((plugin) => plugin.id === PLUGIN_ID);
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

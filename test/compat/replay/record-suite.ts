/**
 * Runs a fixture project's test suite through the Hardhat CLI with the request recorder added last to its
 * config, and reads what it recorded. The fixture is not edited: a wrapper config next to its own (which Hardhat
 * must find in the project's root; git ignores it) imports the fixture's config and appends the recorder, and
 * `HARDHAT_CONFIG` points the CLI — and any process it starts — at it. The wrapper is removed afterwards.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { REPO_ROOT } from "../../helpers/fixtures.js";

import { RECORD_FILE_VARIABLE, readRecording, type RecordedStream } from "./recording.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");
const RECORDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "request-recorder.ts");
/** The wrapper config's name (git ignores it in every fixture). */
export const WRAPPER_CONFIG = "hardhat.record.config.ts";

/** A suite to record: a Hardhat project and the test runner its tests use. */
export interface Suite {
  /** A short name for reports. */
  readonly name: string;
  /** The project's root (where its `hardhat.config.ts` is). */
  readonly root: string;
  /** `mocha` or `nodejs`. */
  readonly runner: string;
}

/** What a recording run gave. */
export interface SuiteRecording {
  readonly status: number | null;
  /** The suite's output (stdout and stderr), to show when it failed. */
  readonly output: string;
  readonly streams: RecordedStream[];
}

function wrapperSource(): string {
  return [
    `import config from "./hardhat.config.ts";`,
    `import recorder from ${JSON.stringify(pathToFileURL(RECORDER).href)};`,
    `export default { ...config, plugins: [...(config.plugins ?? []), recorder] };`,
    "",
  ].join("\n");
}

/** Runs `hardhat test <runner>` in the suite's project (on `network` when given) and records its requests. */
export async function recordSuite(suite: Suite, network?: string): Promise<SuiteRecording> {
  const folder = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-record-"));
  const file = path.join(folder, "requests.jsonl");
  writeFileSync(file, "");
  const wrapper = path.join(suite.root, WRAPPER_CONFIG);
  writeFileSync(wrapper, wrapperSource());
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FORCE_COLOR: "0",
      NO_COLOR: "1",
      HARDHAT_CONFIG: wrapper,
      [RECORD_FILE_VARIABLE]: file,
    };
    delete env.CI;
    const args = [CLI, "test", suite.runner, ...(network === undefined ? [] : ["--network", network])];
    const { status, output } = await run(args, suite.root, env);
    return { status, output, streams: readRecording(file) };
  } finally {
    rmSync(wrapper, { force: true });
    rmSync(folder, { recursive: true, force: true });
  }
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

/**
 * The plugin's override of Hardhat's `test` task: marks the run as a test run (see plugin/network/test-run.ts)
 * so that connections to the parallel network record a test-run profile when `parallel.profile` is on, then
 * runs the original task.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";

import { TEST_RUN_ENV } from "../../plugin/network/test-run.js";

/** Runs `test` with the test-run marker set. */
export default async function testWithProfile(
  args: TaskArguments,
  _hre: HardhatRuntimeEnvironment,
  runSuper: (args: TaskArguments) => Promise<unknown>,
): Promise<unknown> {
  const previous = process.env[TEST_RUN_ENV];
  process.env[TEST_RUN_ENV] = "1";
  try {
    return await runSuper(args);
  } finally {
    if (previous === undefined) delete process.env[TEST_RUN_ENV];
    else process.env[TEST_RUN_ENV] = previous;
  }
}

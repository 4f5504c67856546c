/**
 * Whether the current process runs the project's tests: test-run profiles are recorded only then, so a
 * `hardhat run --network parallel` script never replaces the profile of the last test run. The plugin's
 * override of the `test` task sets the marker for the duration of the run (its value reaches child processes);
 * `npx hardhat test mocha` / `test nodejs` are recognised by the marker Hardhat's test runners set.
 */

/** Environment variable set while `npx hardhat test` runs. */
export const TEST_RUN_ENV = "HARDHAT_PARALLEL_TEST_RUN";

/**
 * Set to "true" by Hardhat's test runners (`hardhat-mocha`, `hardhat-node-test-runner`) for their run, also
 * when called as `npx hardhat test mocha` / `test nodejs` without the `test` task the plugin overrides.
 */
export const HARDHAT_TEST_ENV = "HH_TEST";

/** True while the `test` task, or a test runner's subtask, runs in this process (or a parent process). */
export function isTestRun(): boolean {
  return process.env[TEST_RUN_ENV] === "1" || process.env[HARDHAT_TEST_ENV] === "true";
}

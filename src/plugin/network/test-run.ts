/**
 * Whether the current process runs the project's tests: test-run profiles are recorded only then, so a
 * `hardhat run --network parallel` script never replaces the profile of the last test run. The plugin's
 * override of the `test` task sets the marker for the duration of the run (its value reaches child processes).
 */

/** Environment variable set while `npx hardhat test` runs. */
export const TEST_RUN_ENV = "HARDHAT_PARALLEL_TEST_RUN";

/** True while the `test` task runs in this process (or a parent process). */
export function isTestRun(): boolean {
  return process.env[TEST_RUN_ENV] === "1";
}

/**
 * The parallel network a resolved `parallel` section describes — the same for the plugin's connections and
 * `parallel-node`: hardfork, strategy, workers, shards, and the test-run profile folder when profiling is on
 * (`parallel.profile` while `npx hardhat test` runs, or `HARDHAT_PARALLEL_PROFILE_DIR` which also overrides the
 * folder).
 */
import type { ParallelNetworkOptions } from "../../runtime/network/parallel-network.js";
import type { ParallelConfig } from "../config/types.js";

import { isTestRun } from "./test-run.js";

/** Network options from the resolved config; `chain` settings are merged over the hardfork. */
export function networkSettings(
  parallel: ParallelConfig,
  chain: ParallelNetworkOptions["chain"] = {},
): ParallelNetworkOptions {
  // Profiles record test runs only: a `hardhat run` script must not replace the last test run's profile.
  const profileDir =
    process.env.HARDHAT_PARALLEL_PROFILE_DIR ?? (parallel.profile && isTestRun() ? parallel.profileDir : undefined);
  return {
    chain: { hardfork: parallel.hardfork, ...chain },
    runtime: {
      strategy: parallel.strategy,
      workers: parallel.workers,
      shards: parallel.shards,
      unlimitedContractSize: chain.allowUnlimitedContractSize === true,
    },
    profileDir,
  };
}

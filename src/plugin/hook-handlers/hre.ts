import type { HardhatRuntimeEnvironmentHooks } from "hardhat/types/hooks";

/**
 * With `--parallel-stats-json`, the main Hardhat process names the run: the test processes it starts
 * (node:test runs one per file) inherit the id and merge their statistics into one file.
 */
export default async (): Promise<Partial<HardhatRuntimeEnvironmentHooks>> => ({
  created: async (_context, hre) => {
    if (hre.globalOptions.parallelStatsJson !== "") {
      process.env.HARDHAT_PARALLEL_STATS_RUN ||= `${process.pid}-${Date.now()}`;
    }
  },
});

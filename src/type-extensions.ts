import "hardhat/types/config";
import "hardhat/types/global-options";
import type { ChainType, DefaultChainType } from "hardhat/types/network";

import type { ParallelConfig, ParallelUserConfig } from "./plugin/config/types.js";
import type { ParallelTestHelpers } from "./testing/connection-helpers.js";

declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    /** hardhat-parallel settings; every field is optional. */
    parallel?: ParallelUserConfig;
  }

  interface HardhatConfig {
    /** hardhat-parallel settings with defaults filled in. */
    parallel: ParallelConfig;
  }
}

declare module "hardhat/types/network" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter must match Hardhat's
  interface NetworkConnection<ChainTypeT extends ChainType | string = DefaultChainType> {
    /** hardhat-parallel's test helpers: `mineBlock` (several transactions in one block, with execution facts). */
    parallel: ParallelTestHelpers;
  }
}

declare module "hardhat/types/global-options" {
  interface GlobalOptions {
    /** `--parallel-stats-json <path>`: where the tests' mineBlock conflicts are written ("" for nowhere). */
    parallelStatsJson: string;
  }
}

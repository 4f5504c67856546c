import "hardhat/types/config";

import type { ParallelConfig, ParallelUserConfig } from "./plugin/config/types.js";

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

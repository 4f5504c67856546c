import type { SolidityHooks } from "hardhat/types/hooks";

import { compilerWithKnownLongVersion } from "../solc/known-long-versions.js";

export default async (): Promise<Partial<SolidityHooks>> => ({
  // A build with nothing to compile then never loads a solc-js build just to read its version.
  getCompiler: async (context, config, next) =>
    compilerWithKnownLongVersion(context.config.paths.cache, config, () => next(context, config)),
});

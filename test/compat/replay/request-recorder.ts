/**
 * A dev-only Hardhat plugin that records every JSON-RPC request a test suite sends, per connection and in order,
 * with the answer it got. It is never part of the product: the harness (`record-suite.ts`) adds it last to a copy
 * of a fixture's config, so its request hook is the outermost and sees requests exactly as the test code made
 * them (before Hardhat's own request handlers fill in gas, fees or `from`). Lines go to the JSON-lines file named
 * by `HARDHAT_PARALLEL_RECORD` (see `recording.ts`); without it the plugin records nothing.
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

const requestRecorder: HardhatPlugin = {
  id: "hardhat-parallel-request-recorder",
  hookHandlers: { network: () => import("./recorder-hooks.js") },
};

export default requestRecorder;

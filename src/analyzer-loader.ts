/**
 * `analyze` and `checkSoundness` as the package's main entry exports them, without loading the analyzer when
 * the plugin is imported: the analyzer (src/analyzer/, also the `hardhat-parallel/analyzer` subpath) is
 * required synchronously on the first call. Its functions are synchronous, and the analyzer has no top-level
 * await, so Node's `require` of an ES module loads it in place.
 */
import { createRequire } from "node:module";

import type * as Analyzer from "./analyzer/index.js";

const requireHere = createRequire(import.meta.url);
let loaded: typeof Analyzer | undefined;

function analyzer(): typeof Analyzer {
  loaded ??= requireHere("./analyzer/index.js") as typeof Analyzer;
  return loaded;
}

/** See the analyzer's `analyze` (src/analyzer/analyze.ts). */
export function analyze(...args: Parameters<typeof Analyzer.analyze>): ReturnType<typeof Analyzer.analyze> {
  return analyzer().analyze(...args);
}

/** See the analyzer's `checkSoundness` (src/analyzer/soundness.ts). */
export function checkSoundness(
  ...args: Parameters<typeof Analyzer.checkSoundness>
): ReturnType<typeof Analyzer.checkSoundness> {
  return analyzer().checkSoundness(...args);
}

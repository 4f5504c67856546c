/**
 * The built plugin's single-file runtime (`dist/bundle/parallel-network.js`) for benchmarks that measure what a
 * project runs: refused with the fix named when the build is missing or older than the runtime's sources.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import type { HardhatPlugin } from "hardhat/types/plugins";

/** What benchmarks use of the bundle besides the plugin itself. */
export interface BuiltRuntime {
  /** `evm/sync-steps.ts`'s switch, of the bundle's own interpreter copy. */
  setSyncStepsEnabled(on: boolean): void;
}

/** The newest modification time (ms) of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Loads the bundle of the project at `root`; throws when it is missing or out of date. */
export async function builtRuntime(root: string): Promise<BuiltRuntime> {
  const bundle = join(root, "dist", "bundle", "parallel-network.js");
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before this benchmark`);
  if (statSync(bundle).mtimeMs < newestMtime(join(root, "src"))) {
    throw new Error(`${bundle} is older than src/: run \`npm run build\` before this benchmark`);
  }
  return (await import(pathToFileURL(bundle).href)) as BuiltRuntime;
}

/**
 * The built plugin (`dist/src/index.js`) of the project at `root`, loaded after {@link builtRuntime} checked the
 * build: imported by path, so typechecking the benchmarks needs no build and a missing one gets the fix named.
 */
export async function builtPlugin(root: string): Promise<HardhatPlugin> {
  const entry = join(root, "dist", "src", "index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before this benchmark`);
  const loaded = (await import(pathToFileURL(entry).href)) as { default: HardhatPlugin };
  return loaded.default;
}

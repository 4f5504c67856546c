/**
 * Loads the runtime's network factory for a test connection. A packed or built plugin has the single-file
 * runtime (`dist/bundle/parallel-network.js`, written by `scripts/bundle-runtime.mjs`): one module instead
 * of the ~600 the runtime and its dependencies are made of, which saves most of the first request's start-up
 * cost in every `hardhat test --network parallel` run. Running from the sources (tests, `tsx`), there is no
 * bundle and the modules are loaded as they are. Both are built from the same code.
 *
 * Before the bundle is imported, Node's on-disk compile cache is switched on (`module.enableCompileCache()`, in
 * Node's default folder unless `NODE_COMPILE_CACHE` names one): V8 then reuses the bundle's compiled code from
 * the last run instead of compiling its 2 MB again (about a third of the import's CPU time). A process that
 * turned it on or off itself keeps its choice, and a folder that cannot be written leaves it off.
 */
import { existsSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { fileURLToPath } from "node:url";

import type * as ParallelNetworkModule from "../../runtime/network/parallel-network.js";

type NetworkModule = typeof ParallelNetworkModule;

/** Where the single-file runtime of this build is, if it has one. */
export function runtimeBundle(): URL | undefined {
  const bundle = new URL("../../../bundle/parallel-network.js", import.meta.url);
  return import.meta.url.endsWith(".js") && existsSync(fileURLToPath(bundle)) ? bundle : undefined;
}

/** The network factory: from the single-file runtime when the build has one. */
export async function loadNetworkModule(): Promise<NetworkModule> {
  const bundle = runtimeBundle();
  if (bundle === undefined) return import("../../runtime/network/parallel-network.js");
  enableCompileCache(); // Refused (nothing changes) under NODE_DISABLE_COMPILE_CACHE, as Node documents.
  return (await import(bundle.href)) as NetworkModule;
}

/**
 * Loads the runtime's network factory for a test connection. A packed or built plugin has the single-file
 * runtime (`dist/bundle/parallel-network.js`, written by `scripts/bundle-runtime.mjs`): one module instead
 * of the ~600 the runtime and its dependencies are made of, which saves most of the first request's start-up
 * cost in every `hardhat test --network parallel` run. Running from the sources (tests, `tsx`), there is no
 * bundle and the modules are loaded as they are. Both are built from the same code.
 */
import { existsSync } from "node:fs";
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
  if (bundle !== undefined) return (await import(bundle.href)) as NetworkModule;
  return import("../../runtime/network/parallel-network.js");
}

import { readFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatUserConfig } from "hardhat/types/config";
import type { ConfigHooks } from "hardhat/types/hooks";

import { DEFAULTS } from "../config/defaults.js";
import { resolveParallelConfig } from "../config/resolution.js";
import { validateParallelUserConfig } from "../config/validation.js";
import { pluginError } from "../errors.js";
import { isParallelNetworkEntry, parallelNetworkUserConfig } from "../network/network-entry.js";
import { wireOfflineCompilers } from "../solc/compiler-wiring.js";

function requestedNetworkName(config: HardhatUserConfig): string {
  const name = config.parallel?.networkName;
  return typeof name === "string" && name.trim() !== "" ? name : DEFAULTS.networkName;
}

async function assertEsmProject(root: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path.join(root, "package.json"), "utf8");
  } catch {
    return; // No package.json: Hardhat itself reports that.
  }
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown }).type;
  } catch {
    return; // Malformed package.json: npm and Hardhat report that.
  }
  if (type !== "module") throw pluginError("PROJECT_NOT_ESM", { root });
}

export default async (): Promise<Partial<ConfigHooks>> => ({
  extendUserConfig: async (config, next) => {
    const extended = await next(config);
    const name = requestedNetworkName(extended);
    const networks = { ...(extended.networks ?? {}) };
    if (networks[name] === undefined) networks[name] = parallelNetworkUserConfig();
    if (extended.parallel?.replaceDefault === true) networks.default = parallelNetworkUserConfig();
    return { ...extended, networks };
  },

  validateUserConfig: async (config) => {
    const errors = validateParallelUserConfig(config.parallel);
    const name = requestedNetworkName(config);
    const entry = config.networks?.[name];
    if (entry !== undefined && !isParallelNetworkEntry(entry)) {
      const err = pluginError("NETWORK_NAME_TAKEN", { name });
      errors.push({ path: ["networks", name], message: err.message });
    }
    return errors;
  },

  resolveUserConfig: async (userConfig, resolveConfigurationVariable, next) => {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    await assertEsmProject(resolved.paths.root);
    wireOfflineCompilers(resolved, userConfig.parallel?.solc ?? DEFAULTS.solc);
    return {
      ...resolved,
      parallel: resolveParallelConfig(userConfig.parallel, resolved.paths.root, resolved.paths.cache),
    };
  },
});

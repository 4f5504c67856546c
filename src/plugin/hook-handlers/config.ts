import { readFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatUserConfig, NetworkConfig } from "hardhat/types/config";
import type { ConfigHooks } from "hardhat/types/hooks";

import { DEFAULTS, HARDFORKS } from "../config/defaults.js";
import { resolveParallelConfig } from "../config/resolution.js";
import type { ParallelHardfork } from "../config/types.js";
import { validateParallelUserConfig } from "../config/validation.js";
import { pluginError } from "../errors.js";
import { attachOverrides, splitOverride } from "../network/connection-overrides.js";
import { isParallelNetworkEntry, parallelNetworkUserConfig, servedNetworkNames } from "../network/network-entry.js";
import { wireOfflineCompilers } from "../solc/compiler-wiring.js";

/** The settings network's hardfork when the parallel network can run it. */
function inheritedHardfork(network: NetworkConfig | undefined): ParallelHardfork | undefined {
  if (network?.type !== "edr-simulated") return undefined;
  return HARDFORKS.find((h) => h === network.hardfork);
}

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
    const settingsFrom = extended.parallel?.settingsFrom ?? DEFAULTS.settingsFrom;
    const settings = networks[settingsFrom];
    const entry = parallelNetworkUserConfig(settings);
    // An entry already there is the plugin's own with a connection override merged in (connection-overrides.ts).
    if (networks[name] === undefined) networks[name] = entry;
    else if (isParallelNetworkEntry(networks[name])) splitOverride(networks, name, entry, settings);
    if (extended.parallel?.replaceDefault === true) {
      if (isParallelNetworkEntry(networks.default)) splitOverride(networks, "default", entry, undefined);
      else networks.default = entry;
    }
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
    const settingsFrom = config.parallel?.settingsFrom;
    if (typeof settingsFrom === "string" && settingsFrom.trim() !== "") {
      const settings = config.networks?.[settingsFrom];
      const problem =
        settings === undefined
          ? "is not defined"
          : settings.type !== "edr-simulated"
            ? `is of type "${String(settings.type)}"`
            : undefined;
      if (problem !== undefined) {
        const err = pluginError("SETTINGS_NETWORK_INVALID", { name: settingsFrom, problem });
        errors.push({ path: ["parallel", "settingsFrom"], message: err.message });
      }
    }
    return errors;
  },

  resolveUserConfig: async (userConfig, resolveConfigurationVariable, next) => {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    await assertEsmProject(resolved.paths.root);
    wireOfflineCompilers(resolved, userConfig.parallel?.solc ?? DEFAULTS.solc);
    const networks = { ...resolved.networks };
    attachOverrides(
      networks,
      servedNetworkNames({
        networkName: requestedNetworkName(userConfig),
        replaceDefault: userConfig.parallel?.replaceDefault === true,
      }),
    );
    return {
      ...resolved,
      networks,
      parallel: resolveParallelConfig(
        userConfig.parallel,
        resolved.paths.root,
        resolved.paths.cache,
        inheritedHardfork(resolved.networks[userConfig.parallel?.settingsFrom ?? DEFAULTS.settingsFrom]),
      ),
    };
  },
});

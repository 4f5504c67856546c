/**
 * Connection overrides (`network.create({ override: { … } })`) on the parallel network. Hardhat resolves an
 * override by merging it into the user config's entry for the network and resolving the whole config again.
 * The entry is declared `http` (see network-entry.ts), so Hardhat would validate simulated-network options
 * against the `http` schema (an `accounts` override with `{ privateKey, balance }` is refused) and drop the
 * ones `http` does not know (`mining`, `initialBaseFeePerGas`, `allowUnlimitedContractSize`…), and the
 * chain would silently keep its settings. Instead, while the config is extended, the override's keys move to
 * a simulated network of their own (the settings network with the override on top), which Hardhat validates
 * and resolves as it does for its own network; once resolved, that network rides on the entry's resolved
 * config (`OVERRIDE_SETTINGS`), where the connection finds it.
 */
import type { EdrNetworkConfig, HardhatConfig, NetworkConfig, NetworkUserConfig } from "hardhat/types/config";

/** The resolved entry's property holding the override's resolved simulated settings. */
export const OVERRIDE_SETTINGS = "parallelOverrideSettings";

/** The name of the synthetic network that carries an override through resolution. */
export function overrideNetworkName(name: string): string {
  return `${name} override`;
}

/** The keys of `current` an override added to, or changed on, the plugin's `entry` (none: undefined). */
function overrideOf(current: NetworkUserConfig, entry: NetworkUserConfig): Record<string, unknown> | undefined {
  const before = entry as unknown as Record<string, unknown>;
  const added: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) {
    if (key === "type" || key === "chainType") continue;
    // Configuration variables and bigints do not survive JSON; a value the entry holds is compared as it is.
    if (value === before[key] || stable(value) === stable(before[key])) continue;
    added[key] = value;
  }
  return Object.keys(added).length === 0 ? undefined : added;
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? "undefined";
}

/**
 * Splits an override off the plugin's entry `name` in `networks` (mutated): the entry is reset to `entry` and
 * the override lands on the synthetic network, on top of the settings network's user config.
 */
export function splitOverride(
  networks: Record<string, NetworkUserConfig>,
  name: string,
  entry: NetworkUserConfig,
  settings: NetworkUserConfig | undefined,
): void {
  const current = networks[name];
  if (current === undefined) return;
  const override = overrideOf(current, entry);
  if (override === undefined) return;
  networks[name] = { ...entry, ...(current.chainType === undefined ? {} : { chainType: current.chainType }) };
  const base = settings?.type === "edr-simulated" ? settings : { type: "edr-simulated" as const };
  networks[overrideNetworkName(name)] = { ...base, ...override, type: "edr-simulated" } as NetworkUserConfig;
}

/** Moves each resolved synthetic network onto its entry (mutates `networks`). */
export function attachOverrides(networks: Record<string, NetworkConfig>, names: readonly string[]): void {
  for (const name of names) {
    const synthetic = networks[overrideNetworkName(name)];
    const entry = networks[name];
    if (synthetic === undefined || entry === undefined) continue;
    delete networks[overrideNetworkName(name)];
    networks[name] = Object.assign({ ...entry }, { [OVERRIDE_SETTINGS]: synthetic });
  }
}

/** Marks a simulated view made up from the `http` entry (no settings network to show): not a source of settings. */
export const MADE_UP_VIEW = "parallelMadeUpView";

/** The override's resolved simulated settings a resolved entry carries, if any. */
export function overrideSettingsOf(config: NetworkConfig): EdrNetworkConfig | undefined {
  const settings = (config as { [OVERRIDE_SETTINGS]?: NetworkConfig })[OVERRIDE_SETTINGS];
  return settings?.type === "edr-simulated" ? settings : undefined;
}

/**
 * The simulated network whose settings a connection's chain takes: the connection's own config once it is the
 * simulated view (see `connectionNetworkConfig`), else the override the entry carries, else the settings network.
 */
export function settingsNetworkOf(
  config: HardhatConfig,
  connectionConfig: NetworkConfig,
): EdrNetworkConfig | undefined {
  const madeUp = (connectionConfig as { [MADE_UP_VIEW]?: boolean })[MADE_UP_VIEW] === true;
  if (connectionConfig.type === "edr-simulated" && !madeUp) return connectionConfig;
  const override = overrideSettingsOf(connectionConfig);
  if (override !== undefined) return override;
  const settings = config.networks[config.parallel.settingsFrom];
  return settings?.type === "edr-simulated" ? settings : undefined;
}

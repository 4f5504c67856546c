/**
 * How the plugin's network appears in Hardhat's config. Hardhat only knows `http` and `edr-simulated`
 * networks, so the parallel network is declared as `http` with a placeholder URL that is never dialled:
 * every request on it is answered in the plugin's `onRequest` hook (see hook-handlers/network.ts), which works
 * whatever the plugin order and creates no EDR provider.
 */
import type {
  EdrNetworkAccountsConfig,
  EdrNetworkConfig,
  HardhatConfig,
  HttpNetworkAccountsUserConfig,
  HttpNetworkUserConfig,
  NetworkConfig,
  NetworkUserConfig,
} from "hardhat/types/config";

import { MADE_UP_VIEW, overrideSettingsOf } from "./connection-overrides.js";

/** Placeholder URL that marks a network entry as served by hardhat-parallel. Never contacted. */
export const PARALLEL_NETWORK_URL = "http://127.0.0.1:1/hardhat-parallel";

/** Hardhat's default accounts of a simulated network: 20 from the "test … junk" mnemonic. */
const DEFAULT_ACCOUNTS = { mnemonic: "test test test test test test test test test test test junk", count: 20 };

/**
 * The accounts the entry declares: the keys of the settings network's accounts (its private keys, or its
 * mnemonic and derivation), so that plugins that sign locally (hardhat-ethers' EIP-7702 `authorize`) find
 * them. Requests never reach Hardhat's local-accounts handler: the plugin answers them first.
 */
export function entryAccounts(settings: NetworkUserConfig | undefined): HttpNetworkAccountsUserConfig {
  if (settings?.type !== "edr-simulated" || settings.accounts === undefined) return DEFAULT_ACCOUNTS;
  const accounts = settings.accounts;
  if (Array.isArray(accounts)) return accounts.map((account) => account.privateKey);
  const { mnemonic, count, initialIndex, path, passphrase } = accounts;
  return {
    mnemonic: mnemonic ?? DEFAULT_ACCOUNTS.mnemonic,
    count: count ?? DEFAULT_ACCOUNTS.count,
    ...(initialIndex === undefined ? {} : { initialIndex }),
    ...(path === undefined ? {} : { path }),
    ...(passphrase === undefined ? {} : { passphrase }),
  };
}

/** The user-config entry the plugin adds for its network (and for `default` with `replaceDefault`). */
export function parallelNetworkUserConfig(settings?: NetworkUserConfig): HttpNetworkUserConfig {
  return { type: "http", chainType: "l1", url: PARALLEL_NETWORK_URL, accounts: entryAccounts(settings) };
}

/** Whether a network entry (user or resolved) is one the plugin added. */
export function isParallelNetworkEntry(entry: unknown): boolean {
  if (typeof entry !== "object" || entry === null) return false;
  const { type, url } = entry as { type?: unknown; url?: unknown };
  if (type !== "http") return false;
  if (url === PARALLEL_NETWORK_URL) return true;
  // Resolved http configs hold the URL as a resolved configuration variable.
  if (typeof url === "object" && url !== null && "_value" in url)
    return (url as { _value?: unknown })._value === PARALLEL_NETWORK_URL;
  return false;
}

/** The names of the networks the plugin serves, given the resolved `parallel` section. */
export function servedNetworkNames(parallel: { networkName: string; replaceDefault: boolean }): string[] {
  return parallel.replaceDefault ? [parallel.networkName, "default"] : [parallel.networkName];
}

const DEFAULT_BALANCE = 10_000n * 10n ** 18n;

/**
 * The config a connection to the parallel network shows other plugins: a simulated (`edr-simulated`) one —
 * the settings network's own when it is simulated, since this network simulates exactly that network;
 * otherwise the declared entry with the simulated type and account shape. Plugins that treat simulated
 * networks as ephemeral then do so here too: Hardhat Ignition keeps no deployment journal for them, where on
 * an `http` network it wrote `ignition/deployments/chain-31337` on the first test run and reused the stale
 * journal on the next (the fresh chain has no such contracts). The plugin itself reads its settings from
 * the resolved config, never from this view.
 */
export function connectionNetworkConfig(config: HardhatConfig, declared: NetworkConfig): NetworkConfig {
  const settings = overrideSettingsOf(declared) ?? config.networks[config.parallel.settingsFrom];
  if (settings?.type === "edr-simulated") return settings;
  if (declared.type !== "http") return declared;
  const { accounts } = declared;
  const simulated: EdrNetworkAccountsConfig =
    accounts === "remote"
      ? []
      : Array.isArray(accounts)
        ? accounts.map((privateKey) => ({ privateKey, balance: DEFAULT_BALANCE }))
        : { ...accounts, accountsBalance: DEFAULT_BALANCE };
  const { url: _url, httpHeaders: _headers, timeout: _timeout, ...rest } = declared;
  return { ...rest, type: "edr-simulated", accounts: simulated, [MADE_UP_VIEW]: true } as unknown as EdrNetworkConfig;
}

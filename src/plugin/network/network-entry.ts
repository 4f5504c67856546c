/**
 * How the plugin's network appears in Hardhat's config. Hardhat only knows `http` and `edr-simulated`
 * networks, so the parallel network is declared as `http` with a placeholder URL that is never dialled:
 * every request on it is answered in the plugin's `onRequest` hook (see hook-handlers/network.ts), which works
 * whatever the plugin order and creates no EDR provider.
 */
import type { HttpNetworkUserConfig } from "hardhat/types/config";

/** Placeholder URL that marks a network entry as served by hardhat-parallel. Never contacted. */
export const PARALLEL_NETWORK_URL = "http://127.0.0.1:1/hardhat-parallel";

/** The user-config entry the plugin adds for its network (and for `default` with `replaceDefault`). */
export function parallelNetworkUserConfig(): HttpNetworkUserConfig {
  return { type: "http", chainType: "l1", url: PARALLEL_NETWORK_URL, accounts: "remote" };
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

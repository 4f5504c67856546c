/**
 * The parallel network takes the same settings as Hardhat's simulated network: by default those the project
 * set for its `default` network (or the `edr-simulated` network named by `parallel.settingsFrom`). This turns
 * Hardhat's resolved `EdrNetworkConfig` into the chain's settings: chain and network id, genesis accounts
 * (private keys with balances, or a mnemonic with count, path, initial index, passphrase and balance), block
 * gas limit, transaction gas cap, coinbase, initial base fee, initial date, hardfork, mining (auto, interval,
 * mempool order), `allowUnlimitedContractSize`, `allowBlocksWithSameTimestamp` and
 * `throwOnTransactionFailures` / `throwOnCallFailures`. {@link parallelChainSettings} is the one resolution both
 * the plugin's connections and `parallel-node` use.
 */
import type { EdrNetworkConfig, HardhatConfig, NetworkConfig } from "hardhat/types/config";

import type { ChainConfig, GenesisAccount } from "../../runtime/chain/chain-config.js";
import { HARDFORKS } from "../config/defaults.js";
import type { ParallelHardfork } from "../config/types.js";
import { pluginError } from "../errors.js";

import { loadNetworkModule } from "./runtime-loader.js";

/** Whether a resolved network entry is a Hardhat simulated (EDR) network. */
export function isSimulatedNetwork(network: NetworkConfig | undefined): network is EdrNetworkConfig {
  return network !== undefined && network.type === "edr-simulated";
}

function toHexAddress(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

/** The address of a configured private key: by libsecp256k1, else by ethers (which words a bad key's error). */
async function accountAddress(privateKey: string, fast: (key: string) => string | undefined): Promise<string> {
  return fast(privateKey) ?? (await import("ethers")).computeAddress(privateKey).toLowerCase();
}

// From the runtime the connection loads anyway (its single-file bundle when built): see runtime-loader.ts.
async function genesisAccounts(network: EdrNetworkConfig): Promise<GenesisAccount[]> {
  const { deriveAccounts, privateKeyAddress } = await loadNetworkModule();
  const accounts = network.accounts;
  if (Array.isArray(accounts)) {
    return Promise.all(
      accounts.map(async (account) => {
        const privateKey = await account.privateKey.getHexString();
        return { address: await accountAddress(privateKey, privateKeyAddress), privateKey, balance: account.balance };
      }),
    );
  }
  return deriveAccounts(await accounts.mnemonic.get(), accounts.count, accounts.accountsBalance, {
    path: accounts.path,
    initialIndex: accounts.initialIndex,
    passphrase: await accounts.passphrase.get(),
  });
}

/** The hardfork the parallel network runs: `parallel.hardfork` if set, else the settings network's. */
export function supportedHardfork(hardfork: string, networkName: string): ParallelHardfork {
  const match = HARDFORKS.find((h) => h === hardfork);
  if (match === undefined) throw pluginError("UNSUPPORTED_NETWORK_HARDFORK", { hardfork, networkName });
  return match;
}

/** The chain settings a resolved simulated network describes. */
export async function chainSettingsOf(
  network: EdrNetworkConfig,
  networkName: string,
  hardfork: ParallelHardfork,
): Promise<Partial<ChainConfig>> {
  if (network.forking?.enabled === true) throw pluginError("FORKING_UNSUPPORTED", { networkName });
  const settings: { -readonly [K in keyof ChainConfig]?: ChainConfig[K] } = {
    chainId: BigInt(network.chainId),
    networkId: BigInt(network.networkId),
    hardfork,
    accounts: await genesisAccounts(network),
    coinbase: toHexAddress(network.coinbase),
    allowUnlimitedContractSize: network.allowUnlimitedContractSize === true,
    blockGasLimitEnforced: network.blockGasLimit !== false,
    allowBlocksWithSameTimestamp: network.allowBlocksWithSameTimestamp,
    mining: { auto: network.mining.auto, interval: network.mining.interval, order: network.mining.mempool.order },
    minGasPrice: network.minGasPrice,
    throwOnTransactionFailures: network.throwOnTransactionFailures,
    throwOnCallFailures: network.throwOnCallFailures,
  };
  if (typeof network.blockGasLimit === "bigint") settings.blockGasLimit = network.blockGasLimit;
  if (network.transactionGasCap !== undefined) settings.transactionGasCap = network.transactionGasCap;
  if (network.initialBaseFeePerGas !== undefined) settings.initialBaseFeePerGas = network.initialBaseFeePerGas;
  if (network.gasEstimationMode !== undefined) settings.gasEstimationMode = network.gasEstimationMode;
  const initialDate = new Date(network.initialDate);
  if (!Number.isNaN(initialDate.getTime()) && String(network.initialDate) !== "") {
    settings.genesisTimestamp = BigInt(Math.floor(initialDate.getTime() / 1000));
  }
  return settings;
}

/**
 * Refuses an OP Stack chain type: the runtime has no OP receipts, L1 data fee or predeploys, and running such a
 * network as L1 would give other answers silently.
 */
export function checkChainType(chainType: string | undefined, networkName: string): void {
  if (chainType === "op") throw pluginError("OP_CHAIN_UNSUPPORTED", { networkName, chainType });
}

/**
 * The chain settings of the parallel network, for the plugin's connections and `parallel-node` alike: those of
 * the network `parallel.settingsFrom` names (`default` unless set), Hardhat's defaults when it is not a
 * simulated network; `parallel.hardfork` wins over the network's hardfork when the user set it. A connection
 * with an override passes its own simulated network (connection-overrides.ts).
 */
export async function parallelChainSettings(
  config: HardhatConfig,
  network: NetworkConfig | undefined = config.networks[config.parallel.settingsFrom],
): Promise<Partial<ChainConfig>> {
  const { settingsFrom, hardfork, hardforkSet } = config.parallel;
  if (!isSimulatedNetwork(network)) return { hardfork };
  checkChainType(network.chainType ?? config.defaultChainType, settingsFrom);
  const chosen = hardforkSet ? hardfork : supportedHardfork(network.hardfork, settingsFrom);
  return chainSettingsOf(network, settingsFrom, chosen);
}

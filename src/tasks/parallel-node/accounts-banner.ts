/**
 * The accounts listing `parallel-node` prints at start-up, as `hardhat node` prints it (Hardhat's
 * `formatEdrNetworkConfigAccounts`): each account's lower-case address and whole-ETH balance; for Hardhat's default
 * accounts (its mnemonic, 20 accounts of 10,000 ETH on the default path) also their private keys, between two
 * warnings that they are publicly known. Accounts of another mnemonic or private keys are listed without keys.
 */
import { styleText } from "node:util";

import type { NetworkConfig } from "hardhat/types/config";

import { isSimulatedNetwork } from "../../plugin/network/simulated-network.js";
import type { GenesisAccount } from "../../runtime/chain/chain-config.js";

const WEI_PER_ETH = 10n ** 18n;

/** Hardhat's default simulated-network accounts (`DEFAULT_EDR_NETWORK_HD_ACCOUNTS_CONFIG_PARAMS`). */
const DEFAULT_HD_ACCOUNTS = {
  mnemonic: "test test test test test test test test test test test junk",
  passphrase: "",
  count: 20,
  initialIndex: 0,
  path: "m/44'/60'/0'/0",
  accountsBalance: 10_000n * WEI_PER_ETH,
} as const;

/**
 * Whether the settings network's accounts are Hardhat's default ones, as `hardhat node` decides it (a list of
 * private keys never is); a settings network that is not simulated gives the chain's defaults, which are.
 */
export async function isDefaultAccounts(network: NetworkConfig | undefined): Promise<boolean> {
  if (!isSimulatedNetwork(network)) return true;
  const accounts = network.accounts;
  if (Array.isArray(accounts)) return false;
  const expected = DEFAULT_HD_ACCOUNTS;
  return (
    (await accounts.mnemonic.get()) === expected.mnemonic &&
    (await accounts.passphrase.get()) === expected.passphrase &&
    accounts.count === expected.count &&
    accounts.initialIndex === expected.initialIndex &&
    accounts.path === expected.path &&
    accounts.accountsBalance === expected.accountsBalance
  );
}

/** Hardhat's warning about the default accounts' keys (bold where the terminal shows styles). */
function keysWarning(): string {
  return styleText(
    "bold",
    "WARNING: Funds sent on live network to accounts with publicly known private keys WILL BE LOST.",
  );
}

/** The account listing `hardhat node` prints (empty without accounts). */
export function accountsBanner(accounts: readonly GenesisAccount[], isDefault: boolean): string {
  if (accounts.length === 0) return "";
  const lines = ["Accounts", "========"];
  if (isDefault) lines.push("", keysWarning(), "");
  const keyPrefix = "Private Key:";
  const prefix = (index: number) => `Account #${index}:`;
  let width = prefix(accounts.length - 1).length;
  if (isDefault) width = Math.max(width, keyPrefix.length);
  accounts.forEach((account, i) => {
    lines.push(`${prefix(i).padEnd(width)} ${account.address.toLowerCase()} (${account.balance / WEI_PER_ETH} ETH)`);
    if (isDefault) lines.push(`${keyPrefix.padEnd(width)} ${account.privateKey}`);
    lines.push("");
  });
  if (isDefault) lines.push(keysWarning(), "");
  return lines.join("\n");
}

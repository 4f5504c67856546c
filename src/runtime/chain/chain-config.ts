/**
 * Settings of one parallel-network chain, with the same defaults as Hardhat's own network (EDR) so that test
 * suites see the same world: chain id 31337, the 20 accounts of Hardhat's default mnemonic with 10,000 ETH
 * each, a 60M block gas limit, a 1 gwei initial base fee, coinbase 0xc014ba5e…, hardfork osaka.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

import { deriveHdAccounts, type DerivedAccount } from "../crypto/hd-accounts.js";
import type { AddressHex } from "../vocabulary.js";

/** Hardhat's default mnemonic. */
export const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

/** A funded account the chain can sign for. */
export interface GenesisAccount {
  readonly address: AddressHex;
  /** 0x-prefixed 32-byte private key. */
  readonly privateKey: string;
  readonly balance: bigint;
}

/** Everything that defines a chain. */
export interface ChainConfig {
  readonly chainId: bigint;
  readonly networkId: bigint;
  readonly hardfork: string;
  readonly blockGasLimit: bigint;
  /**
   * Whether transactions must fit in the block gas limit. Hardhat's `blockGasLimit: false` turns it off (blocks
   * still carry the default limit in their header); `evm_setBlockGasLimit` turns it on for good.
   */
  readonly blockGasLimitEnforced: boolean;
  readonly coinbase: AddressHex;
  readonly initialBaseFeePerGas: bigint;
  readonly accounts: readonly GenesisAccount[];
  /** Unix seconds of the genesis block (default: now). */
  readonly genesisTimestamp: bigint | undefined;
  /** Block time from a simulated clock (12 s blocks from genesis) instead of the wall clock. */
  readonly simulatedClock: boolean;
  /**
   * Wall-clock milliseconds when the chain's clock started (default: when the chain is made). Hardhat's network
   * starts it when the connection opens, and a plugin's chain may be made later, on the first request.
   */
  readonly clockStartedAt: number | undefined;
  /**
   * Largest gas limit one transaction may have (EIP-7825 on osaka: 2^24); `false`: none but the block gas limit
   * (Hardhat's `transactionGasCap: false`, and every hardfork before osaka).
   */
  readonly transactionGasCap: bigint | false;
  /** No EIP-170/EIP-3860 size limits (Hardhat's `allowUnlimitedContractSize`). */
  readonly allowUnlimitedContractSize: boolean;
  /** A block may have its parent's timestamp (Hardhat's `allowBlocksWithSameTimestamp`). */
  readonly allowBlocksWithSameTimestamp: boolean;
  /** Mining: automine at start, interval mining (ms, a [min, max] range, or 0 for off), pool order. */
  readonly mining: {
    readonly auto: boolean;
    readonly interval: number | [number, number];
    readonly order: "priority" | "fifo";
  };
  /**
   * Hardhat's `minGasPrice`: with automine, a transaction whose gas price (or max priority fee) is lower is
   * refused; blocks leave out a sender whose next transaction's gas price (or max fee) is lower.
   */
  readonly minGasPrice: bigint;
  /** Failed transactions answer an error (else their hash), as Hardhat's `throwOnTransactionFailures`. */
  readonly throwOnTransactionFailures: boolean;
  /** Failed calls answer an error (else their return data), as Hardhat's `throwOnCallFailures`. */
  readonly throwOnCallFailures: boolean;
  /**
   * Hardhat's `gasEstimationMode`: `noInternalOutOfGas` (its default) also needs every inner call to keep from
   * running out of gas; `topLevelSuccess` only the transaction to succeed.
   */
  readonly gasEstimationMode: "noInternalOutOfGas" | "topLevelSuccess";
}

/** Where HD accounts are derived from (Hardhat's `accounts: { mnemonic, path, initialIndex, passphrase }`). */
export interface HdPath {
  readonly path?: string;
  readonly initialIndex?: number;
  readonly passphrase?: string;
}

/** Derivations already made in this process, by their inputs (most recent last; a few at most). */
const derived = new Map<string, readonly DerivedAccount[]>();
const MAX_DERIVATIONS_KEPT = 8;

/** ethers' derivation, which also validates the phrase (words and checksum). */
function deriveWithEthers(phrase: string, passphrase: string, path: string, first: number, count: number) {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase, passphrase), path);
  return Array.from({ length: count }, (_, i) => {
    const wallet = root.deriveChild(first + i);
    return { address: wallet.address.toLowerCase(), privateKey: wallet.privateKey };
  });
}

/**
 * Derives `count` accounts from a BIP-39 mnemonic, by default on Ethereum's path m/44'/60'/0'/0/i: natively
 * (`hd-accounts.ts`) for a phrase ethers has validated once, or Hardhat's default phrase; remembered per process.
 */
export function deriveAccounts(mnemonic: string, count: number, balance: bigint, hd: HdPath = {}): GenesisAccount[] {
  const path = (hd.path ?? "m/44'/60'/0'/0").replace(/\/$/, "");
  const [phrase, passphrase, first] = [mnemonic.trim(), hd.passphrase ?? "", hd.initialIndex ?? 0];
  const id = JSON.stringify([phrase, passphrase, path, first, count]);
  let accounts = derived.get(id);
  if (accounts === undefined) {
    // An invalid phrase must fail as before: ethers validates it (the default phrase is known valid).
    if (phrase !== DEFAULT_MNEMONIC && !Mnemonic.isValidMnemonic(phrase)) Mnemonic.fromPhrase(phrase, passphrase);
    accounts =
      deriveHdAccounts(phrase, passphrase, path, first, count) ??
      deriveWithEthers(phrase, passphrase, path, first, count);
    derived.set(id, accounts);
    if (derived.size > MAX_DERIVATIONS_KEPT) derived.delete(derived.keys().next().value ?? id);
  }
  return accounts.map((a) => ({ address: a.address as AddressHex, privateKey: a.privateKey, balance }));
}

let defaultAccounts: GenesisAccount[] | undefined;

/** The default chain settings, with overrides. */
export function defaultChainConfig(overrides: Partial<ChainConfig> = {}): ChainConfig {
  if (overrides.accounts === undefined) defaultAccounts ??= deriveAccounts(DEFAULT_MNEMONIC, 20, 10_000n * 10n ** 18n);
  const hardfork = overrides.hardfork ?? "osaka";
  return {
    chainId: 31337n,
    networkId: overrides.chainId ?? 31337n,
    hardfork,
    blockGasLimit: 60_000_000n,
    blockGasLimitEnforced: true,
    coinbase: "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
    initialBaseFeePerGas: 1_000_000_000n,
    accounts: overrides.accounts ?? defaultAccounts ?? [],
    genesisTimestamp: undefined,
    simulatedClock: false,
    clockStartedAt: undefined,
    transactionGasCap: hardfork === "osaka" ? 1n << 24n : false,
    allowUnlimitedContractSize: false,
    allowBlocksWithSameTimestamp: false,
    mining: { auto: true, interval: 0, order: "priority" },
    minGasPrice: 0n,
    throwOnTransactionFailures: true,
    throwOnCallFailures: true,
    gasEstimationMode: "noInternalOutOfGas",
    ...overrides,
  };
}

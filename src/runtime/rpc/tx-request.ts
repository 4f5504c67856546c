/**
 * The transaction request of `eth_sendTransaction`, `eth_call` and `eth_estimateGas` (every field optional, as
 * JSON-RPC gives it) and the refusals Hardhat's network makes before it builds a transaction from one, in its
 * order and words.
 */
import type { ChainConfig } from "../chain/chain-config.js";
import type { AccessListItem, AuthorizationItem, TxRequest } from "../chain/transaction-factory.js";
import type { AddressHex } from "../vocabulary.js";

import { invalidArgument, refused } from "./rpc-error.js";

/** A transaction request with every field optional, as JSON-RPC gives it. */
export interface PartialTxRequest {
  readonly from?: AddressHex;
  readonly to?: AddressHex;
  readonly gas?: bigint;
  readonly gasPrice?: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly value?: bigint;
  readonly data?: Uint8Array;
  readonly nonce?: bigint;
  readonly accessList?: readonly AccessListItem[];
  readonly authorizationList?: readonly AuthorizationItem[];
  /** Read but, as on Hardhat's network, only type 3 (refused) matters: the fee fields choose the type. */
  readonly type?: number;
  readonly chainId?: bigint;
  /**
   * `gas` was given as null: a send takes Hardhat's network's default limit (the transaction gas cap within the
   * block gas limit), as it does, not an estimate (Hardhat's request handlers estimate only a missing gas).
   */
  readonly gasDefault?: boolean;
}

/**
 * A creation needs init code and an EIP-7702 request authorizations (from Prague on: `eip7702` tells whether the
 * chain's hardfork has them, `hardfork` is Hardhat's name of it): refused as Hardhat's network refuses them
 * (send, call and estimate alike).
 */
export function checkCreationData(partial: PartialTxRequest, eip7702 = true, hardfork = ""): void {
  if (partial.authorizationList !== undefined) {
    if (!eip7702) {
      // EDR names the glacier forks (difficulty-bomb delays) after the fork they delay.
      const label = /Glacier$/.test(hardfork) ? "LONDON" : hardfork.toUpperCase();
      throw invalidArgument(
        `The transaction contains EIP-7702 parameters, but they are not supported by the current hardfork: ${label}. Use the Prague hardfork (or later).`,
      );
    }
    if (partial.to === undefined) throw refused("Invalid EIP-7702 transaction: to (receiver) parameter is missing.");
    if (partial.authorizationList.length === 0)
      throw refused("Invalid EIP-7702 transaction: authorization list is empty.");
  }
  if (partial.to === undefined && (partial.data === undefined || partial.data.length === 0))
    throw refused("Contract creation without any data provided");
}

/** What `eth_sendTransaction` refuses before it builds a transaction, in EDR's order and words. */
export function checkSendRequest(partial: PartialTxRequest, chainId: bigint): void {
  if (partial.chainId !== undefined && partial.chainId !== chainId)
    throw invalidArgument(`Invalid chainId ${partial.chainId} provided, expected ${chainId} instead.`);
  if (partial.type === 3) {
    throw refused(
      "An EIP-4844 (shard blob) transaction was received, but Hardhat only supports them via `eth_sendRawTransaction`. See https://github.com/NomicFoundation/hardhat/issues/5023",
    );
  }
}

/** A tip above the max fee is refused as Hardhat's network refuses it. */
export function checkFeeOrder(partial: PartialTxRequest): void {
  const { maxFeePerGas, maxPriorityFeePerGas } = partial;
  if (maxFeePerGas !== undefined && maxPriorityFeePerGas !== undefined && maxPriorityFeePerGas > maxFeePerGas) {
    throw refused(`maxPriorityFeePerGas (${maxPriorityFeePerGas}) is bigger than maxFeePerGas (${maxFeePerGas})`);
  }
}

const ONE_GWEI = 1_000_000_000n;

/**
 * The fee fields and type of a request, as Hardhat's network fills them: a gas price without EIP-1559 fees makes
 * a legacy transaction (EIP-2930 with an access list); otherwise a tip of 1 gwei (the max fee when lower) and a
 * max fee of twice the next block's base fee plus the tip; authorizations make it type 4.
 */
export function requestFees(
  partial: PartialTxRequest,
  nextBaseFee: bigint,
): Pick<TxRequest, "type" | "gasPrice" | "maxFeePerGas" | "maxPriorityFeePerGas"> {
  if (partial.gasPrice !== undefined) {
    const type = partial.accessList !== undefined ? 1 : 0;
    return { type, gasPrice: partial.gasPrice };
  }
  const maxFee = partial.maxFeePerGas;
  const tip = partial.maxPriorityFeePerGas ?? (maxFee !== undefined && maxFee < ONE_GWEI ? maxFee : ONE_GWEI);
  return {
    type: partial.authorizationList !== undefined ? 4 : 2,
    maxPriorityFeePerGas: tip,
    maxFeePerGas: maxFee ?? 2n * nextBaseFee + tip,
  };
}

/**
 * Hardhat's network's gas limit of a call, estimate or trace without one (and of a send with `gas: null`): the
 * transaction gas cap within the configured block gas limit (not a limit lowered later by
 * evm_setBlockGasLimit); without a cap, that limit.
 */
export function defaultGasLimit(config: Pick<ChainConfig, "transactionGasCap" | "blockGasLimit">): bigint {
  const { transactionGasCap, blockGasLimit } = config;
  return transactionGasCap !== false && transactionGasCap < blockGasLimit ? transactionGasCap : blockGasLimit;
}

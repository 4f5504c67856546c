/**
 * The checks a transaction passes before it enters the pool, worded as Hardhat's network words them: gas caps,
 * intrinsic gas and calldata floor, nonce (with automine, the sender's next nonce counting pooled
 * transactions), funds for the max upfront cost, and a price the next block accepts.
 */
import { Capability, createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";

import type { Chain } from "../chain/chain.js";
import { maxPriceOf, maxTipOf } from "../chain/tx-pool.js";
import type { AddressHex } from "../vocabulary.js";
import { checkCreationData, checkFeeOrder, type PartialTxRequest } from "./tx-request.js";

import { checkIntrinsicGas } from "./execution-error.js";
import { rawShapeRefusal } from "./raw-transaction-shape.js";
import { rawTransactionRefusal } from "./raw-transaction-words.js";
import { invalidArgument, invalidParams, refused, type RpcError } from "./rpc-error.js";

/** Refusals Hardhat's network makes after it took the snapshot of an automined send (see {@link usesSnapshotId}). */
const AFTER_SNAPSHOT = new WeakSet<object>();

function refusedAfterSnapshot(message: string): RpcError {
  const error = refused(message);
  AFTER_SNAPSHOT.add(error);
  return error;
}

/**
 * Whether a refused send used up a snapshot id on Hardhat's network (with automine): it refuses gas over the
 * caps and missing funds after taking the snapshot around the send, so `evm_snapshot`'s next id is one more
 * (measured against EDR; nonce, price, intrinsic gas and unknown-account refusals come before it).
 */
export function usesSnapshotId(error: unknown): boolean {
  return typeof error === "object" && error !== null && AFTER_SNAPSHOT.has(error);
}

/** Gas above the transaction cap or the block limit is refused before a transaction object is built. */
export function checkGasCaps(chain: Chain, gas: bigint | undefined): void {
  if (gas === undefined) return;
  const cap = chain.config.transactionGasCap;
  if (cap !== false && gas > cap)
    throw refusedAfterSnapshot(`Transaction gas limit is ${gas} and exceeds transaction gas cap of ${cap}`);
  if (chain.blockGasLimitEnforced && gas > chain.blockGasLimit) {
    throw refusedAfterSnapshot(`Transaction gas limit is ${gas} and exceeds block gas limit of ${chain.blockGasLimit}`);
  }
}

/** Checks a transaction before it is pooled, in EDR's order and words: gas, nonce, price, funds. */
export function validateTransaction(chain: Chain, tx: TypedTransaction, sender: AddressHex): void {
  if (tx.to === undefined && tx.data.length === 0) throw refused("Contract creation without any data provided");
  checkIntrinsicGas(tx);
  checkGasCaps(chain, tx.gasLimit);
  validateNonce(chain, tx, sender);
  const { minGasPrice } = chain.config;
  if (chain.automine && maxTipOf(tx) < minGasPrice) {
    throw refused(`Transaction gas price is ${maxTipOf(tx)}, which is below the minimum of ${minGasPrice}`);
  }
  // Hardhat's network checks the price against the next block before the sender's funds.
  const baseFee = chain.nextEnvironment().baseFeePerGas;
  const price = maxPriceOf(tx);
  if (chain.automine && price < baseFee) {
    const field = tx.supports(Capability.EIP1559FeeMarket) ? "maxFeePerGas" : "gasPrice";
    throw refused(
      `Transaction ${field} (${price}) is too low for the next block, which has a baseFeePerGas of ${baseFee}`,
    );
  }
  const balance = chain.state.account(sender)?.balance ?? 0n;
  // The max upfront cost (gas limit × max fee + value), as EIP-1559 validity and EDR's message define it;
  // ethereumjs' getUpfrontCost() without a base fee would count only the priority fee.
  const upfront = tx.gasLimit * maxPriceOf(tx) + tx.value;
  if (upfront > balance) {
    throw refusedAfterSnapshot(
      `Sender doesn't have enough funds to send tx. The max upfront cost is: ${upfront} and the sender's balance is: ${balance}.`,
    );
  }
}

function validateNonce(chain: Chain, tx: { readonly nonce: bigint }, sender: AddressHex): void {
  // With automine, EDR expects the next nonce counting the sender's transactions still in the pool.
  const expected = chain.automine ? chain.pendingNonce(sender) : (chain.state.account(sender)?.nonce ?? 0n);
  const note = "Note that transactions can't be queued when automining.";
  if (tx.nonce < expected) {
    throw refused(
      chain.automine
        ? `Nonce too low. Expected nonce to be ${expected} but got ${tx.nonce}. ${note}`
        : `Transaction nonce too low. Expected nonce to be at least ${expected} but got ${tx.nonce}.`,
    );
  }
  if (chain.automine && tx.nonce > expected) {
    throw refused(`Nonce too high. Expected nonce to be ${expected} but got ${tx.nonce}. ${note}`);
  }
}

/** EIP-2681: a nonce is below 2^64 - 1 (this one). */
const NONCE_LIMIT = (1n << 64n) - 1n;

/**
 * A request without a nonce (`given`) whose sender's nonce is the limit (`hardhat_setNonce`) can neither call nor
 * send: refused in Hardhat's network's words, automine on or off.
 */
export function checkNonceOverflow(given: bigint | undefined, nonce: bigint): void {
  if (given === undefined && nonce === NONCE_LIMIT) throw refused("nonce overflow in transaction");
}

/**
 * A request whose nonce is EIP-2681's limit (2^64 - 1, which no transaction can carry): with automine refused as
 * Hardhat's network refuses it (nonce too high); without, where it would pool it, refused naming the limit
 * (-32000) — never an internal error.
 */
export function checkNonceLimit(chain: Chain, partial: PartialTxRequest): void {
  if (partial.nonce !== NONCE_LIMIT || partial.from === undefined) return;
  validateNonce(chain, { nonce: partial.nonce }, partial.from);
  throw refused(`Nonce ${NONCE_LIMIT} is EIP-2681's limit (2^64 - 1): no transaction can use it`);
}

/**
 * The error for raw transaction bytes @ethereumjs would not decode, worded as Hardhat's network words the cases
 * it decodes and then refuses: another chain's id (typed, or a legacy EIP-155 signature: -32602), a gas limit
 * over EIP-7825's cap (-32000).
 */
export function undecodableRawTransaction(error: unknown, chainId: bigint, bytes: Uint8Array): RpcError {
  const message = error instanceof Error ? error.message : String(error);
  if (/not matching the derived chain ID/.test(message)) return wrongChainId(chainId);
  // A signature @ethereumjs refuses while decoding (s above half the curve order, a legacy v of 29 to 36).
  if (/^Invalid Signature|^Legacy txs need either v/.test(message)) return invalidArgument("Invalid Signature");
  if (/^Incompatible EIP155-based V/.test(message)) {
    return invalidArgument("Trying to send an incompatible EIP-155 transaction, signed for another chain.");
  }
  const cap = /Transaction gas limit (\d+) exceeds the maximum allowed by EIP-7825 \((\d+)\)/.exec(message);
  if (cap !== null) return refused(`Transaction gas limit is ${cap[1]} and exceeds transaction gas cap of ${cap[2]}`);
  // Refusals of a well-formed transaction, in Hardhat's network's words (-32000).
  if (/authorization list is empty/.test(message))
    return refused("Invalid EIP-7702 transaction: authorization list is empty.");
  const initCode = /initcode size of this transaction is too large: it is (\d+) while the max is (\d+)/.exec(message);
  if (initCode !== null) return initCodeTooLong(Number(initCode[1]), Number(initCode[2]));
  return (
    rawTransactionRefusal(message, bytes) ??
    invalidParams(`invalid value for parameter 0 (data): not a valid signed transaction (${message})`)
  );
}

/**
 * The signed transaction raw `bytes` encode, refused as Hardhat's network refuses what it cannot decode (see
 * {@link undecodableRawTransaction}), an unsigned or badly signed one, and one signed for another chain.
 */
export function decodeRawTransaction(chain: Chain, bytes: Uint8Array, unlimited: boolean): TypedTransaction {
  const shape = rawShapeRefusal(bytes);
  if (shape !== undefined) throw shape;
  let tx: TypedTransaction;
  try {
    tx = createTxFromRLP(bytes, { common: chain.common, allowUnlimitedInitCodeSize: unlimited });
  } catch (error) {
    throw undecodableRawTransaction(error, chain.config.chainId, bytes);
  }
  if (!tx.isSigned() || !tx.verifySignature()) throw invalidArgument("Invalid Signature");
  if (tx.supports(Capability.EIP155ReplayProtection) && tx.common.chainId() !== chain.config.chainId)
    throw wrongChainId(chain.config.chainId);
  return tx;
}

/** EIP-3860's limit on init code: twice EIP-170's code size limit. */
const MAX_INIT_CODE_SIZE = 2 * 24_576;

function initCodeTooLong(length: number, max: number): RpcError {
  // -32602 with `data` null, as Hardhat's network answers it.
  return invalidArgument(
    `\nTrying to send a deployment transaction whose init code length is ${length}. The max length allowed by EIP-3860 is ${max}.\n\nEnable the 'allowUnlimitedContractSize' option to allow init codes of any length.`,
  );
}

/**
 * A creation whose init code is over EIP-3860's limit (from Shanghai on, unless `allowUnlimitedContractSize`),
 * refused in Hardhat's network's words: a transaction sent with its gas is malformed (-32602); a call, an
 * estimate, or a transaction sent without gas (estimated first) fails its run: -32000 "create initcode size limit".
 */
export function checkInitCodeSize(chain: Chain, partial: PartialTxRequest, sentWithGas: boolean): void {
  const length = partial.data?.length ?? 0;
  if (partial.to !== undefined || chain.config.allowUnlimitedContractSize || !chain.common.isActivatedEIP(3860)) return;
  if (length <= MAX_INIT_CODE_SIZE) return;
  throw sentWithGas ? initCodeTooLong(length, MAX_INIT_CODE_SIZE) : refused("create initcode size limit");
}

/** Hardhat's refusal of a raw transaction signed for another chain. */
export function wrongChainId(chainId: bigint): RpcError {
  return invalidArgument(
    `Trying to send a raw transaction with an invalid chainId. The expected chainId is ${chainId}`,
  );
}

/**
 * What a call, estimate or trace cannot run, refused with Hardhat's network's messages (never an internal
 * error): fee order, creation data and authorizations, init code size, gas over the cap, intrinsic gas of the
 * transaction `withGas` builds.
 */
export function checkCallRequest(
  chain: Chain,
  partial: PartialTxRequest,
  withGas: (gas: bigint) => TypedTransaction,
): void {
  checkFeeOrder(partial);
  checkCreationData(partial, chain.common.gteHardfork("prague"), chain.config.hardfork);
  checkInitCodeSize(chain, partial, false);
  if (partial.gas === undefined) return;
  const cap = chain.config.transactionGasCap;
  if (cap !== false && partial.gas > cap)
    throw refused(`transaction gas limit (${partial.gas}) is greater than the cap (${cap})`);
  checkIntrinsicGas(withGas(partial.gas));
}

/** The length of the RLP item at `at` (header and payload), or undefined where its header runs past `bytes`. */
function rlpItemLength(bytes: Uint8Array, at: number): number | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return 1;
  const short = first < 0xc0 ? 0x80 : 0xc0;
  if (first - short <= 55) return 1 + first - short;
  const lengthOfLength = first - short - 55;
  if (at + 1 + lengthOfLength > bytes.length) return undefined;
  let length = 0;
  for (let i = 1; i <= lengthOfLength; i++) length = length * 256 + (bytes[at + i] ?? 0);
  return 1 + lengthOfLength + length;
}

/**
 * A raw transaction's bytes without what follows its encoding: Hardhat's network decodes the transaction (a
 * type byte below 0x80, then one RLP item) and ignores trailing bytes, so the transaction is sent and hashed as
 * if they were absent. Bytes too short for their header are kept, for the decoder to refuse.
 */
export function withoutTrailingBytes(bytes: Uint8Array): Uint8Array {
  const start = bytes.length > 0 && (bytes[0] ?? 0) < 0x80 ? 1 : 0;
  const length = rlpItemLength(bytes, start);
  if (length === undefined || start + length >= bytes.length) return bytes;
  return bytes.subarray(0, start + length);
}

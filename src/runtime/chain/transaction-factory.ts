/**
 * Turns a JSON-RPC transaction request into a signed @ethereumjs transaction: signed with the chain's key for
 * its own accounts, or "impersonated" (a placeholder signature and a fixed sender) for
 * `hardhat_impersonateAccount` and for `eth_call`/`eth_estimateGas`, which need no signature at all.
 */
import type { Common } from "@ethereumjs/common";
import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { SigningKey } from "ethers";

import { fromHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

/** An access list entry as JSON-RPC gives it. */
export interface AccessListItem {
  readonly address: AddressHex;
  readonly storageKeys: readonly string[];
}

/** A signed EIP-7702 authorization as JSON-RPC gives it. */
export interface AuthorizationItem {
  readonly chainId: bigint;
  readonly address: AddressHex;
  readonly nonce: bigint;
  readonly yParity: bigint;
  readonly r: bigint;
  readonly s: bigint;
}

/** A fully defaulted transaction request. */
export interface TxRequest {
  readonly from: AddressHex;
  readonly to: AddressHex | undefined;
  readonly gas: bigint;
  readonly value: bigint;
  readonly data: Uint8Array;
  readonly nonce: bigint;
  readonly type: 0 | 1 | 2 | 4;
  readonly gasPrice?: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly accessList?: readonly AccessListItem[];
  /** EIP-7702 authorizations (type 4). */
  readonly authorizationList?: readonly AuthorizationItem[];
}

const hexOf = (n: bigint): string => `0x${n.toString(16)}`;

function txData(req: TxRequest, chainId: bigint): Record<string, unknown> {
  const base = {
    type: req.type,
    nonce: req.nonce,
    gasLimit: req.gas,
    to: req.to === undefined ? undefined : fromHex(req.to),
    value: req.value,
    data: req.data,
  };
  const accessList = (req.accessList ?? []).map((a) => ({ address: a.address, storageKeys: [...a.storageKeys] }));
  if (req.type === 0) return { ...base, gasPrice: req.gasPrice ?? 0n };
  if (req.type === 1) return { ...base, chainId, gasPrice: req.gasPrice ?? 0n, accessList };
  const fees = {
    ...base,
    chainId,
    accessList,
    maxFeePerGas: req.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: req.maxPriorityFeePerGas ?? 0n,
  };
  if (req.type !== 4) return fees;
  const authorizationList = (req.authorizationList ?? []).map((a) => ({
    chainId: hexOf(a.chainId),
    address: a.address,
    nonce: hexOf(a.nonce),
    yParity: hexOf(a.yParity),
    r: hexOf(a.r),
    s: hexOf(a.s),
  }));
  return { ...fees, authorizationList };
}

const publicKeys = new Map<string, Uint8Array>();

/** Uncompressed public key (64 bytes, no prefix) of a private key, cached. */
function publicKeyOf(privateKey: string): Uint8Array {
  let key = publicKeys.get(privateKey);
  if (key === undefined) {
    key = fromHex(new SigningKey(privateKey).publicKey).subarray(1);
    publicKeys.set(privateKey, key);
  }
  return key;
}

/**
 * A transaction signed with `privateKey`. The sender's public key is put in the transaction's cache, so the
 * sender is never recovered from the signature again (a second elliptic-curve operation per transaction).
 */
export function signedTransaction(common: Common, req: TxRequest, privateKey: string): TypedTransaction {
  // Deterministic (RFC 6979) signatures, as Hardhat's network makes: the same request gives the same hash.
  const tx = createTx(txData(req, common.chainId()) as Parameters<typeof createTx>[0], { common }).sign(
    fromHex(privateKey),
    false,
  );
  (tx as TypedTransaction & { cache: { senderPubKey?: Uint8Array } }).cache.senderPubKey = publicKeyOf(privateKey);
  return tx;
}

/**
 * A transaction from `req.from` without its key: a placeholder signature (r = 1, s = the sender, so hashes
 * stay unique per sender) and a sender fixed to `req.from`.
 */
export function impersonatedTransaction(common: Common, req: TxRequest): TypedTransaction {
  const sender = BigInt(req.from);
  const signature = req.type === 0 ? { v: 27n, r: 1n, s: sender } : { v: 0n, r: 1n, s: sender };
  const data = { ...txData(req, common.chainId()), ...signature };
  const tx = createTx(data as Parameters<typeof createTx>[0], { common, freeze: false });
  const address = new Address(fromHex(req.from));
  Object.defineProperty(tx, "getSenderAddress", { value: () => address });
  Object.defineProperty(tx, "verifySignature", { value: () => true });
  return tx;
}

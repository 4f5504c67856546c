/**
 * Turns a JSON-RPC transaction request into a signed @ethereumjs transaction: signed with the chain's key for
 * its own accounts, or "impersonated" (a placeholder signature and a fixed sender) for
 * `hardhat_impersonateAccount` and for `eth_call`/`eth_estimateGas`, which need no signature at all.
 */
import type { Common } from "@ethereumjs/common";
import { Capability, TransactionType, createTx, type TypedTransaction } from "@ethereumjs/tx";
import { Address, bytesToBigInt, createAddressFromPublicKey } from "@ethereumjs/util";
import { SigningKey } from "ethers";

import { keccak256 } from "../crypto/keccak.js";
import { keyArithmetic, signDigest } from "../crypto/secp256k1.js";
import { rlpEncode, type RlpInput } from "../trie/rlp-encode.js";
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

interface KnownKey {
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly address: Address;
}

const knownKeys = new Map<string, KnownKey>();

/** The 65-byte uncompressed public key of a private key: libsecp256k1's, else ethers' (pure JS, ≈ 1 ms). */
function publicKeyOf(privateKey: string, secret: Uint8Array): Uint8Array {
  return keyArithmetic()?.publicKey(secret, false) ?? fromHex(new SigningKey(privateKey).publicKey);
}

/** Uncompressed public key (64 bytes, no prefix) and address of a private key, cached. */
function knownKeyOf(privateKey: string): KnownKey {
  let key = knownKeys.get(privateKey);
  if (key === undefined) {
    const secret = fromHex(privateKey);
    const publicKey = publicKeyOf(privateKey, secret).subarray(1);
    key = { secret, publicKey, address: createAddressFromPublicKey(publicKey) };
    knownKeys.set(privateKey, key);
  }
  return key;
}

/**
 * Hands the known sender to an unfrozen transaction (nothing is ever recovered from its signature, nor is
 * the address hashed again from the public key), then freezes it so @ethereumjs caches its hash.
 */
function withSender(tx: TypedTransaction, sender: Address): TypedTransaction {
  Object.defineProperty(tx, "getSenderAddress", { value: () => sender });
  Object.defineProperty(tx, "verifySignature", { value: () => true });
  Object.freeze(tx);
  return tx;
}

/** `bytes` behind a typed transaction's type byte. */
function typed(type: TransactionType, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = type;
  out.set(bytes, 1);
  return out;
}

/**
 * `unsigned.getHashedMessageToSign()` through {@link rlpEncode}: keccak of the RLP of the fields without the
 * signature (a legacy transaction's EIP-155 message; a typed one's fields but the last three, behind its type).
 */
function signingDigest(unsigned: TypedTransaction): Uint8Array {
  if (unsigned.type === TransactionType.Legacy) return keccak256(rlpEncode(unsigned.getMessageToSign() as RlpInput));
  return keccak256(typed(unsigned.type, rlpEncode(unsigned.raw().slice(0, -3) as RlpInput)));
}

/** The signature fields of a transaction, written once by {@link signWith} before it is frozen. */
interface SignatureFields {
  v: bigint;
  r: bigint;
  s: bigint;
}

/**
 * Signs `unsigned` as its own `sign(key, false)` does — the same digest, signature and `v` (a legacy
 * transaction's `v` is EIP-155's `35 + 2 × chainId + recovery`) — with the compiled secp256k1 called directly,
 * and writes the signature into the (unfrozen) transaction itself: `addSignature` would build the whole
 * transaction a second time from its fields, which costs about what building it did. libsecp256k1's signatures
 * are low-s with a 0/1 recovery id, the two checks the constructor would make. A legacy transaction without
 * EIP-155 (which `sign` signs through a special case) and a process without the compiled library take `sign`.
 */
function signWith(unsigned: TypedTransaction, secret: Uint8Array): TypedTransaction {
  const legacy = unsigned.type === TransactionType.Legacy;
  const plain = !legacy || unsigned.supports(Capability.EIP155ReplayProtection);
  const signature = plain ? signDigest(signingDigest(unsigned), secret) : undefined;
  if (signature === undefined) return unsigned.sign(secret, false);
  const fields = unsigned as unknown as SignatureFields;
  fields.v = legacy ? signature.recovery + 35n + unsigned.common.chainId() * 2n : signature.recovery;
  fields.r = bytesToBigInt(signature.r);
  fields.s = bytesToBigInt(signature.s);
  return unsigned;
}

/**
 * `tx.serialize()`'s bytes — RLP of its fields, behind the type byte for a typed transaction — through
 * {@link rlpEncode} (one allocation; @ethereumjs/rlp spreads every item into a new array).
 */
function serializedOf(tx: TypedTransaction): Uint8Array {
  const body = rlpEncode(tx.raw() as RlpInput);
  return tx.type === TransactionType.Legacy ? body : typed(tx.type, body);
}

/**
 * A transaction signed with `privateKey` (deterministic RFC 6979 signatures, as Hardhat's network makes: the
 * same request gives the same hash), with its sender handed over rather than recovered. Its encoding is made
 * once: the hash and the block's transactions root both need it. `unlimitedInitCode`: no EIP-3860 limit (the
 * project's `allowUnlimitedContractSize`).
 */
export function signedTransaction(
  common: Common,
  req: TxRequest,
  privateKey: string,
  unlimitedInitCode = false,
): TypedTransaction {
  const options = { common, freeze: false, allowUnlimitedInitCodeSize: unlimitedInitCode };
  const unsigned = createTx(txData(req, common.chainId()) as Parameters<typeof createTx>[0], options);
  const known = knownKeyOf(privateKey);
  const tx = signWith(unsigned, known.secret);
  (tx as TypedTransaction & { cache: { senderPubKey?: Uint8Array } }).cache.senderPubKey = known.publicKey;
  const serialized = serializedOf(tx);
  Object.defineProperty(tx, "serialize", { value: () => serialized });
  return withSender(tx, known.address);
}

/**
 * The placeholder signature Hardhat's network gives a transaction from an account whose key it does not hold:
 * r = s = the sender's address (so hashes are unique per sender and equal to Hardhat's), and recovery id 0
 * for legacy transactions (EIP-155 `v = chainId * 2 + 35`), y-parity 1 for typed ones.
 */
function placeholderSignature(req: TxRequest, chainId: bigint): { v: bigint; r: bigint; s: bigint } {
  const sender = BigInt(req.from);
  return { v: req.type === 0 ? chainId * 2n + 35n : 1n, r: sender, s: sender };
}

/**
 * Whether `tx` carries the placeholder signature of {@link impersonatedTransaction} (r = s = the sender; no
 * real signature has that). Hardhat's network serves such a typed transaction with `v` 0x1c and no `yParity`.
 */
export function hasPlaceholderSignature(tx: TypedTransaction): boolean {
  return tx.r !== undefined && tx.r === tx.s && tx.r === BigInt(tx.getSenderAddress().toString());
}

/**
 * A transaction from `req.from` without its key (`hardhat_impersonateAccount`, calls and estimates): Hardhat's
 * placeholder signature, and the sender handed to the transaction so nothing is ever recovered from it.
 */
export function impersonatedTransaction(common: Common, req: TxRequest, unlimitedInitCode = false): TypedTransaction {
  const data = { ...txData(req, common.chainId()), ...placeholderSignature(req, common.chainId()) };
  const options = { common, freeze: false, allowUnlimitedInitCodeSize: unlimitedInitCode };
  const tx = createTx(data as Parameters<typeof createTx>[0], options);
  return withSender(tx, new Address(fromHex(req.from)));
}

/**
 * JSON shapes of blocks, transactions, receipts and logs, field for field as Hardhat's network answers them
 * (hex quantities, null `to` for creations, `effectiveGasPrice` in receipts).
 */
import { Capability, type TypedTransaction } from "@ethereumjs/tx";

import type { StoredBlock } from "../chain/chain.js";
import { hasPlaceholderSignature } from "../chain/transaction-factory.js";
import type { ExecutedTx } from "../exec/block-execution.js";
import { rlpEncode, type RlpInput } from "../trie/rlp-encode.js";
import { toHex, quantity } from "../util/hex.js";

type Json = Record<string, unknown>;

/** Length of an RLP header for a payload of `length` bytes. */
function rlpHeaderLength(length: number): number {
  let n = 1;
  if (length > 55) for (let l = length; l > 0; l = Math.floor(l / 256)) n++;
  return n;
}

/**
 * A block's `size` as Hardhat's network counts it: the RLP of header, transactions, ommers and withdrawals,
 * where a typed transaction is its EIP-2718 envelope as is — not wrapped in an RLP byte string as in the
 * block's consensus encoding — so a block is 2 bytes smaller per typed transaction of 56+ bytes than
 * `serialize()` (measured against EDR).
 */
export function blockSize(stored: StoredBlock): number {
  const raw = stored.block.raw();
  const txs = stored.block.transactions.reduce((sum, tx) => sum + tx.serialize().length, 0);
  let body = rlpHeaderLength(txs) + txs;
  raw.forEach((part, i) => {
    if (i !== 1) body += rlpEncode(part as RlpInput).length;
  });
  return rlpHeaderLength(body) + body;
}

/** JSON of a log at `logIndex` in block `stored`, emitted by transaction `txIndex`. */
export function logJson(stored: StoredBlock, txIndex: number, logIndex: number, log: ExecutedTx["logs"][number]): Json {
  const executed = stored.executed[txIndex];
  return {
    address: toHex(log[0]),
    blockHash: stored.hash,
    blockNumber: quantity(stored.number),
    blockTimestamp: quantity(stored.block.header.timestamp),
    data: toHex(log[2]),
    logIndex: quantity(logIndex),
    removed: false,
    topics: log[1].map(toHex),
    transactionHash: executed === undefined ? null : toHex(executed.tx.hash()),
    transactionIndex: quantity(txIndex),
  };
}

/** Index of the first log of transaction `txIndex` within its block. */
export function firstLogIndex(stored: StoredBlock, txIndex: number): number {
  let n = 0;
  for (let i = 0; i < txIndex; i++) n += stored.executed[i]?.logs.length ?? 0;
  return n;
}

/** The EIP-7702 authorizations of a type-4 transaction, numbers as quantities. */
function authorizationListJson(tx: TypedTransaction): Json[] {
  const list = (tx.toJSON() as { authorizationList?: Array<Record<string, string>> }).authorizationList ?? [];
  const q = (hex: string | undefined): string => quantity(BigInt(hex === undefined || hex === "0x" ? "0x0" : hex));
  return list.map((a) => ({
    chainId: q(a.chainId),
    address: String(a.address).toLowerCase(),
    nonce: q(a.nonce),
    yParity: q(a.yParity),
    r: q(a.r),
    s: q(a.s),
  }));
}

/** The access list as JSON (`[{ address, storageKeys }]`). */
function accessListJson(tx: TypedTransaction): unknown {
  const list = (tx as TypedTransaction & { accessList?: Array<[Uint8Array, Uint8Array[]]> }).accessList ?? [];
  return list.map(([address, keys]) => ({ address: toHex(address), storageKeys: keys.map(toHex) }));
}

/** Type, chain id (typed transactions only, as EDR answers even EIP-155 legacy ones), access list, fees. */
function feeFields(tx: TypedTransaction): Json {
  const out: Json = { type: quantity(tx.type) };
  if (tx.type !== 0) {
    out.chainId = quantity(tx.common.chainId());
    out.accessList = accessListJson(tx);
  }
  if (tx.supports(Capability.EIP1559FeeMarket)) {
    const t = tx as TypedTransaction & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
    out.maxFeePerGas = quantity(t.maxFeePerGas);
    out.maxPriorityFeePerGas = quantity(t.maxPriorityFeePerGas);
  }
  if (tx.type === 4) out.authorizationList = authorizationListJson(tx);
  return out;
}

/** JSON of a transaction; `mined` places it in a block, otherwise it is pending. */
export function txJson(tx: TypedTransaction, mined?: { stored: StoredBlock; index: number }): Json {
  const executed = mined?.stored.executed[mined.index];
  const maxFee = (tx as TypedTransaction & { maxFeePerGas?: bigint }).maxFeePerGas;
  const price =
    executed?.effectiveGasPrice ?? (tx as TypedTransaction & { gasPrice?: bigint }).gasPrice ?? maxFee ?? 0n;
  // Hardhat's network serves its placeholder signature of a typed transaction as v = 27 + y-parity, no yParity.
  const placeholder = tx.type !== 0 && hasPlaceholderSignature(tx);
  const v = placeholder ? 28n : (tx.v ?? 0n);
  return {
    hash: toHex(tx.hash()),
    nonce: quantity(tx.nonce),
    blockHash: mined === undefined ? null : mined.stored.hash,
    blockNumber: mined === undefined ? null : quantity(mined.stored.number),
    transactionIndex: mined === undefined ? null : quantity(mined.index),
    from: toHex(tx.getSenderAddress().bytes),
    to: tx.to === undefined ? null : toHex(tx.to.bytes),
    value: quantity(tx.value),
    gasPrice: quantity(price),
    gas: quantity(tx.gasLimit),
    input: toHex(tx.data),
    ...feeFields(tx),
    v: quantity(v),
    r: quantity(tx.r ?? 0n),
    s: quantity(tx.s ?? 0n),
  };
}

/** JSON of the receipt of transaction `index` of `stored`. */
export function receiptJson(stored: StoredBlock, index: number): Json | null {
  const e = stored.executed[index];
  if (e === undefined) return null;
  const first = firstLogIndex(stored, index);
  return {
    blockHash: stored.hash,
    blockNumber: quantity(stored.number),
    transactionHash: toHex(e.tx.hash()),
    transactionIndex: quantity(index),
    type: quantity(e.tx.type),
    from: e.sender,
    to: e.tx.to === undefined ? null : toHex(e.tx.to.bytes),
    cumulativeGasUsed: quantity(e.receipt.cumulativeBlockGasUsed),
    gasUsed: quantity(e.gasUsed),
    // A failed creation has no contract (Hardhat's network answers null).
    contractAddress: e.status === 1 ? (e.createdAddress ?? null) : null,
    logs: e.logs.map((log, i) => logJson(stored, index, first + i, log)),
    logsBloom: toHex(e.receipt.bitvector),
    status: quantity(e.status),
    effectiveGasPrice: quantity(e.effectiveGasPrice),
  };
}

/**
 * JSON of a block, with transaction hashes or full transactions. Fields of later hardforks are left out (not
 * set to undefined) before them, as in Hardhat's network's answer — an in-process caller sees its keys.
 */
export function blockJson(stored: StoredBlock, fullTransactions: boolean): Json {
  const json = allBlockFields(stored, fullTransactions);
  return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined));
}

function allBlockFields(stored: StoredBlock, fullTransactions: boolean): Record<string, unknown> {
  const h = stored.block.header;
  const optional = (value: bigint | Uint8Array | undefined) =>
    value === undefined ? undefined : typeof value === "bigint" ? quantity(value) : toHex(value);
  return {
    hash: stored.hash,
    parentHash: toHex(h.parentHash),
    sha3Uncles: toHex(h.uncleHash),
    stateRoot: toHex(h.stateRoot),
    transactionsRoot: toHex(h.transactionsTrie),
    receiptsRoot: toHex(h.receiptTrie),
    number: quantity(h.number),
    gasUsed: quantity(h.gasUsed),
    gasLimit: quantity(h.gasLimit),
    extraData: toHex(h.extraData),
    logsBloom: toHex(h.logsBloom),
    timestamp: quantity(h.timestamp),
    difficulty: quantity(h.difficulty),
    totalDifficulty: quantity(stored.totalDifficulty ?? h.difficulty),
    uncles: [],
    transactions: stored.executed.map((e, index) =>
      fullTransactions ? txJson(e.tx, { stored, index }) : toHex(e.tx.hash()),
    ),
    size: quantity(blockSize(stored)),
    mixHash: toHex(h.mixHash),
    nonce: toHex(h.nonce),
    baseFeePerGas: optional(h.baseFeePerGas),
    miner: toHex(h.coinbase.bytes),
    withdrawals: h.withdrawalsRoot === undefined ? undefined : [],
    withdrawalsRoot: optional(h.withdrawalsRoot),
    blobGasUsed: optional(h.blobGasUsed),
    excessBlobGas: optional(h.excessBlobGas),
    parentBeaconBlockRoot: optional(h.parentBeaconBlockRoot),
    requestsHash: optional(h.requestsHash),
  };
}

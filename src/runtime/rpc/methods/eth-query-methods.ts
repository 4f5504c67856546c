/**
 * Read-only `eth_*`, `net_*` and `web3_*` methods: chain identity, accounts, balances, code, storage, blocks,
 * transactions, receipts, fees and proofs.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { Chain, StoredBlock } from "../../chain/chain.js";
import type { StateView } from "../../state/account-data.js";
import type { TrieCommitment } from "../../state/trie-commitment.js";
import { EMPTY_CODE_HASH } from "../../state/account-data.js";
import { keccak256 } from "../../crypto/keccak.js";
import { bigIntToWordHex, quantity, toHex } from "../../util/hex.js";
import type { AddressHex } from "../../vocabulary.js";
import { inBlockContext, resolveBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import {
  addressParam,
  dataOrEmptyParam,
  blockParam,
  blockSpecParam,
  boolParam,
  hashParam,
  maxParams,
  quantityParam,
  slotParam,
  type BlockRef,
} from "../params.js";
import { invalidArgument, invalidParams } from "../rpc-error.js";
import { blockJson, receiptJson, txJson } from "../serialize.js";

import { feeHistory } from "./fee-history.js";
import { blockOrPendingJson, readBlock, txOfBlockJson } from "./pending-block.js";

const ONE_GWEI = 1_000_000_000n;

/** Reads the state as of block `ref` (`pending`: after the pool's transactions, as Hardhat's network). */
export function readAt<T>(
  chain: Chain,
  ref: BlockRef,
  read: (view: StateView) => T,
  mining?: <R>(run: () => Promise<R>) => Promise<R>,
): Promise<T> {
  return inBlockContext(chain, ref, (view) => read(view), mining);
}

/** A transaction index: as EDR reads it, 2^64 or more is refused (-32602, data null), not answered null. */
function txIndexParam(params: unknown[]): bigint {
  const index = quantityParam(params, 1, "index", true);
  if (index >= 1n << 64n) throw invalidArgument(`Transaction index '${index}' is too large`);
  return index;
}

function txByHash(chain: Chain, hash: string): unknown {
  const location = chain.txLocation(hash);
  if (location !== undefined) {
    const stored = chain.blockByNumber(location.blockNumber);
    const executed = stored?.executed[location.index];
    if (stored !== undefined && executed !== undefined) return txJson(executed.tx, { stored, index: location.index });
  }
  const pending = chain.pool.all().find((p) => p.hash === hash);
  return pending === undefined ? null : txJson(pending.tx);
}

/**
 * The pool as Hardhat's network lists it: senders in the order their first transaction arrived, each sender's
 * executable transactions by nonce, then the transactions waiting behind a nonce gap (measured against EDR).
 */
function pendingTransactions(chain: Chain): unknown[] {
  const bySender = new Map<string, TypedTransaction[]>();
  for (const p of chain.pool.all()) bySender.set(p.sender, [...(bySender.get(p.sender) ?? []), p.tx]);
  const ready: TypedTransaction[] = [];
  const future: TypedTransaction[] = [];
  for (const [sender, txs] of bySender) {
    let next = chain.state.account(sender)?.nonce ?? 0n;
    for (const tx of txs.sort((a, b) => (a.nonce < b.nonce ? -1 : 1))) {
      if (tx.nonce === next) {
        ready.push(tx);
        next++;
      } else future.push(tx);
    }
  }
  return [...ready, ...future].map((tx) => txJson(tx));
}

function proof(ctx: MethodContext, params: unknown[]): Promise<unknown> {
  const address = addressParam(params, 0, "address");
  const keys = params[1];
  if (!Array.isArray(keys)) throw invalidParams("invalid value for parameter 1 (storageKeys): expected an array");
  // EDR takes only full 32-byte keys here (eth_getStorageAt takes shorter ones) and needs the block.
  const slots = keys.map((_k, i) => hashParam(keys, i, `storageKeys[${i}]`));
  const ref = blockSpecParam(params, 2, "block", true);
  const { chain } = ctx;
  // The pending block is mined into the live state (and the trie) for the duration of the read; an older
  // block is proven against a copy of the trie set back to that block's state.
  if (ref.kind === "tag" && ref.tag === "pending") {
    return readAt(chain, ref, () => proofOf(chain.state, chain.commitment, address, slots));
  }
  const next = chain.blockByNumber(resolveBlock(chain, ref).number + 1n);
  if (next === undefined) return Promise.resolve(proofOf(chain.state, chain.commitment, address, slots));
  const view = chain.state.viewAt(next.preStateMark);
  const older = chain.commitment.at(view, chain.state.changedSince(next.preStateMark));
  return Promise.resolve(proofOf(view, older, address, slots));
}

function proofOf(view: StateView, commitment: TrieCommitment, address: AddressHex, slots: string[]): unknown {
  const account = view.account(address);
  return {
    address,
    accountProof: commitment.proveAccount(address).map(toHex),
    balance: quantity(account?.balance ?? 0n),
    codeHash: account?.codeHash ?? EMPTY_CODE_HASH,
    nonce: quantity(account?.nonce ?? 0n),
    storageHash: toHex(commitment.storageRoot(address)),
    storageProof: slots.map((slot) => ({
      key: slot,
      value: quantity(view.storage(address, slot)),
      proof: storageProof(commitment, address, slot),
    })),
  };
}

/** A slot's proof; an empty storage trie is proven by its root node, RLP `0x80`, as Hardhat's network does. */
function storageProof(commitment: TrieCommitment, address: AddressHex, slot: string): string[] {
  const proof = commitment.proveStorage(address, slot).map(toHex);
  return proof.length === 0 ? ["0x80"] : proof;
}

/** The read-only eth/net/web3 methods. */
export function ethQueryMethods(ctx: MethodContext): Record<string, MethodHandler> {
  const c = (): Chain => ctx.chain;
  // Reads of `pending` mine a throwaway block: its console.log output is not printed (as on Hardhat's network).
  const at = <T>(ref: BlockRef, read: (view: StateView) => T): Promise<T> => readAt(c(), ref, read, ctx.quietly);
  const block = <T>(ref: BlockRef, read: (stored: StoredBlock | undefined, pending: boolean) => T) =>
    readBlock(c(), ref, read, ctx.quietly);
  return {
    eth_chainId: () => quantity(c().config.chainId),
    net_version: () => c().config.networkId.toString(),
    eth_pendingTransactions: () => pendingTransactions(c()),
    web3_clientVersion: () => ctx.clientVersion,
    web3_sha3: (p) => {
      maxParams(p, 1);
      return toHex(keccak256(dataOrEmptyParam(p, 0, "data")));
    },
    eth_syncing: () => false,
    eth_coinbase: () => c().coinbase,
    eth_accounts: () => [...ctx.keys.keys()],
    eth_requestAccounts: () => [...ctx.keys.keys()],
    eth_blockNumber: () => quantity(c().latest.number),
    eth_gasPrice: () => quantity(c().nextEnvironment().baseFeePerGas + ONE_GWEI),
    eth_maxPriorityFeePerGas: () => quantity(ONE_GWEI),
    eth_feeHistory: (p) => feeHistory(c(), p, ctx.quietly),
    eth_getBalance: (p) => {
      maxParams(p, 2);
      const address = addressParam(p, 0, "address");
      return at(blockSpecParam(p, 1), (view) => quantity(view.account(address)?.balance ?? 0n));
    },
    eth_getTransactionCount: (p) => {
      maxParams(p, 2);
      const address = addressParam(p, 0, "address");
      const ref = blockSpecParam(p, 1);
      // The pool's order and fees decide what the pending block takes while all of it fits the gas limit;
      // otherwise the pending block is mined (thrown away) and read, as on Hardhat's network.
      const pending = ref.kind === "tag" && ref.tag === "pending" ? c().pendingBlockNonce(address) : undefined;
      if (pending !== undefined) return quantity(pending);
      return at(ref, (view) => quantity(view.account(address)?.nonce ?? 0n));
    },
    eth_getCode: (p) => {
      maxParams(p, 2);
      const address = addressParam(p, 0, "address");
      return at(blockSpecParam(p, 1), (view) => {
        const account = view.account(address);
        return toHex(account === undefined ? new Uint8Array(0) : view.code(account.codeHash));
      });
    },
    eth_getStorageAt: (p) => {
      maxParams(p, 3);
      const address = addressParam(p, 0, "address");
      const slot = slotParam(p, 1, "slot");
      return at(blockSpecParam(p, 2), (view) => bigIntToWordHex(view.storage(address, slot)));
    },
    eth_getBlockByNumber: (p) => {
      maxParams(p, 2);
      const ref = blockParam(p, 0, "block", true, true);
      const full = boolParam(p, 1, "fullTransactions");
      return block(ref, (stored, pending) => (stored === undefined ? null : blockOrPendingJson(stored, full, pending)));
    },
    eth_getBlockByHash: (p) => {
      maxParams(p, 2);
      const hash = hashParam(p, 0, "blockHash");
      const full = boolParam(p, 1, "fullTransactions");
      const stored = c().blockByHash(hash);
      return stored === undefined ? null : blockJson(stored, full);
    },
    eth_getBlockTransactionCountByNumber: (p) =>
      block(blockParam(p, 0, "block", true, true), (stored) =>
        stored === undefined ? null : quantity(stored.executed.length),
      ),
    eth_getBlockTransactionCountByHash: (p) => {
      const stored = c().blockByHash(hashParam(p, 0, "blockHash"));
      return stored === undefined ? null : quantity(stored.executed.length);
    },
    eth_getTransactionByHash: (p) => txByHash(c(), hashParam(p, 0, "transactionHash")),
    eth_getTransactionByBlockNumberAndIndex: (p) => {
      const index = txIndexParam(p);
      return block(blockParam(p, 0, "block", true, true), (stored, pending) => txOfBlockJson(stored, index, pending));
    },
    eth_getTransactionByBlockHashAndIndex: (p) =>
      txOfBlockJson(c().blockByHash(hashParam(p, 0, "blockHash")), txIndexParam(p), false),
    // Before Cancun there is no blob gas: zero, as on Hardhat's network.
    eth_blobBaseFee: () =>
      quantity(c().common.isActivatedEIP(4844) ? c().latest.block.header.calcNextBlobGasPrice(c().common) : 0n),
    eth_getTransactionReceipt: (p) => {
      const location = c().txLocation(hashParam(p, 0, "transactionHash"));
      if (location === undefined) return null;
      const stored = c().blockByNumber(location.blockNumber);
      return stored === undefined ? null : receiptJson(stored, location.index);
    },
    eth_getProof: (p) => proof(ctx, p),
  };
}

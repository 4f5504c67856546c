/**
 * Building blocks: the header-only "environment" block a block's transactions execute in, and the final block
 * once they have run — transactions root, receipts root and logs bloom from the executed transactions, the
 * state root from the committed state, gas used from the receipts.
 */
import { Block, createBlock, createBlockHeader, type BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { TransactionType } from "@ethereumjs/tx";
import { Bloom, type TxReceipt } from "@ethereumjs/vm";

import type { ExecutedTx } from "../exec/block-execution.js";
import { orderedTrieRoot } from "../trie/index.js";
import { rlpEncode, type RlpInput } from "../trie/rlp-encode.js";
import { bigIntToMinimalBytes, fromHex, toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

/** The fields that make a block's execution environment. */
export interface BlockEnvironment {
  readonly number: bigint;
  readonly parentHash: Uint8Array;
  readonly timestamp: bigint;
  readonly coinbase: AddressHex;
  readonly gasLimit: bigint;
  readonly baseFeePerGas: bigint;
  readonly prevRandao: Uint8Array;
  readonly extraData?: Uint8Array;
  /** From Cancun on (undefined before). */
  readonly parentBeaconBlockRoot?: Uint8Array;
  /** Before the merge only (0 after): `proof-of-work.ts`. */
  readonly difficulty?: bigint;
  /** Before the merge only (zero after). */
  readonly nonce?: Uint8Array;
}

function headerData(env: BlockEnvironment) {
  return {
    number: env.number,
    parentHash: env.parentHash,
    timestamp: env.timestamp,
    coinbase: fromHex(env.coinbase),
    gasLimit: env.gasLimit,
    baseFeePerGas: env.baseFeePerGas,
    mixHash: env.prevRandao,
    difficulty: env.difficulty ?? 0n,
    nonce: env.nonce,
    extraData: env.extraData ?? new Uint8Array(0),
    parentBeaconBlockRoot: env.parentBeaconBlockRoot,
  };
}

/** The environment a mined block's transactions executed in (calls "at" that block run in it). */
export function environmentOf(block: Block): BlockEnvironment {
  const h = block.header;
  return {
    number: h.number,
    parentHash: h.parentHash,
    timestamp: h.timestamp,
    coinbase: toHex(h.coinbase.bytes),
    gasLimit: h.gasLimit,
    baseFeePerGas: h.baseFeePerGas ?? 0n,
    prevRandao: h.mixHash,
    extraData: h.extraData,
    parentBeaconBlockRoot: h.parentBeaconBlockRoot,
    difficulty: h.difficulty,
    nonce: h.nonce,
  };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEnvironment(a: BlockEnvironment, b: BlockEnvironment): boolean {
  return (
    a.number === b.number &&
    a.timestamp === b.timestamp &&
    a.coinbase === b.coinbase &&
    a.gasLimit === b.gasLimit &&
    a.baseFeePerGas === b.baseFeePerGas &&
    (a.difficulty ?? 0n) === (b.difficulty ?? 0n) &&
    sameBytes(a.nonce ?? new Uint8Array(8), b.nonce ?? new Uint8Array(8)) &&
    sameBytes(a.parentHash, b.parentHash) &&
    sameBytes(a.prevRandao, b.prevRandao) &&
    sameBytes(a.extraData ?? new Uint8Array(0), b.extraData ?? new Uint8Array(0)) &&
    sameBytes(a.parentBeaconBlockRoot, b.parentBeaconBlockRoot)
  );
}

/** The last environment block made, for each Common (calls in a row at one block share it). */
const lastEnvironmentBlock = new WeakMap<Common, { env: BlockEnvironment; block: Block }>();

/**
 * A header-only block carrying the environment transactions execute in. Blocks are frozen and only read, so
 * the same environment asked for again (calls and estimates at one block, one after another) gets the block
 * made last time rather than a new header (tens of microseconds each).
 */
export function createEnvironmentBlock(common: Common, env: BlockEnvironment): Block {
  const last = lastEnvironmentBlock.get(common);
  if (last !== undefined && sameEnvironment(last.env, env)) return last.block;
  const block = createBlock({ header: headerData(env) }, { common, skipConsensusFormatValidation: true });
  const key = {
    ...env,
    parentHash: env.parentHash.slice(),
    prevRandao: env.prevRandao.slice(),
    parentBeaconBlockRoot: env.parentBeaconBlockRoot?.slice(),
    nonce: env.nonce?.slice(),
  };
  lastEnvironmentBlock.set(common, { env: key, block });
  return block;
}

/**
 * A receipt's encoding as @ethereumjs/vm's `encodeReceipt` makes it (post-state root or status, cumulative
 * gas, bloom, logs; typed receipts prefixed with their type), through {@link rlpEncode}.
 */
export function encodeReceipt(receipt: TxReceipt, txType: TransactionType): Uint8Array {
  const withRoot = receipt as TxReceipt & { stateRoot?: Uint8Array; status?: number };
  const gas = receipt.cumulativeBlockGasUsed;
  const encoded = rlpEncode([
    withRoot.stateRoot ?? (withRoot.status === 0 ? new Uint8Array(0) : Uint8Array.of(1)),
    gas === 0n ? Uint8Array.of(0) : bigIntToMinimalBytes(gas), // as @ethereumjs's bigIntToBytes
    receipt.bitvector,
    receipt.logs as unknown as RlpInput,
  ]);
  if (txType === TransactionType.Legacy) return encoded;
  const typed = new Uint8Array(encoded.length + 1);
  typed[0] = txType;
  typed.set(encoded, 1);
  return typed;
}

/**
 * Gives a frozen header its hash, computed over {@link rlpEncode} of its fields with the Common's keccak (as
 * `header.hash()` would compute and cache it, through @ethereumjs/rlp). A header without that cache or a
 * Common without its own keccak is left to compute it itself.
 */
function cacheHeaderHash(header: BlockHeader, common: Common): void {
  const cache = (header as unknown as { cache?: { hash?: Uint8Array } }).cache;
  const keccak = common.customCrypto.keccak256;
  if (!Object.isFrozen(header) || typeof cache !== "object" || keccak === undefined) return;
  cache.hash ??= keccak(rlpEncode(header.raw()));
}

/**
 * The header of a block that used more gas than its limit (Hardhat's `blockGasLimit: false`), which
 * @ethereumjs refuses to build: built with the gas used capped at the limit, then given the real gas used.
 */
function overfullHeader(
  header: Parameters<typeof createBlockHeader>[0] & { gasUsed: bigint; gasLimit: bigint },
  opts: { common: Common; skipConsensusFormatValidation: boolean },
): BlockHeader {
  const built = createBlockHeader({ ...header, gasUsed: header.gasLimit }, { ...opts, freeze: false });
  (built as { gasUsed: bigint }).gasUsed = header.gasUsed;
  Object.freeze(built);
  return built;
}

/** The root of an empty ordered trie (no withdrawals). */
const EMPTY_ROOT = orderedTrieRoot([]);

/**
 * The final block after execution: roots, bloom and gas used filled in. The executed transaction objects go
 * into the block as they are: `createBlock` would rebuild every one from its fields, losing the sender it
 * was handed (and recovering it from the signature again) and its cached hash. `transactionsRoot` replaces
 * the computed one (Hardhat's genesis block carries keccak256 of nothing there).
 */
export function assembleBlock(
  common: Common,
  env: BlockEnvironment,
  executed: readonly ExecutedTx[],
  stateRoot: Uint8Array,
  transactionsRoot?: Uint8Array,
): Block {
  const bloom = new Bloom(undefined, common);
  for (const e of executed) bloom.or(new Bloom(e.receipt.bitvector, common));
  const gasUsed = executed.reduce((sum, e) => sum + e.gasUsed, 0n);
  const header = {
    ...headerData(env),
    stateRoot,
    gasUsed,
    logsBloom: bloom.bitvector,
    transactionsTrie: transactionsRoot ?? orderedTrieRoot(executed.map((e) => e.tx.serialize())),
    receiptTrie: orderedTrieRoot(executed.map((e) => encodeReceipt(e.receipt, e.tx.type))),
    withdrawalsRoot: common.gteHardfork("shanghai") ? EMPTY_ROOT : undefined,
  };
  const opts = { common, skipConsensusFormatValidation: true };
  const blockHeader = gasUsed > env.gasLimit ? overfullHeader(header, opts) : createBlockHeader(header, opts);
  cacheHeaderHash(blockHeader, common);
  return new Block(
    blockHeader,
    executed.map((e) => e.tx),
    [],
    common.gteHardfork("shanghai") ? [] : undefined,
    opts,
  );
}

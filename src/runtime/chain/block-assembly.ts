/**
 * Building blocks: the header-only "environment" block a block's transactions execute in, and the final block
 * once they have run — transactions root, receipts root and logs bloom from the executed transactions, the
 * state root from the committed state, gas used from the receipts.
 */
import { Block, createBlock, createBlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { Bloom, encodeReceipt } from "@ethereumjs/vm";

import type { ExecutedTx } from "../exec/block-execution.js";
import { orderedTrieRoot } from "../trie/index.js";
import { fromHex, toHex } from "../util/hex.js";
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
    difficulty: 0n,
    extraData: env.extraData ?? new Uint8Array(0),
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
  };
}

/** A header-only block carrying the environment transactions execute in. */
export function createEnvironmentBlock(common: Common, env: BlockEnvironment): Block {
  return createBlock({ header: headerData(env) }, { common, skipConsensusFormatValidation: true });
}

/** The root of an empty ordered trie (no withdrawals). */
const EMPTY_ROOT = orderedTrieRoot([]);

/**
 * The final block after execution: roots, bloom and gas used filled in. The executed transaction objects go
 * into the block as they are: `createBlock` would rebuild every one from its fields, losing the sender it
 * was handed (and recovering it from the signature again) and its cached hash.
 */
export function assembleBlock(
  common: Common,
  env: BlockEnvironment,
  executed: readonly ExecutedTx[],
  stateRoot: Uint8Array,
): Block {
  const bloom = new Bloom(undefined, common);
  for (const e of executed) bloom.or(new Bloom(e.receipt.bitvector, common));
  const gasUsed = executed.reduce((sum, e) => sum + e.gasUsed, 0n);
  const header = {
    ...headerData(env),
    stateRoot,
    gasUsed,
    logsBloom: bloom.bitvector,
    transactionsTrie: orderedTrieRoot(executed.map((e) => e.tx.serialize())),
    receiptTrie: orderedTrieRoot(executed.map((e) => encodeReceipt(e.receipt, e.tx.type))),
    withdrawalsRoot: EMPTY_ROOT,
  };
  const opts = { common, skipConsensusFormatValidation: true };
  return new Block(
    createBlockHeader(header, opts),
    executed.map((e) => e.tx),
    [],
    [],
    opts,
  );
}

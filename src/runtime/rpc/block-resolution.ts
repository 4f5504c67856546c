/**
 * Resolving a block reference (tag, number, hash) to a mined block, with Hardhat's error messages for
 * blocks that don't exist.
 */
import { environmentOf, type BlockEnvironment } from "../chain/block-assembly.js";
import type { Chain, StoredBlock } from "../chain/chain.js";
import type { StateView } from "../state/account-data.js";

import type { BlockRef } from "./params.js";
import { refused } from "./rpc-error.js";

/** The block `ref` names; throws -32000 when there is none. */
export function resolveBlock(chain: Chain, ref: BlockRef): StoredBlock {
  if (ref.kind === "tag") {
    const block = ref.tag === "earliest" ? chain.blockByNumber(0n) : chain.latest;
    if (block === undefined) throw refused("the chain has no genesis block");
    return block;
  }
  if (ref.kind === "number") {
    const block = chain.blockByNumber(ref.number);
    if (block === undefined) {
      throw refused(`Received invalid block tag ${ref.number}. Latest block number is ${chain.latest.number}`);
    }
    return block;
  }
  const block = chain.blockByHash(ref.hash);
  // Hardhat's network words an unknown hash as an unknown tag.
  if (block === undefined) {
    throw refused(`Received invalid block tag ${ref.hash}. Latest block number is ${chain.latest.number}`);
  }
  return block;
}

/** Like `resolveBlock`, but undefined instead of an error (for methods that answer null). */
export function findBlock(chain: Chain, ref: BlockRef): StoredBlock | undefined {
  try {
    return resolveBlock(chain, ref);
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` in the block context `ref` names, as Hardhat's network does for calls, estimates, traces and
 * state reads: a mined block's own environment (number, timestamp, coinbase, prevRandao, gas limit) over its
 * state with the `hardhat_set*` edits made while it was the latest block; for `pending`, the block the pool
 * would be mined into now. `mining` wraps the throwaway mining of a non-empty pool (to mute its console.log).
 */
export function inBlockContext<T>(
  chain: Chain,
  ref: BlockRef,
  fn: (view: StateView, env: BlockEnvironment) => Promise<T> | T,
  mining: <R>(run: () => Promise<R>) => Promise<R> = (run) => run(),
): Promise<T> {
  if (ref.kind === "tag" && ref.tag === "pending") {
    return chain.withPendingBlock(async (env, view) => fn(view, env), mining);
  }
  const block = resolveBlock(chain, ref);
  return Promise.resolve(fn(chain.stateAtBlock(block), environmentOf(block.block)));
}

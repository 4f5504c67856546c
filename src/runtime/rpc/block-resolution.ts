/**
 * Resolving a block reference (tag, number, hash) to a mined block, with Hardhat's error messages for
 * blocks that don't exist.
 */
import type { Chain, StoredBlock } from "../chain/chain.js";

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
  if (block === undefined) throw refused(`Received invalid block hash ${ref.hash}`);
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

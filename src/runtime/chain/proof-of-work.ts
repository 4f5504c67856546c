/**
 * The blocks Hardhat's network mines for a hardfork before the merge (london, arrowGlacier, grayGlacier), as
 * measured against EDR: a difficulty by Byzantium's rule from the parent's (131,072 at least; a genesis of 1;
 * the difficulty bomb never reached on a development chain), the total difficulty (reserved blocks of a long
 * `hardhat_mine` keep their predecessor's and have difficulty 1), nonce 0x42, a zero mixHash, and a block
 * reward of 2 ETH to the coinbase of every mined block (none for reserved blocks).
 */
import type { Common } from "@ethereumjs/common";

/** The least difficulty of a mined block. */
const MINIMUM_DIFFICULTY = 131_072n;
/** The block reward since Constantinople. */
export const BLOCK_REWARD = 2_000_000_000_000_000_000n;
/** The nonce Hardhat's network seals proof-of-work blocks with. */
export const POW_NONCE = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x42);
/** The difficulty of a proof-of-work genesis block and of reserved blocks. */
export const UNIT_DIFFICULTY = 1n;

/** Whether `common`'s hardfork is before the merge (proof-of-work blocks). */
export function isProofOfWork(common: Common): boolean {
  return !common.gteHardfork("paris");
}

/** A block's difficulty from its parent's difficulty and timestamp (Byzantium's rule, no uncles, no bomb). */
export function nextDifficulty(parent: { difficulty: bigint; timestamp: bigint }, timestamp: bigint): bigint {
  const step = 1n - (timestamp - parent.timestamp) / 9n;
  const factor = step < -99n ? -99n : step;
  const difficulty = parent.difficulty + (parent.difficulty / 2048n) * factor;
  return difficulty < MINIMUM_DIFFICULTY ? MINIMUM_DIFFICULTY : difficulty;
}

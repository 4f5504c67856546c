/**
 * The environment the next block executes in: the number and parent after the latest block, the clock's next
 * timestamp (unless one is given), the chain's coinbase and gas limit, the base fee set for it or else the one
 * the parent's header implies, and the next values of the header hash chains (`header-hashes.ts`). Before the
 * merge it carries a difficulty and Hardhat's nonce, and a zero prevRandao (`proof-of-work.ts`).
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";

import type { AddressHex } from "../vocabulary.js";

import type { BlockEnvironment } from "./block-assembly.js";
import type { ChainClock } from "./chain-clock.js";
import type { StoredBlock } from "./chain-types.js";
import type { HeaderHashes } from "./header-hashes.js";
import { isProofOfWork, nextDifficulty, POW_NONCE } from "./proof-of-work.js";

/** The parts of a chain the next block's environment is made from. */
export interface NextBlockSource {
  readonly latest: StoredBlock;
  readonly clock: ChainClock;
  readonly common: Common;
  readonly coinbase: AddressHex;
  readonly blockGasLimit: bigint;
  readonly nextBaseFee: bigint | undefined;
  readonly headerHashes: HeaderHashes;
}

/** The environment the next block of `chain` would execute in, at `timestamp` if given. */
export function nextEnvironment(chain: NextBlockSource, timestamp?: bigint): BlockEnvironment {
  const parent = chain.latest.block.header;
  const number = parent.number + 1n;
  const at = timestamp ?? chain.clock.nextTimestamp(parent.timestamp);
  const env = {
    number,
    parentHash: chain.latest.block.hash(),
    timestamp: at,
    coinbase: chain.coinbase,
    gasLimit: chain.blockGasLimit,
    baseFeePerGas: chain.nextBaseFee ?? nextBaseFeeAfter(parent),
    prevRandao: chain.headerHashes.mixHash.next,
    parentBeaconBlockRoot: chain.common.gteHardfork("cancun") ? chain.headerHashes.beaconRoot.next : undefined,
  };
  if (!isProofOfWork(chain.common)) return env;
  return { ...env, difficulty: nextDifficulty(parent, at), nonce: POW_NONCE, prevRandao: new Uint8Array(32) };
}

/** 2^128: Hardhat's network holds base fees in 128 bits. */
const U128 = 1n << 128n;

/**
 * The base fee of the block after `header` (EIP-1559), computed as Hardhat's network computes it: in 128-bit
 * arithmetic, so the product of a base fee near 2^128 and the gas delta wraps (measured against EDR after
 * `hardhat_setNextBlockBaseFeePerGas(2^128 - 1)`); for every base fee a block can pay, the EIP's value.
 */
export function nextBaseFeeAfter(header: BlockHeader): bigint {
  const base = header.baseFeePerGas ?? 0n;
  const target = header.gasLimit / header.common.param("elasticityMultiplier");
  if (header.gasUsed === target) return base;
  const denominator = header.common.param("baseFeeMaxChangeDenominator");
  const used = header.gasUsed;
  const delta = ((base * (used > target ? used - target : target - used)) % U128) / target / denominator;
  if (used > target) return (base + (delta > 1n ? delta : 1n)) % U128;
  return base > delta ? base - delta : 0n;
}

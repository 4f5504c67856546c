/**
 * The pseudo-random header hashes of Hardhat's network: each mined block's `mixHash` (the `PREVRANDAO` its
 * transactions read) and, from Cancun on, its `parentBeaconBlockRoot` come from two keccak chains, each
 * started at the keccak of a fixed seed string; a block takes the chain's current value and mining it
 * advances the chain to the keccak of that value. The genesis block takes the first `mixHash`, so block 1
 * takes the second; the first beacon root goes to block 1. `hardhat_setPrevRandao` sets the next value (the
 * chain continues from it), and snapshots save and restore both chains — all as measured against EDR, so
 * blocks, their hashes and `block.prevrandao` equal those of Hardhat's network.
 */
import { keccak256 } from "../crypto/keccak.js";

/** Seed of the `mixHash` chain. */
const MIX_HASH_SEED = "randomMixHashSeed";
/** Seed of the `parentBeaconBlockRoot` chain. */
const BEACON_ROOT_SEED = "randomParentBeaconBlockRootSeed";

/** One keccak chain: the value the next block takes. */
export class HashChain {
  #next: Uint8Array;

  private constructor(next: Uint8Array) {
    this.#next = next;
  }

  /** A chain started at keccak(seed). */
  static seeded(seed: string): HashChain {
    return new HashChain(keccak256(new TextEncoder().encode(seed)));
  }

  /** The value the next block takes. */
  get next(): Uint8Array {
    return this.#next;
  }

  /** Makes `value` the next one (the chain continues from it). */
  setNext(value: Uint8Array): void {
    this.#next = value.slice();
  }

  /** Moves on after a block took the current value. */
  advance(): void {
    this.#next = keccak256(this.#next);
  }

  /** A copy for snapshots. */
  copy(): HashChain {
    return new HashChain(this.#next);
  }
}

/** Both chains of a network. */
export interface HeaderHashes {
  readonly mixHash: HashChain;
  readonly beaconRoot: HashChain;
}

/** Fresh chains, as at the start of a network (the genesis block then takes the first `mixHash`). */
export function seededHeaderHashes(): HeaderHashes {
  return { mixHash: HashChain.seeded(MIX_HASH_SEED), beaconRoot: HashChain.seeded(BEACON_ROOT_SEED) };
}

/** Copies of both chains (snapshots). */
export function copyHeaderHashes(h: HeaderHashes): HeaderHashes {
  return { mixHash: h.mixHash.copy(), beaconRoot: h.beaconRoot.copy() };
}

/**
 * What the flat store tells the state-root machinery: every account and storage word that changes. The
 * incremental Merkle-Patricia implementation (runtime/trie) recomputes only dirty paths when asked for the
 * root.
 */
import type { AddressHex } from "../vocabulary.js";

import type { AccountData } from "./account-data.js";

/** Receives state changes and computes the state root. */
export interface StateCommitment {
  /** An account changed (undefined: it no longer exists). */
  setAccount(address: AddressHex, account: AccountData | undefined): void;
  /** A storage word changed (0n: cleared). */
  setStorage(address: AddressHex, slot: string, value: bigint): void;
  /** The Ethereum state root of everything reported so far. */
  root(): Uint8Array;
  /**
   * Optional: takes the changes reported so far into the commitment's own structure now (the trie: written
   * and hashed), so that `root()` has less left to do (called in idle time); the root does not change.
   */
  flush?(): void;
}

/** keccak256(rlp("")): the root of an empty trie. */
export const EMPTY_TRIE_ROOT = new Uint8Array([
  0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e, 0x5b, 0x48, 0xe0,
  0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
]);

/** A commitment that tracks nothing (for throwaway states such as `eth_call` sandboxes). */
export class NoopCommitment implements StateCommitment {
  setAccount(): void {}
  setStorage(): void {}
  root(): Uint8Array {
    return EMPTY_TRIE_ROOT;
  }
}

/**
 * The flat store's state commitment backed by the incremental Merkle-Patricia state root (runtime/trie):
 * every change marks one path dirty, and `root()` rehashes only dirty nodes.
 */
import { IncrementalStateRoot } from "../trie/index.js";
import { fromHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

import type { AccountData } from "./account-data.js";
import type { StateCommitment } from "./state-commitment.js";

const hashCache = new Map<string, Uint8Array>();
function codeHashBytes(hex: string): Uint8Array {
  let bytes = hashCache.get(hex);
  if (bytes === undefined) {
    bytes = fromHex(hex);
    hashCache.set(hex, bytes);
  }
  return bytes;
}

/** State commitment computing the real Ethereum state root incrementally. */
export class TrieCommitment implements StateCommitment {
  readonly #trie = new IncrementalStateRoot();

  setAccount(address: AddressHex, account: AccountData | undefined): void {
    this.#trie.setAccount(
      address,
      account === undefined
        ? undefined
        : { nonce: account.nonce, balance: account.balance, codeHash: codeHashBytes(account.codeHash) },
    );
  }

  setStorage(address: AddressHex, slot: string, value: bigint): void {
    this.#trie.setStorage(address, slot, value);
  }

  root(): Uint8Array {
    return this.#trie.root();
  }

  /** Merkle proof nodes of an account (eth_getProof). */
  proveAccount(address: AddressHex): Uint8Array[] {
    return this.#trie.proveAccount(address);
  }

  /** Merkle proof nodes of a storage slot (eth_getProof). */
  proveStorage(address: AddressHex, slot: string): Uint8Array[] {
    return this.#trie.proveStorage(address, slot);
  }

  /** Root of one account's storage trie. */
  storageRoot(address: AddressHex): Uint8Array {
    return this.#trie.storageRoot(address);
  }
}

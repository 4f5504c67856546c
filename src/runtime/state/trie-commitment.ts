/**
 * The flat store's state commitment backed by the incremental Merkle-Patricia state root (runtime/trie):
 * every change marks one path dirty, and `root()` rehashes only dirty nodes.
 */
import { IncrementalStateRoot } from "../trie/index.js";
import { fromHex } from "../util/hex.js";
import { isStorageKey, keyAddress, keySlot, type AddressHex, type LocationKey } from "../vocabulary.js";

import { EMPTY_CODE_HASH, type AccountData, type StateView } from "./account-data.js";
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

const EMPTY_ACCOUNT: AccountData = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };

/** State commitment computing the real Ethereum state root incrementally. */
export class TrieCommitment implements StateCommitment {
  readonly #trie: IncrementalStateRoot;

  constructor(trie = new IncrementalStateRoot()) {
    this.#trie = trie;
  }

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

  /**
   * The commitment of an older state: an O(1) copy of the trie with the `changed` locations set back to their
   * values in `view` (eth_getProof at an older block).
   */
  at(view: StateView, changed: Iterable<LocationKey>): TrieCommitment {
    const older = new TrieCommitment(this.#trie.copy());
    const addresses = new Set<AddressHex>();
    for (const key of changed) {
      const address = keyAddress(key);
      addresses.add(address);
      if (isStorageKey(key)) older.setStorage(address, keySlot(key), view.storage(address, keySlot(key)));
    }
    // As FlatState commits them: an account with storage is in the trie even with empty fields.
    for (const address of addresses) {
      const hasStorage = view.storageSlots(address)[Symbol.iterator]().next().done !== true;
      older.setAccount(address, view.account(address) ?? (hasStorage ? EMPTY_ACCOUNT : undefined));
    }
    return older;
  }

  /** Root of one account's storage trie. */
  storageRoot(address: AddressHex): Uint8Array {
    return this.#trie.storageRoot(address);
  }
}

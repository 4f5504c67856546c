/**
 * The flat store's state commitment backed by the incremental Merkle-Patricia state root (runtime/trie):
 * every change marks one path dirty, and `root()` rehashes only dirty nodes.
 *
 * Changes are collected per address (latest account, latest value per slot) and written to the trie when it is
 * next read (root, proofs, an older state's copy): a block writes the same accounts again and again — the
 * token contract once per transfer for each of two slots, the sender's nonce and balance, the coinbase — and
 * the trie then takes each account once and each slot once. The trie's content does not depend on the order
 * of the changes (storage belongs to an address whether its account exists or not: incremental-state-root.ts),
 * so the root is the same.
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
  readonly #accounts = new Map<AddressHex, AccountData | undefined>();
  readonly #storage = new Map<AddressHex, Map<string, bigint>>();

  constructor(trie = new IncrementalStateRoot()) {
    this.#trie = trie;
  }

  setAccount(address: AddressHex, account: AccountData | undefined): void {
    this.#accounts.set(address, account);
  }

  setStorage(address: AddressHex, slot: string, value: bigint): void {
    let slots = this.#storage.get(address);
    if (slots === undefined) {
      slots = new Map();
      this.#storage.set(address, slots);
    }
    slots.set(slot, value);
  }

  root(): Uint8Array {
    return this.#flushed().root();
  }

  /**
   * Writes the collected changes to the trie and hashes its dirty nodes (idle time: the hashes stay cached in
   * the nodes, and a later write clears only those on its path, so `root()` then hashes what changed since).
   */
  flush(): void {
    this.#flushed().root();
  }

  /** The trie with every collected change written: storage first, then the accounts' latest fields. */
  #flushed(): IncrementalStateRoot {
    const trie = this.#trie;
    for (const [address, slots] of this.#storage) trie.setStorageSlots(address, slots);
    this.#storage.clear();
    for (const [address, account] of this.#accounts)
      trie.setAccount(
        address,
        account === undefined
          ? undefined
          : { nonce: account.nonce, balance: account.balance, codeHash: codeHashBytes(account.codeHash) },
      );
    this.#accounts.clear();
    return trie;
  }

  /** Merkle proof nodes of an account (eth_getProof). */
  proveAccount(address: AddressHex): Uint8Array[] {
    return this.#flushed().proveAccount(address);
  }

  /** Merkle proof nodes of a storage slot (eth_getProof). */
  proveStorage(address: AddressHex, slot: string): Uint8Array[] {
    return this.#flushed().proveStorage(address, slot);
  }

  /**
   * The commitment of an older state: an O(1) copy of the trie with the `changed` locations set back to their
   * values in `view` (eth_getProof at an older block).
   */
  at(view: StateView, changed: Iterable<LocationKey>): TrieCommitment {
    const older = new TrieCommitment(this.#flushed().copy());
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
    return this.#flushed().storageRoot(address);
  }
}

/**
 * The Ethereum world-state root, maintained incrementally next to the flat in-memory store.
 *
 * The state layer keeps accounts and storage in flat maps (fast for execution) and mirrors every
 * change here: `setAccount`, `setStorage`, `clearStorage`. This class keeps the secure state trie —
 * accounts under keccak256(address), each account leaf RLP([nonce, balance, storageRoot, codeHash]),
 * each account's storage a trie of RLP(value) under keccak256(slot) — as persistent tries
 * (`persistent-trie.ts`) with hashes cached in the nodes (`trie-hash.ts`). So:
 *
 * - a write costs one descent of the account trie (plus one of the storage trie), mutating in place
 *   the nodes this version owns and copying only the shared ones on the path;
 * - `root()` hashes only the nodes written since the last `root()` — the cost is proportional to the
 *   block's writes, not to the state's size;
 * - `copy()` is O(1) (plus the tiny map of orphan storage): both versions freeze the current nodes
 *   and share them, which is what `evm_snapshot`/`evm_revert` and per-block states need.
 *
 * Storage belongs to an address whether or not its account currently exists, exactly as in a flat
 * store where the two live in separate maps: storage written for an address without an account is
 * kept aside ("orphan") and becomes the account's storage when the account is created; deleting an
 * account keeps its storage aside in the same way. Call `clearStorage` to drop storage (as
 * @ethereumjs's `deleteAccount` does for self-destructs). Only accounts that exist are in the trie,
 * and only their storage counts.
 */
import { encodeBytesItem, encodeListOfItems } from "./node-rlp.js";
import { trieGet, trieInsert, trieRemove } from "./persistent-trie.js";
import { bigintToMinimalBytes, addressKeys, slotKeys } from "./state-keys.js";
import { EMPTY_TRIE_ROOT, trieRootHash } from "./trie-hash.js";
import { type Owner, type TrieNode } from "./trie-node.js";
import { trieProof } from "./trie-proof.js";

/** The account fields the state root commits to (the storage root is derived). */
export interface StateAccount {
  /** Transaction count / creation nonce. */
  nonce: bigint;
  /** Balance in wei. */
  balance: bigint;
  /** keccak256 of the account's code (keccak256 of empty bytes when it has none); 32 bytes. */
  codeHash: Uint8Array;
}

/** An account leaf: immutable, replaced whenever a field or the storage trie changes. */
interface AccountLeaf extends StateAccount {
  readonly storage: StorageTrie;
}

type StorageTrie = TrieNode<Uint8Array> | null;

const identity = (value: Uint8Array): Uint8Array => value;

function encodeAccount(account: AccountLeaf): Uint8Array {
  return encodeListOfItems([
    encodeBytesItem(bigintToMinimalBytes(account.nonce)),
    encodeBytesItem(bigintToMinimalBytes(account.balance)),
    encodeBytesItem(trieRootHash(account.storage, identity)),
    encodeBytesItem(account.codeHash),
  ]);
}

function sameFields(leaf: AccountLeaf, account: StateAccount): boolean {
  if (leaf.nonce !== account.nonce || leaf.balance !== account.balance) return false;
  for (let i = 0; i < 32; i++) if (leaf.codeHash[i] !== account.codeHash[i]) return false;
  return true;
}

/** Incrementally maintained Ethereum state root with O(1) copies and Merkle proofs. */
export class IncrementalStateRoot {
  private owner: Owner = {};
  private accounts: TrieNode<AccountLeaf> | null = null;
  private orphans = new Map<string, StorageTrie>();

  /**
   * Creates, updates or (with `undefined`) deletes an account.
   * @param address - 0x-prefixed 20-byte hex
   */
  setAccount(address: string, account: StateAccount | undefined): void {
    const key = addressKeys.key(address);
    const existing = trieGet(this.accounts, key);
    if (account === undefined) {
      if (existing === undefined) return;
      if (existing.storage !== null) this.orphans.set(address.toLowerCase(), existing.storage);
      this.accounts = trieRemove(this.accounts, key, this.owner);
      return;
    }
    if (account.codeHash.length !== 32) throw new Error(`codeHash of ${address} must be 32 bytes`);
    if (existing !== undefined && sameFields(existing, account)) return;
    const storage = existing === undefined ? this.takeOrphan(address) : existing.storage;
    const { nonce, balance, codeHash } = account;
    this.accounts = trieInsert(this.accounts, key, { nonce, balance, codeHash, storage }, this.owner);
  }

  /**
   * Sets one storage slot; `0n` deletes it.
   * @param address - 0x-prefixed 20-byte hex
   * @param slot - 0x-prefixed hex of at most 32 bytes (shorter input is left-padded)
   */
  setStorage(address: string, slot: string, value: bigint): void {
    const key = slotKeys.key(slot);
    this.updateStorage(address, (storage) =>
      value === 0n
        ? trieRemove(storage, key, this.owner)
        : trieInsert(storage, key, encodeBytesItem(bigintToMinimalBytes(value)), this.owner),
    );
  }

  /**
   * Sets several storage slots of one account (`0n` deletes one): the account's leaf is looked up and
   * replaced once, not once per slot.
   * @param address - 0x-prefixed 20-byte hex
   */
  setStorageSlots(address: string, slots: Iterable<readonly [string, bigint]>): void {
    this.updateStorage(address, (storage) => {
      let next = storage;
      for (const [slot, value] of slots) {
        const key = slotKeys.key(slot);
        next =
          value === 0n
            ? trieRemove(next, key, this.owner)
            : trieInsert(next, key, encodeBytesItem(bigintToMinimalBytes(value)), this.owner);
      }
      return next;
    });
  }

  /** Deletes every storage slot of `address`. */
  clearStorage(address: string): void {
    this.updateStorage(address, () => null);
  }

  /** The 32-byte state root (the empty-trie root when there are no accounts). */
  root(): Uint8Array {
    return trieRootHash(this.accounts, encodeAccount);
  }

  /** The storage root of an existing account; the empty-trie root for a missing one. */
  storageRoot(address: string): Uint8Array {
    const leaf = trieGet(this.accounts, addressKeys.key(address));
    return leaf === undefined ? EMPTY_TRIE_ROOT.slice() : trieRootHash(leaf.storage, identity);
  }

  /** A copy sharing all nodes with this one; the two then evolve independently. O(1). */
  copy(): IncrementalStateRoot {
    this.owner = {};
    const copy = new IncrementalStateRoot();
    copy.accounts = this.accounts;
    copy.orphans = new Map(this.orphans);
    return copy;
  }

  /** Merkle proof of the account (or of its absence) against `root()`, root node first. */
  proveAccount(address: string): Uint8Array[] {
    return trieProof(this.accounts, addressKeys.key(address), encodeAccount);
  }

  /** Merkle proof of a slot against the account's `storageRoot()`; empty for a missing account. */
  proveStorage(address: string, slot: string): Uint8Array[] {
    const leaf = trieGet(this.accounts, addressKeys.key(address));
    return leaf === undefined ? [] : trieProof(leaf.storage, slotKeys.key(slot), identity);
  }

  private takeOrphan(address: string): StorageTrie {
    const lower = address.toLowerCase();
    const storage = this.orphans.get(lower) ?? null;
    this.orphans.delete(lower);
    return storage;
  }

  private updateStorage(address: string, update: (storage: StorageTrie) => StorageTrie): void {
    const key = addressKeys.key(address);
    const leaf = trieGet(this.accounts, key);
    if (leaf === undefined) {
      const lower = address.toLowerCase();
      const storage = update(this.orphans.get(lower) ?? null);
      if (storage === null) this.orphans.delete(lower);
      else this.orphans.set(lower, storage);
      return;
    }
    const storage = update(leaf.storage);
    if (storage === leaf.storage && storage === null) return;
    this.accounts = trieInsert(this.accounts, key, { ...leaf, storage }, this.owner);
  }
}

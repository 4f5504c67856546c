/**
 * What one transaction's `TxState` fetched from the view below it (the committed state, an older state, a
 * lane's overlay): each account and storage word fetched once and remembered, and its read set — every
 * location's value as first fetched (tx-state.ts says which fetches are recorded and when).
 */
import { balanceKey, codeKey, nonceKey, storageKey, type AddressHex, type ReadSet } from "../vocabulary.js";

import { EMPTY_CODE_HASH, type AccountData, type StateView } from "./account-data.js";

/** The view a transaction reads and what it read of it. */
export class ViewReads {
  view: StateView;
  /** Accounts fetched (undefined: none there), as first fetched. */
  readonly seenAccounts = new Map<AddressHex, AccountData | undefined>();
  /**
   * Storage words fetched, by address then slot: a transaction fetches a slot again and again (SLOAD, SSTORE's
   * original value, the write set's comparison), and the address and slot strings come from the hex cache with
   * their hashes kept, while a `storage:address:slot` key would be joined and hashed anew on every fetch.
   */
  readonly #seenStorage = new Map<AddressHex, Map<string, bigint>>();
  /** The read set; a new map per transaction (the previous one's accesses keep theirs). */
  reads: ReadSet = new Map();

  constructor(view: StateView) {
    this.view = view;
  }

  /** Forgets everything read, over `view` from now on. */
  begin(view: StateView): void {
    this.view = view;
    this.seenAccounts.clear();
    this.#seenStorage.clear();
    this.reads = new Map();
  }

  /** `addr`'s account as first fetched; the first fetch records its balance, nonce and code as read. */
  account(addr: AddressHex): AccountData | undefined {
    if (this.seenAccounts.has(addr)) return this.seenAccounts.get(addr);
    const account = this.view.account(addr);
    this.seenAccounts.set(addr, account);
    this.reads.set(balanceKey(addr), account?.balance ?? 0n);
    this.reads.set(nonceKey(addr), account?.nonce ?? 0n);
    this.reads.set(codeKey(addr), account?.codeHash ?? EMPTY_CODE_HASH);
    return account;
  }

  /** A storage word as first fetched; the first fetch records it as read. */
  storage(addr: AddressHex, slot: string): bigint {
    let slots = this.#seenStorage.get(addr);
    if (slots === undefined) {
      slots = new Map();
      this.#seenStorage.set(addr, slots);
    }
    const seen = slots.get(slot);
    if (seen !== undefined) return seen;
    const value = this.view.storage(addr, slot);
    slots.set(slot, value);
    this.reads.set(storageKey(addr, slot), value);
    return value;
  }
}

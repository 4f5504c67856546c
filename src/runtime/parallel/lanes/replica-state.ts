/**
 * A worker's replica of the committed state: flat maps like `FlatState`, without journal or commitment (a
 * worker never rolls back or hashes; it only follows the main thread). It is rebuilt from a snapshot when a
 * worker starts or falls behind, and otherwise kept in sync by applying each shipped batch of changes.
 */
import { EMPTY_CODE_HASH, isEmptyAccount, type AccountData, type StateView } from "../../state/account-data.js";
import {
  type AddressHex,
  isStorageKey,
  keyAddress,
  keyKind,
  keySlot,
  type LocationKey,
  type LocationValue,
} from "../../vocabulary.js";

/** A worker's copy of the committed state. */
export class ReplicaState implements StateView {
  readonly #accounts = new Map<AddressHex, AccountData>();
  readonly #storage = new Map<AddressHex, Map<string, bigint>>();
  readonly #codes = new Map<string, Uint8Array>();

  account(address: AddressHex): AccountData | undefined {
    return this.#accounts.get(address);
  }

  storage(address: AddressHex, slot: string): bigint {
    return this.#storage.get(address)?.get(slot) ?? 0n;
  }

  code(codeHash: string): Uint8Array {
    return this.#codes.get(codeHash) ?? new Uint8Array(0);
  }

  storageSlots(address: AddressHex): Iterable<[string, bigint]> {
    return this.#storage.get(address)?.entries() ?? [];
  }

  /** Forgets everything (before loading a snapshot). */
  clear(): void {
    this.#accounts.clear();
    this.#storage.clear();
  }

  /** Applies changed locations and the code bytes they reference. */
  apply(writes: Iterable<readonly [LocationKey, LocationValue]>, codes: Iterable<readonly [string, Uint8Array]>): void {
    for (const [hash, code] of codes) if (hash !== EMPTY_CODE_HASH) this.#codes.set(hash, code);
    for (const [key, value] of writes) this.#set(key, value);
  }

  #set(key: LocationKey, value: LocationValue): void {
    if (isStorageKey(key)) return this.#setStorage(keyAddress(key), keySlot(key), value as bigint);
    const address = keyAddress(key);
    const current = this.#accounts.get(address) ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };
    const kind = keyKind(key);
    const field = kind === "balance" ? "balance" : kind === "nonce" ? "nonce" : "codeHash";
    const next = { ...current, [field]: value } as AccountData;
    if (isEmptyAccount(next)) this.#accounts.delete(address);
    else this.#accounts.set(address, next);
  }

  #setStorage(address: AddressHex, slot: string, value: bigint): void {
    let slots = this.#storage.get(address);
    if (value === 0n) {
      slots?.delete(slot);
      return;
    }
    if (slots === undefined) {
      slots = new Map();
      this.#storage.set(address, slots);
    }
    slots.set(slot, value);
  }
}

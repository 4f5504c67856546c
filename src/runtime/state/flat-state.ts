/**
 * The committed world state of a chain: flat maps of accounts, storage words and code, plus an undo journal.
 *
 * Why flat: every read of an executing transaction is one map lookup, and a block's changes are applied as a
 * write set (location → value) — the same shape the parallel executor produces — so the sequential and the
 * parallel paths commit through one function. Why a journal: `evm_snapshot`/`evm_revert`, `hardhat_reset`
 * and reads at an older block (`eth_call` with a block tag) all need earlier states; each applied change
 * records the value it replaced, so rolling back is popping entries and a historical view is the current
 * state under the previous values of everything changed since.
 */
import {
  balanceKey,
  codeKey,
  isCodeKey,
  keyAddress,
  keyKind,
  keySlot,
  nonceKey,
  storageKey,
  storageKeyPrefix,
  type AddressHex,
  type LocationKey,
  type LocationValue,
  type WriteSet,
} from "../vocabulary.js";

import { EMPTY_CODE_HASH, isEmptyAccount, type AccountData, type StateView } from "./account-data.js";
import { ChangeFeed, type ChangeFollower } from "./change-feed.js";
import { type StateCommitment, NoopCommitment } from "./state-commitment.js";

interface JournalEntry {
  readonly key: LocationKey;
  /** Value before the change; undefined for "unset" (zero / missing). */
  readonly previous: LocationValue | undefined;
}

/** A position in the journal; rolling back to it restores the state it was taken at. */
export type StateMark = number;

const EMPTY_ACCOUNT: AccountData = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };

/** The committed state of one chain. */
export class FlatState implements StateView {
  readonly #accounts = new Map<AddressHex, AccountData>();
  readonly #storage = new Map<AddressHex, Map<string, bigint>>();
  readonly #codes = new Map<string, Uint8Array>();
  readonly #journal: JournalEntry[] = [];
  readonly #commitment: StateCommitment;
  readonly #feed = new ChangeFeed();

  constructor(commitment: StateCommitment = new NoopCommitment()) {
    this.#commitment = commitment;
  }

  /** @inheritdoc */
  account(address: AddressHex): AccountData | undefined {
    return this.#accounts.get(address);
  }

  /** @inheritdoc */
  storage(address: AddressHex, slot: string): bigint {
    return this.#storage.get(address)?.get(slot) ?? 0n;
  }

  /** @inheritdoc */
  code(codeHash: string): Uint8Array {
    return this.#codes.get(codeHash) ?? new Uint8Array(0);
  }

  /** @inheritdoc */
  storageSlots(address: AddressHex): Iterable<[string, bigint]> {
    return this.#storage.get(address)?.entries() ?? [];
  }

  /** Every account, for dumps and proofs. */
  accounts(): IterableIterator<[AddressHex, AccountData]> {
    return this.#accounts.entries();
  }

  /** Every address with storage (an account or not), for snapshots. */
  storageAddresses(): IterableIterator<AddressHex> {
    return this.#storage.keys();
  }

  /** Registers code bytes under their hash (code is content-addressed and never removed). */
  putCodeBytes(codeHash: string, code: Uint8Array): void {
    if (codeHash !== EMPTY_CODE_HASH) this.#codes.set(codeHash, code);
  }

  /** Applies a write set (and the code bytes it references), journaling every change. */
  apply(writes: WriteSet, codes?: ReadonlyMap<string, Uint8Array>): void {
    if (codes !== undefined) for (const [hash, code] of codes) this.putCodeBytes(hash, code);
    for (const [key, value] of writes) this.#set(key, value, true);
  }

  /**
   * Follows every change from now on (apply and rollback alike), one shared record however many follow
   * (change-feed.ts): the parallel executors' worker replicas follow the state this way.
   */
  follow(): ChangeFollower {
    return this.#feed.follow();
  }

  /** The state root of the committed state. */
  stateRoot(): Uint8Array {
    return this.#commitment.root();
  }

  /**
   * Takes the changes so far into the state-root structure (the trie's writes and the hashing of its dirty
   * nodes): for idle time before the root is asked for — the parallel executor's main thread waiting for a
   * worker lane. The root is the same either way.
   */
  prepareRoot(): void {
    this.#commitment.flush?.();
  }

  /** Current journal position. */
  mark(): StateMark {
    return this.#journal.length;
  }

  /** Restores the state as it was at `mark`. */
  rollback(mark: StateMark): void {
    while (this.#journal.length > mark) {
      const entry = this.#journal.pop();
      if (entry === undefined) break;
      this.#set(entry.key, entry.previous ?? zeroOf(entry.key), false);
    }
  }

  /** Every location changed since `mark` (what an older state's commitment must undo). */
  changedSince(mark: StateMark): Set<LocationKey> {
    return new Set(this.#journal.slice(mark).map((entry) => entry.key));
  }

  /** A read-only view of the state as it was at `mark`. */
  viewAt(mark: StateMark): StateView {
    if (mark >= this.#journal.length) return this;
    const previous = new Map<LocationKey, LocationValue | undefined>();
    for (let i = this.#journal.length - 1; i >= mark; i--) {
      const entry = this.#journal[i];
      if (entry !== undefined) previous.set(entry.key, entry.previous);
    }
    return new HistoricalView(this, previous);
  }

  #set(key: LocationKey, value: LocationValue, journal: boolean): void {
    const kind = keyKind(key);
    if (kind === "storage") {
      this.#setStorage(key, keyAddress(key), keySlot(key), value as bigint, journal);
      return;
    }
    const address = keyAddress(key);
    const before = this.#accounts.get(address);
    const current = before ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };
    const field = kind === "balance" ? "balance" : kind === "nonce" ? "nonce" : "codeHash";
    const previous = current[field];
    if (previous === value) return;
    if (journal) this.#journal.push({ key, previous: before === undefined ? undefined : previous });
    this.#feed.record(key, value);
    const next: AccountData = {
      nonce: field === "nonce" ? (value as bigint) : current.nonce,
      balance: field === "balance" ? (value as bigint) : current.balance,
      codeHash: field === "codeHash" ? (value as string) : current.codeHash,
    };
    if (isEmptyAccount(next)) {
      this.#accounts.delete(address);
      this.#commitment.setAccount(address, this.#storage.has(address) ? EMPTY_ACCOUNT : undefined);
    } else {
      this.#accounts.set(address, next);
      this.#commitment.setAccount(address, next);
    }
  }

  #setStorage(key: LocationKey, address: AddressHex, slot: string, value: bigint, journal: boolean): void {
    let slots = this.#storage.get(address);
    const previous = slots?.get(slot);
    if ((previous ?? 0n) === value) return;
    if (journal) this.#journal.push({ key, previous });
    this.#feed.record(key, value);
    if (value === 0n) {
      slots?.delete(slot);
      if (slots !== undefined && slots.size === 0) this.#storage.delete(address);
    } else {
      if (slots === undefined) {
        slots = new Map();
        this.#storage.set(address, slots);
      }
      slots.set(slot, value);
    }
    // An account with storage is in the state trie even when its fields are empty (storage written with
    // hardhat_setStorageAt on a fresh address), as on Hardhat's network; it leaves with its last slot.
    const bare = !this.#accounts.has(address);
    if (bare && value !== 0n) this.#commitment.setAccount(address, EMPTY_ACCOUNT);
    this.#commitment.setStorage(address, slot, value);
    if (bare && !this.#storage.has(address)) this.#commitment.setAccount(address, undefined);
  }
}

function zeroOf(key: LocationKey): LocationValue {
  return isCodeKey(key) ? EMPTY_CODE_HASH : 0n;
}

/** The state at an earlier mark: current values under the previous values of everything changed since. */
class HistoricalView implements StateView {
  constructor(
    private readonly current: FlatState,
    private readonly previous: ReadonlyMap<LocationKey, LocationValue | undefined>,
  ) {}

  account(address: AddressHex): AccountData | undefined {
    const now = this.current.account(address);
    const keys = { balance: balanceKey(address), nonce: nonceKey(address), code: codeKey(address) };
    if (!Object.values(keys).some((key) => this.previous.has(key))) return now;
    const pick = (f: keyof typeof keys, cur: LocationValue): LocationValue => {
      const key = keys[f];
      return this.previous.has(key) ? (this.previous.get(key) ?? zeroOf(key)) : cur;
    };
    const base = now ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };
    const account: AccountData = {
      balance: pick("balance", base.balance) as bigint,
      nonce: pick("nonce", base.nonce) as bigint,
      codeHash: pick("code", base.codeHash) as string,
    };
    return isEmptyAccount(account) ? undefined : account;
  }

  storage(address: AddressHex, slot: string): bigint {
    const key = storageKey(address, slot);
    if (this.previous.has(key)) return (this.previous.get(key) as bigint | undefined) ?? 0n;
    return this.current.storage(address, slot);
  }

  code(codeHash: string): Uint8Array {
    return this.current.code(codeHash);
  }

  *storageSlots(address: AddressHex): Iterable<[string, bigint]> {
    const seen = new Set<string>();
    for (const [slot] of this.current.storageSlots(address)) seen.add(slot);
    const prefix = storageKeyPrefix(address);
    for (const key of this.previous.keys()) if (key.startsWith(prefix)) seen.add(key.slice(prefix.length));
    for (const slot of seen) {
      const value = this.storage(address, slot);
      if (value !== 0n) yield [slot, value];
    }
  }
}

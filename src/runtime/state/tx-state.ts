/**
 * The state manager one transaction executes against: an overlay over a read-only `StateView` (the committed
 * state, an older state, or a lane's overlay) that implements @ethereumjs's
 * `StateManagerInterface` and records the transaction's read set and write set as it goes.
 *
 * - Checkpoints are O(1): the transaction's own writes live in a `TxOverlay` (tx-overlay.ts) whose undo log
 *   makes a checkpoint its length, revert a pop back to it, commit a forgotten mark.
 * - Reads are recorded the first time a location is fetched from the view (`view-reads.ts`); reads of the
 *   transaction's own writes are not dependencies and are not recorded.
 * - Writes are computed once at the end by comparing the overlay with the values seen, so no-op writes (the
 *   EVM rewrites the callee account on every call, even with value 0) never appear.
 * - A balance is read only when observed. An account that nonce or code make non-empty is loaded with a
 *   placeholder balance and handed out as a `LazyBalanceAccount`: credits into it add to the placeholder, and
 *   the first read of its balance records the read of the real one and moves every version the overlay holds
 *   (undo log included) to real terms. One never observed ends as a delta (`+value`), so a view call into a
 *   contract reads none of its balance and payable deposits into one contract commute. Every path that
 *   observes a balance: `lazy-balance-account.ts`; the placeholders and their observation: `lazy-accounts.ts`.
 * - A nonce of an account with code is read only when observed: loading it records its code, not its nonce,
 *   and the account object records the nonce on its first read (the contract's own CREATE, a collision check
 *   on it: every path in `lazy-balance-account.ts`), so a view of a factory does not depend on its deployments.
 * - The coinbase fee is a lazy delta: after execution (checkpoint depth back to the transaction level),
 *   the fee payment reads the coinbase through a placeholder balance and records `+fee` as a delta instead
 *   of a read and a write, so transactions don't all conflict on the coinbase. Any observation of the
 *   coinbase *during* execution (BALANCE, a transfer out) is a normal read of the exact value. The credit of
 *   a plain value transfer to an account without code is a delta the same way (`lazyRecipient`).
 */
import type { AccountFields, StateManagerInterface } from "@ethereumjs/common";
import { Account, type Address } from "@ethereumjs/util";

import { keccak256 } from "../crypto/keccak.js";
import { bigIntToStorageBytes, bytesToBigInt, toHex } from "../util/hex.js";
import { cachedHex } from "../util/hex-cache.js";
import type { AccessSets, AddressHex } from "../vocabulary.js";

import { codeHashBytes, EMPTY_CODE_HASH, type AccountData, type StateView } from "./account-data.js";
import { collectAccesses } from "./collect-accesses.js";
import { LazyAccounts } from "./lazy-accounts.js";
import { LazyBalanceAccount } from "./lazy-balance-account.js";
import { SenderCodeMask } from "./sender-code-mask.js";
import { TxOverlay } from "./tx-overlay.js";
import { ViewReads } from "./view-reads.js";

/** Per-transaction options. */
export interface TxStateOptions {
  /** Coinbase whose fee payment may be a lazy delta (only when it exists and is non-empty before the block). */
  readonly lazyCoinbase?: AddressHex;
  /**
   * Recipient of a plain value transfer whose credit may be a lazy delta: only when it has no code (checked
   * here, as a recorded read of its code), so nothing can observe its balance during the transaction.
   */
  readonly lazyRecipient?: AddressHex;
  /**
   * The sender: if it has code, runTx's EIP-3607 check is shown an empty code hash (Hardhat's network turns
   * EIP-3607 off), and the sender's debit and nonce bump that follow keep the real one.
   */
  readonly sender?: AddressHex;
}

/** A transaction's view of state with undo-log checkpoints and access recording. */
export class TxState implements StateManagerInterface {
  #lazyCoinbase: AddressHex | undefined;
  #lazyRecipient: AddressHex | undefined;
  readonly #senderCode = new SenderCodeMask();
  #depth = 0;
  #postExecution = false;
  readonly #overlay = new TxOverlay();
  /** The view, what was read of it, and the placeholder balances and hidden nonces. */
  readonly #reads: ViewReads;
  readonly #lazy: LazyAccounts;

  /** Pre-transaction storage values, for SSTORE gas (EIP-2200). */
  readonly originalStorageCache = {
    get: async (address: Address, key: Uint8Array): Promise<Uint8Array> =>
      bigIntToStorageBytes(this.originalWord(address, key)),
    clear: (): void => {},
  };

  constructor(view: StateView) {
    this.#reads = new ViewReads(view);
    this.#lazy = new LazyAccounts(this.#reads, this.#overlay);
  }

  /** Starts a new transaction over `view`, forgetting everything of the previous one. */
  begin(view: StateView, options: TxStateOptions = {}): void {
    this.#lazyCoinbase = options.lazyCoinbase;
    this.#lazyRecipient = options.lazyRecipient;
    this.#senderCode.begin(options.sender);
    this.#lazy.clear();
    this.#depth = 0;
    this.#postExecution = false;
    this.#overlay.reset();
    this.#reads.begin(view);
  }

  // ---- StateManagerInterface: accounts ----

  async getAccount(address: Address): Promise<Account | undefined> {
    const addr = cachedHex(address.bytes);
    if (this.#postExecution && addr === this.#lazyCoinbase) this.#lazy.unobserved.delete(addr);
    const data = this.#currentAccount(addr, true);
    if (data === undefined) return undefined;
    const codeHash = codeHashBytes(this.#senderCode.shown(addr, data.codeHash));
    const unobserved = { balance: this.#lazy.unobserved.has(addr), nonce: this.#lazy.hiddenNonces.has(addr) };
    if (!unobserved.balance && !unobserved.nonce) return new Account(data.nonce, data.balance, undefined, codeHash);
    const observer = { observe: () => this.#lazy.observe(addr), observeNonce: () => this.#lazy.observeNonce(addr) };
    return new LazyBalanceAccount(data.nonce, data.balance, codeHash, observer, unobserved);
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    const addr = cachedHex(address.bytes);
    if (account === undefined) return this.deleteAccount(address);
    this.#overlay.setAccount(addr, {
      nonce: this.#lazy.heldNonce(addr, account),
      balance: this.#lazy.heldBalance(addr, account),
      codeHash: this.#senderCode.stored(addr, cachedHex(account.codeHash)),
    });
  }

  async deleteAccount(address: Address): Promise<void> {
    const addr = cachedHex(address.bytes);
    this.#lazy.observe(addr);
    this.#lazy.observeNonce(addr);
    this.#overlay.deleteAccount(addr);
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const addr = cachedHex(address.bytes);
    if (fields.balance !== undefined) this.#lazy.observe(addr);
    if (fields.nonce !== undefined) this.#lazy.observeNonce(addr);
    const current = this.#currentAccount(addr, true) ?? { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };
    this.#overlay.setAccount(addr, {
      nonce: fields.nonce ?? current.nonce,
      balance: fields.balance ?? current.balance,
      codeHash: fields.codeHash === undefined ? current.codeHash : cachedHex(fields.codeHash),
    });
  }

  // ---- code ----

  async putCode(address: Address, value: Uint8Array): Promise<void> {
    const hash = toHex(keccak256(value));
    if (value.length > 0) this.#overlay.codes.set(hash, value);
    await this.modifyAccountFields(address, { codeHash: codeHashBytes(hash) });
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const account = this.#currentAccount(cachedHex(address.bytes), true);
    if (account === undefined || account.codeHash === EMPTY_CODE_HASH) return new Uint8Array(0);
    return this.#overlay.codes.get(account.codeHash) ?? this.#reads.view.code(account.codeHash);
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.getCode(address)).length;
  }

  // ---- storage ----

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    return bigIntToStorageBytes(this.storageWord(address, key));
  }

  /** `getStorage` as a word, without a promise (SLOAD reads through it: `evm/word-opcodes.ts`). */
  storageWord(address: Address, key: Uint8Array): bigint {
    const addr = cachedHex(address.bytes);
    const slot = cachedHex(key);
    const own = this.#overlay.storage.get(addr)?.get(slot);
    if (own !== undefined) return own;
    if (this.#overlay.cleared.has(addr)) return 0n;
    return this.#reads.storage(addr, slot);
  }

  /** The slot's value before the transaction, as a word (`originalStorageCache.get`; SSTORE's gas: `evm/sstore-gas.ts`). */
  originalWord(address: Address, key: Uint8Array): bigint {
    return this.#reads.storage(cachedHex(address.bytes), cachedHex(key));
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const addr = cachedHex(address.bytes);
    const slot = cachedHex(key);
    this.#overlay.putStorage(addr, slot, bytesToBigInt(value));
  }

  async clearStorage(address: Address): Promise<void> {
    this.#overlay.clearStorage(cachedHex(address.bytes));
  }

  // ---- checkpoints ----

  async checkpoint(): Promise<void> {
    this.#senderCode.checkpoint();
    this.#overlay.checkpoint();
    this.#depth++;
  }

  async commit(): Promise<void> {
    this.#overlay.commit();
    this.#leaveLevel();
  }

  async revert(): Promise<void> {
    this.#overlay.revert();
    this.#leaveLevel();
  }

  // ---- roots and copies: a transaction overlay has none ----

  async getStateRoot(): Promise<Uint8Array> {
    throw new Error("TxState has no state root: roots are computed by the chain's committed state");
  }
  async setStateRoot(): Promise<void> {
    throw new Error("TxState cannot switch state roots");
  }
  async hasStateRoot(): Promise<boolean> {
    return false;
  }
  clearCaches(): void {}
  shallowCopy(): StateManagerInterface {
    throw new Error("TxState cannot be copied: create one per VM");
  }

  // ---- results ----

  /** The transaction's recorded accesses (call once, after the transaction). */
  finish(): AccessSets {
    return collectAccesses({
      overlay: this.#overlay,
      view: this.#reads.view,
      reads: this.#reads.reads,
      baseAccount: (addr) => this.#reads.account(addr),
      baseStorage: (addr, slot) => this.#reads.storage(addr, slot),
      isLazy: (addr) => this.#lazy.lazy.has(addr),
    });
  }

  // ---- internals ----

  #leaveLevel(): void {
    this.#depth--;
    if (this.#depth === 1) this.#postExecution = true;
  }

  #currentAccount(addr: AddressHex, _forRead: boolean): AccountData | undefined {
    if (this.#overlay.accounts.has(addr)) return this.#overlay.accounts.get(addr) ?? undefined;
    if (this.#postExecution && addr === this.#lazyCoinbase) return this.#lazy.start(addr);
    if (addr === this.#lazyRecipient && !this.#reads.seenAccounts.has(addr)) return this.#lazy.startRecipient(addr);
    return this.#lazy.load(addr);
  }
}

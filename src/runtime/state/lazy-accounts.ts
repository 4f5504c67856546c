/**
 * How one transaction's `TxState` loads accounts and observes their balances and nonces (tx-state.ts says
 * why): an account that nonce or code make non-empty is loaded with a placeholder balance, recorded as read
 * only when observed (`observe`, which moves every version the overlay holds to real terms); the nonce of one
 * with code is hidden until observed (`observeNonce`); a lazy coinbase or recipient starts as a placeholder.
 * The account objects whose getters observe: lazy-balance-account.ts.
 */
import type { Account } from "@ethereumjs/util";

import { balanceKey, codeKey, nonceKey, type AddressHex } from "../vocabulary.js";

import { EMPTY_CODE_HASH, type AccountData } from "./account-data.js";
import { LAZY_BALANCE, LazyBalanceAccount } from "./lazy-balance-account.js";
import type { TxOverlay } from "./tx-overlay.js";
import type { ViewReads } from "./view-reads.js";

/** The placeholder balances and hidden nonces of one transaction. */
export class LazyAccounts {
  /** Addresses whose balance is a placeholder measured as a delta. */
  readonly lazy = new Set<AddressHex>();
  /** Lazy addresses whose balance is observed (recorded as read) on first read: `LazyBalanceAccount`. */
  readonly unobserved = new Set<AddressHex>();
  /** Accounts with code whose nonce (held real) is recorded as read only on first read. */
  readonly hiddenNonces = new Set<AddressHex>();

  constructor(
    private readonly reads: ViewReads,
    private readonly overlay: TxOverlay,
  ) {}

  /** Forgets the previous transaction's. */
  clear(): void {
    this.lazy.clear();
    this.unobserved.clear();
    this.hiddenNonces.clear();
  }

  /** A lazy recipient: a placeholder unless it has code (then loaded as any account). */
  startRecipient(addr: AddressHex): AccountData | undefined {
    const base = this.reads.view.account(addr);
    if (base !== undefined && base.codeHash !== EMPTY_CODE_HASH) return this.load(addr);
    return this.start(addr);
  }

  /**
   * First load of an account from the view. One that nonce or code make non-empty keeps its balance unobserved
   * (a placeholder, recorded as read only when observed: `observe`); any other is read whole, as its balance
   * decides whether it exists at all.
   */
  load(addr: AddressHex): AccountData | undefined {
    if (this.reads.seenAccounts.has(addr)) return this.reads.account(addr);
    const base = this.reads.view.account(addr);
    if (base === undefined || (base.nonce === 0n && base.codeHash === EMPTY_CODE_HASH)) return this.reads.account(addr);
    this.reads.seenAccounts.set(addr, base);
    this.unobserved.add(addr);
    return this.start(addr, base.codeHash !== EMPTY_CODE_HASH);
  }

  /** Records the read of `addr`'s nonce if it is still hidden (its value then is the one first loaded). */
  observeNonce(addr: AddressHex): void {
    if (this.hiddenNonces.delete(addr))
      this.reads.reads.set(nonceKey(addr), this.reads.seenAccounts.get(addr)?.nonce ?? 0n);
  }

  /** The nonce of `account` as the overlay holds it for `addr`: held as is while hidden, else observed. */
  heldNonce(addr: AddressHex, account: Account): bigint {
    if (account instanceof LazyBalanceAccount && account.nonceHidden) return account.heldNonce();
    this.observeNonce(addr);
    return account.nonce;
  }

  /**
   * Observes the balance of `addr` if it is still an unobserved placeholder: records the read and moves every
   * version the overlay holds to real terms. Returns what turns a placeholder-relative balance into a real one
   * (0 for an account that never had a placeholder or is still one).
   */
  observe(addr: AddressHex): bigint {
    if (this.unobserved.delete(addr)) {
      const real = this.reads.view.account(addr)?.balance ?? 0n;
      this.reads.reads.set(balanceKey(addr), real);
      this.lazy.delete(addr);
      this.overlay.shiftBalance(addr, real - LAZY_BALANCE);
    }
    const shift = this.lazy.has(addr) ? undefined : this.reads.seenAccounts.get(addr)?.balance;
    return shift === undefined ? 0n : shift - LAZY_BALANCE;
  }

  /** The balance of `account` as the overlay holds it for `addr`. */
  heldBalance(addr: AddressHex, account: Account): bigint {
    if (!(account instanceof LazyBalanceAccount) || !account.relative) {
      this.observe(addr);
      return account.balance;
    }
    return account.heldBalance() + (this.unobserved.has(addr) ? 0n : this.observe(addr));
  }

  /** Starts a placeholder balance for `addr`, recording its code and, unless `hideNonce`, its nonce as read. */
  start(addr: AddressHex, hideNonce = false): AccountData {
    const base = this.reads.view.account(addr);
    const nonce = base?.nonce ?? 0n;
    const codeHash = base?.codeHash ?? EMPTY_CODE_HASH;
    if (hideNonce) this.hiddenNonces.add(addr);
    else this.reads.reads.set(nonceKey(addr), nonce);
    this.reads.reads.set(codeKey(addr), codeHash);
    this.lazy.add(addr);
    const lazy = { nonce, balance: LAZY_BALANCE, codeHash };
    this.overlay.accounts.set(addr, lazy);
    return lazy;
  }
}

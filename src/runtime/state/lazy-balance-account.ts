/**
 * The account object `TxState` hands @ethereumjs for an account whose balance the transaction has not observed
 * yet. Its balance is kept relative to a placeholder (`TxState`'s `LAZY_BALANCE`): credits add to it without
 * reading it (`credit`, used by `evm/balance-hooks.ts` for value transfers into the account), and the first
 * read of `balance` — by any code at all: BALANCE, SELFBALANCE, a value check, a debit, a tracer — *observes*
 * it: the state records the read of the real balance and this object turns into real terms. Its emptiness is
 * answered from nonce and code when they already make it non-empty, so that EIP-161 checks (the journal's
 * clean-up of touched accounts, CALL's new-account gas, EXTCODEHASH) do not observe the balance.
 */
import { Account, bytesToHex } from "@ethereumjs/util";

import { EMPTY_CODE_HASH } from "./account-data.js";

/** How a lazy account reaches the state that made it. */
export interface BalanceObserver {
  /**
   * Observes the balance of the account (recording the read, once per transaction) and returns what to add to
   * a placeholder-relative balance to make it real.
   */
  observe(): bigint;
}

/** An account whose balance is observed on first read. */
export class LazyBalanceAccount extends Account {
  readonly #observer: BalanceObserver;
  #relative = true;
  /**
   * While true, reading `balance` shows the placeholder-relative value without observing it. Set only around
   * a comparison whose outcome no balance can change: `balance < 0` before a value-0 CALL or CREATE
   * (`evm/balance-hooks.ts`); the placeholder-relative value is positive, as every real balance is not negative.
   */
  quiet = false;

  constructor(nonce: bigint, relativeBalance: bigint, codeHash: Uint8Array, observer: BalanceObserver) {
    super(nonce, relativeBalance, undefined, codeHash);
    this.#observer = observer;
  }

  override get balance(): bigint {
    if (this.#relative && !this.quiet) this.#observe();
    return super.balance;
  }

  override set balance(value: bigint) {
    // An absolute balance written over one never read is still measured against the real one.
    if (this.#relative) this.#observe();
    super.balance = value;
  }

  /** Whether the balance is still placeholder-relative (never observed through this object). */
  get relative(): boolean {
    return this.#relative;
  }

  /** The balance as held: placeholder-relative while {@link relative}, real after. Does not observe. */
  heldBalance(): bigint {
    return this._balance ?? 0n;
  }

  /** Adds `value` to the balance without observing it. */
  credit(value: bigint): void {
    this._balance = this.heldBalance() + value;
  }

  override isEmpty(): boolean {
    if (this.#relative && (this.nonce !== 0n || bytesToHex(this.codeHash) !== EMPTY_CODE_HASH)) return false;
    return super.isEmpty();
  }

  #observe(): void {
    this._balance = this.heldBalance() + this.#observer.observe();
    this.#relative = false;
  }
}

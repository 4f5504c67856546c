/**
 * The account object `TxState` hands @ethereumjs for an account whose balance the transaction has not observed
 * yet — one that nonce or code make non-empty whatever its balance (an account without either is read whole:
 * its balance decides whether it exists). The balance is kept relative to a placeholder (`LAZY_BALANCE`):
 * credits add to it without reading it (`credit`), and the first read of `balance` by any code at all
 * *observes* it: the state records the read of the real balance and the object turns into real terms.
 *
 * Where @ethereumjs 10.1.3 (evm `evm.js`, `interpreter.js`, `opcodes/`; vm `runTx.js`) touches a balance:
 *
 * - Observes (through this getter, so recorded): BALANCE (`getExternalBalance`: `env.contract` for the own
 *   address, else a fresh account) and SELFBALANCE (`getSelfBalance`); CALL/CALLCODE with value beyond what the transaction credited
 *   (`_baseCall`'s `contract.balance < value` and the debit in `_reduceSenderBalance`); CREATE/CREATE2 the same
 *   (`create`'s check, the debit); SELFDESTRUCT (the contract's balance, and the beneficiary's `balance +=`); runTx's sender
 *   checks, up-front debit and refund; the fee payment to the coinbase (except the lazy coinbase after
 *   execution, a blind placeholder of `TxState`); EOF EXTCALL's check; EIP-7928/2780/8037 bookkeeping.
 *   `TxState` itself observes before a deletion (runTx's clean-up of accounts created and destroyed in the
 *   transaction) and before `modifyAccountFields` with a balance, and when anything puts back an account
 *   object that is not placeholder-relative. The runtime's own EVM code (`evm/word-opcodes.ts`, `sync-gas.ts`,
 *   `sync-steps.ts`, `create-address.ts` — nonce only, precompile failures) reads no balance; the debug
 *   tracers' `step.account.balance` observes (replays only).
 * - Does not observe: `_addToBalance` into a placeholder — every CALL and CREATE credits the callee, value 0
 *   included — adds to it (`evm/balance-hooks.ts`); a debit (`_reduceSenderBalance`) and the `balance < value`
 *   checks of `_baseCall` and `create` when the transaction's own credits to the account already cover the
 *   value (value 0 always; ETH passing through a router or a marketplace) subtract from it or read it `quiet`; emptiness (EIP-161
 *   clean-up of touched accounts, CALL's new-account gas, EXTCODEHASH) is answered from nonce and code
 *   (`isEmpty` below); the journal's touches and the nonce and code reads (recorded as nonce and code).
 *
 * A credit to a placeholder cannot check @ethereumjs's 2^256 − 1 overflow without reading the balance: like the
 * lazy coinbase and plain-transfer recipient, this assumes no balance comes near 2^256 (only
 * `hardhat_setBalance` could make one).
 */
import { Account, bytesToHex } from "@ethereumjs/util";

import { EMPTY_CODE_HASH } from "./account-data.js";

/** The placeholder a lazy balance is kept relative to (the coinbase's and plain-transfer recipients' too). */
export const LAZY_BALANCE = 1n << 200n;

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
   * a comparison whose outcome no balance can change: `balance < value` before a CALL or CREATE whose value
   * the account {@link covers} (`evm/balance-hooks.ts`), which the placeholder-relative value passes too.
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

  /**
   * Whether the balance is at least `value` whatever the unobserved real balance is: the credits of this
   * transaction net of its debits already cover it (a real balance is never negative).
   */
  covers(value: bigint): boolean {
    return this.#relative && this.heldBalance() - LAZY_BALANCE >= value;
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

/**
 * The account object `TxState` hands @ethereumjs for an account whose balance — or, for an account with code,
 * whose nonce — the transaction has not observed yet: one that nonce or code make non-empty whatever its balance (an account without either is read whole:
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
 *   (`isEmpty` below); the journal's touches and the nonce and code reads (recorded as nonce and code when
 *   they are: see below for the nonce).
 *
 * A credit to a placeholder cannot check @ethereumjs's 2^256 − 1 overflow without reading the balance: like the
 * lazy coinbase and plain-transfer recipient, this assumes no balance comes near 2^256 (only
 * `hardhat_setBalance` could make one).
 *
 * The nonce of an account with code is hidden the same way (its value is held, real, but the read is recorded
 * only when something reads `nonce`): within a transaction a contract's nonce changes only by its own
 * CREATE/CREATE2 (or its deletion) and decides nothing but those and collisions at its address. Where @ethereumjs 10.1.3 touches a nonce:
 *
 * - Observes (through the `nonce` getter or setter, so recorded): the account's own CREATE and CREATE2
 *   (`Interpreter.create`'s EIP-2681 check `nonce >= MAX_UINT64` after the depth and balance fail-fast checks,
 *   the CREATE address, the bump `nonce += 1`; `EVM._generateAddress`, `opcodes/gas.js`'s create target and
 *   `evm/create-address.ts` read it again); the collision check of a CREATE or CREATE2 target
 *   (`_executeCreate`'s `toAccount.nonce > 0 || code || storage`, and `create`'s with EIP-7928); runTx's
 *   sender checks and nonce bump (a sender with code: an impersonated contract, an EIP-7702-delegated EOA) and
 *   `EVM.runCall`'s; an EIP-7702 authority's `account.nonce !== authorityNonce` (a delegated EOA has code);
 *   EIP-8246's `account.nonce = 0`; EIP-7928 `addNonceChange`. `TxState` itself observes before a deletion
 *   and before `modifyAccountFields` with a nonce (both write a nonce whose no-op-ness depends on the old one),
 *   and when anything puts back an account object whose nonce is not hidden.
 * - Does not observe: emptiness (`isEmpty` below: code decides it — EIP-161 clean-up of touched accounts,
 *   CALL's and SELFDESTRUCT's new-account gas, EXTCODEHASH, EIP-8037's create target alive); `putAccount` of
 *   the callee every CALL and CREATE writes back (`heldNonce`); BALANCE, EXTCODE*, SLOAD, SSTORE, calls into
 *   the account. The runtime's own EVM code reads a nonce only in `create-address.ts` (a CREATE: observed).
 * - An account without code keeps its nonce read whenever it is loaded: it decides emptiness, and an EOA's
 *   nonce is its transactions'.
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
  /** Observes the nonce of the account (recording the read, once per transaction). */
  observeNonce(): void;
}

/** Which fields of a {@link LazyBalanceAccount} are still unobserved when it is made. */
export interface Unobserved {
  /** The balance is placeholder-relative. */
  readonly balance: boolean;
  /** The nonce (held real) is not recorded as read yet. */
  readonly nonce: boolean;
}

/** An account whose balance, and nonce if hidden, are observed on first read. */
export class LazyBalanceAccount extends Account {
  readonly #observer: BalanceObserver;
  #relative: boolean;
  #nonceHidden: boolean;
  /**
   * While true, reading `balance` shows the placeholder-relative value without observing it. Set only around
   * a comparison whose outcome no balance can change: `balance < value` before a CALL or CREATE whose value
   * the account {@link covers} (`evm/balance-hooks.ts`), which the placeholder-relative value passes too.
   */
  quiet = false;

  constructor(
    nonce: bigint,
    heldBalance: bigint,
    codeHash: Uint8Array,
    observer: BalanceObserver,
    unobserved: Unobserved = { balance: true, nonce: false },
  ) {
    super(nonce, heldBalance, undefined, codeHash);
    this.#observer = observer;
    this.#relative = unobserved.balance;
    this.#nonceHidden = unobserved.nonce;
  }

  override get nonce(): bigint {
    this.#observeNonce();
    return super.nonce;
  }

  override set nonce(value: bigint) {
    this.#observeNonce();
    super.nonce = value;
  }

  /** Whether the nonce has not been read through this object (the state has not recorded it for it). */
  get nonceHidden(): boolean {
    return this.#nonceHidden;
  }

  /** The nonce as held (the real one). Does not observe. */
  heldNonce(): bigint {
    return this._nonce ?? 0n;
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

  /** EIP-161 emptiness, decided by code before nonce and nonce before balance, so that neither is observed. */
  override isEmpty(): boolean {
    if (bytesToHex(this.codeHash) !== EMPTY_CODE_HASH) return false;
    if (this.#relative && this.nonce !== 0n) return false;
    return super.isEmpty();
  }

  #observe(): void {
    this._balance = this.heldBalance() + this.#observer.observe();
    this.#relative = false;
  }

  #observeNonce(): void {
    if (!this.#nonceHidden) return;
    this.#nonceHidden = false;
    this.#observer.observeNonce();
  }
}

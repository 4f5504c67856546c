/**
 * Hardhat's network turns EIP-3607 off: a sender with code (an impersonated contract, an account given code
 * by `hardhat_setCode`) may send, call and estimate. @ethereumjs's runTx always checks it, on its first read
 * of the sender; this mask shows that one read an empty code hash, and keeps the real one in the sender's
 * debit and nonce bump that runTx writes back from the same account object (until its next checkpoint).
 */
import type { AddressHex } from "../vocabulary.js";

import { EMPTY_CODE_HASH } from "./account-data.js";

/** The per-transaction EIP-3607 exemption of the sender. */
export class SenderCodeMask {
  #hide: AddressHex | undefined;
  #restore: { readonly address: AddressHex; readonly codeHash: string } | undefined;

  /** Starts a transaction from `sender` (undefined: no exemption). */
  begin(sender: AddressHex | undefined): void {
    this.#hide = sender;
    this.#restore = undefined;
  }

  /** The code hash a read of `address` shows. */
  shown(address: AddressHex, codeHash: string): string {
    if (address !== this.#hide) return codeHash;
    this.#hide = undefined;
    if (codeHash !== EMPTY_CODE_HASH) this.#restore = { address, codeHash };
    return EMPTY_CODE_HASH;
  }

  /** The code hash a write of `address` stores. */
  stored(address: AddressHex, codeHash: string): string {
    const restore = this.#restore;
    return restore?.address === address && codeHash === EMPTY_CODE_HASH ? restore.codeHash : codeHash;
  }

  /** runTx's first checkpoint after validation follows the sender's debit and nonce bump. */
  checkpoint(): void {
    this.#restore = undefined;
  }
}

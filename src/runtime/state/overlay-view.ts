/**
 * A state view with some locations changed: a base view plus a map of location → value. Used to replay the
 * state a transaction saw in the middle of a block (debug_traceTransaction) and by the parallel executor for
 * a transaction's view of lower transactions' writes.
 */
import {
  type AddressHex,
  balanceKey,
  codeKey,
  type LocationKey,
  type LocationValue,
  nonceKey,
  storageKey,
  storageKeyPrefix,
} from "../vocabulary.js";

import { EMPTY_CODE_HASH, isEmptyAccount, type AccountData, type StateView } from "./account-data.js";

/** `base` with `changes` on top. */
export class OverlayView implements StateView {
  constructor(
    private readonly base: StateView,
    private readonly changes: ReadonlyMap<LocationKey, LocationValue>,
    private readonly codes: ReadonlyMap<string, Uint8Array> = new Map(),
  ) {}

  account(address: AddressHex): AccountData | undefined {
    const b = this.changes.get(balanceKey(address));
    const n = this.changes.get(nonceKey(address));
    const c = this.changes.get(codeKey(address));
    const base = this.base.account(address);
    if (b === undefined && n === undefined && c === undefined) return base;
    const account: AccountData = {
      balance: (b as bigint | undefined) ?? base?.balance ?? 0n,
      nonce: (n as bigint | undefined) ?? base?.nonce ?? 0n,
      codeHash: (c as string | undefined) ?? base?.codeHash ?? EMPTY_CODE_HASH,
    };
    return isEmptyAccount(account) ? undefined : account;
  }

  storage(address: AddressHex, slot: string): bigint {
    const v = this.changes.get(storageKey(address, slot));
    return v === undefined ? this.base.storage(address, slot) : (v as bigint);
  }

  code(codeHash: string): Uint8Array {
    return this.codes.get(codeHash) ?? this.base.code(codeHash);
  }

  *storageSlots(address: AddressHex): Iterable<[string, bigint]> {
    const prefix = storageKeyPrefix(address);
    const seen = new Set<string>();
    for (const key of this.changes.keys()) if (key.startsWith(prefix)) seen.add(key.slice(prefix.length));
    for (const [slot] of this.base.storageSlots(address)) seen.add(slot);
    for (const slot of seen) {
      const value = this.storage(address, slot);
      if (value !== 0n) yield [slot, value];
    }
  }
}

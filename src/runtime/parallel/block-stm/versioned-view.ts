/**
 * The state one transaction sees in the middle of a block: the multi-version memory read at its position.
 * A final incarnation runs over it at the commit point, when every lower transaction is final, so it never
 * meets an ESTIMATE; meeting one is a scheduling bug and throws rather than guessing.
 */
import { EMPTY_CODE_HASH, isEmptyAccount, type AccountData, type StateView } from "../../state/account-data.js";
import {
  type AddressHex,
  balanceKey,
  codeKey,
  type LocationKey,
  type LocationValue,
  nonceKey,
  storageKey,
  storageKeyPrefix,
  type TxIndex,
} from "../../vocabulary.js";

import type { MultiVersionMemory } from "./multi-version-memory.js";

/** `memory` as seen by transaction `reader`. */
export class VersionedView implements StateView {
  constructor(
    private readonly memory: MultiVersionMemory,
    private readonly reader: TxIndex,
  ) {}

  account(address: AddressHex): AccountData | undefined {
    const account: AccountData = {
      balance: this.#value(balanceKey(address)) as bigint,
      nonce: this.#value(nonceKey(address)) as bigint,
      codeHash: this.#value(codeKey(address)) as string,
    };
    return isEmptyAccount(account) ? undefined : account;
  }

  storage(address: AddressHex, slot: string): bigint {
    return this.#value(storageKey(address, slot)) as bigint;
  }

  code(codeHash: string): Uint8Array {
    if (codeHash === EMPTY_CODE_HASH) return new Uint8Array(0);
    return this.memory.code(codeHash) ?? this.memory.base.code(codeHash);
  }

  *storageSlots(address: AddressHex): Iterable<[string, bigint]> {
    const prefix = storageKeyPrefix(address);
    const slots = new Set<string>();
    for (const [slot] of this.memory.base.storageSlots(address)) slots.add(slot);
    for (const key of this.memory.keysWithPrefix(prefix)) slots.add(key.slice(prefix.length));
    for (const slot of slots) {
      const value = this.storage(address, slot);
      if (value !== 0n) yield [slot, value];
    }
  }

  #value(key: LocationKey): LocationValue {
    const read = this.memory.read(key, this.reader);
    if (read.kind === "estimate") {
      throw new Error(`tx ${this.reader} read ${key} below ESTIMATE of tx ${read.blocking} at its commit point`);
    }
    return read.value;
  }
}

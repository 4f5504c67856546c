/**
 * The end of a transaction in `TxState`: its write set and deltas, computed once by comparing what its overlay
 * holds with the values it first saw, so that no-op writes (the EVM rewrites the callee account on every call)
 * never appear; a balance still relative to a placeholder becomes a delta.
 */
import {
  balanceKey,
  codeKey,
  nonceKey,
  storageKey,
  type AccessSets,
  type AddressHex,
  type DeltaSet,
  type ReadSet,
  type WriteSet,
} from "../vocabulary.js";

import { EMPTY_ACCOUNT, type AccountData, type StateView } from "./account-data.js";
import { LAZY_BALANCE } from "./lazy-balance-account.js";
import type { TxOverlay } from "./tx-overlay.js";

/** What the collection needs of a finished transaction. */
export interface FinishedTx {
  readonly overlay: TxOverlay;
  readonly view: StateView;
  /** The reads so far (clearing a storage adds the slots it cleared). */
  readonly reads: ReadSet;
  /** The account as the transaction first saw it (read and recorded now if it never loaded it). */
  baseAccount(addr: AddressHex): AccountData | undefined;
  /** The storage word as the transaction first saw it (read and recorded now if it never loaded it). */
  baseStorage(addr: AddressHex, slot: string): bigint;
  /** Whether `addr`'s balance is still relative to `LAZY_BALANCE` (never observed). */
  isLazy(addr: AddressHex): boolean;
}

/** The transaction's recorded accesses. */
export function collectAccesses(tx: FinishedTx): AccessSets {
  const writes: WriteSet = new Map();
  const deltas: DeltaSet = new Map();
  const codes = new Map<string, Uint8Array>();
  const { overlay, view } = tx;
  for (const [addr, data] of overlay.accounts)
    collectAccount(tx, addr, data ?? EMPTY_ACCOUNT, { writes, deltas, codes });
  for (const addr of overlay.cleared) {
    for (const [slot, value] of view.storageSlots(addr)) {
      const key = storageKey(addr, slot);
      tx.reads.set(key, value);
      if (overlay.storage.get(addr)?.has(slot) !== true) writes.set(key, 0n);
    }
  }
  for (const [addr, slots] of overlay.storage) {
    for (const [slot, value] of slots) {
      const base = overlay.cleared.has(addr) ? view.storage(addr, slot) : tx.baseStorage(addr, slot);
      if (value !== base) writes.set(storageKey(addr, slot), value);
    }
  }
  return { reads: tx.reads, writes, deltas, codes };
}

function collectAccount(tx: FinishedTx, addr: AddressHex, next: AccountData, out: Omit<AccessSets, "reads">): void {
  const lazy = tx.isLazy(addr);
  const base = (lazy ? tx.view.account(addr) : tx.baseAccount(addr)) ?? EMPTY_ACCOUNT;
  if (lazy) {
    if (next.balance !== LAZY_BALANCE) out.deltas.set(balanceKey(addr), next.balance - LAZY_BALANCE);
  } else if (next.balance !== base.balance) {
    out.writes.set(balanceKey(addr), next.balance);
  }
  if (next.nonce !== base.nonce) out.writes.set(nonceKey(addr), next.nonce);
  if (next.codeHash !== base.codeHash) {
    out.writes.set(codeKey(addr), next.codeHash);
    const code = tx.overlay.codes.get(next.codeHash);
    if (code !== undefined) out.codes.set(next.codeHash, code);
  }
}

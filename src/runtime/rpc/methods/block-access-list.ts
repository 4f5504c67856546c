/**
 * A block's recorded accesses as an EIP-7928 block access list: per account (sorted by address), the
 * post-transaction values of every balance, nonce, code and storage change with its block access index
 * (transaction index + 1), and the storage slots read but never changed. Balance deltas (lazy coinbase fees,
 * lazy credits) are resolved to post values by replaying the block's changes over its pre-state. A write that
 * leaves the value as it was before the transaction is not a change: a storage one counts as a read, a balance
 * or nonce one is dropped (the account stays listed), as the EIP asks.
 *
 * Two encodings: the JSON clients serve from `eth_getBlockAccessList` (execution-apis'
 * `BlockAccessList`: `storageChanges[{key, changes[{index, value}]}]`, `balanceChanges[{index, value}]`...,
 * every field present) and the RLP of the block body (`debug_getRawBlockAccessList`), with storage keys and
 * values as integers like the execution specs' `rlp_types`.
 */
import { RLP } from "@ethereumjs/rlp";

import type { Chain, StoredBlock } from "../../chain/chain.js";
import type { StateView } from "../../state/account-data.js";
import { bigIntToMinimalBytes, bigIntToWordHex, fromHex, quantity, toHex } from "../../util/hex.js";
import { parseLocationKey, type LocationKey, type LocationValue } from "../../vocabulary.js";

/** One change: the block access index and the post value. */
interface Change<T> {
  readonly index: number;
  readonly value: T;
}

/** The changes and reads of one account in a block. */
export interface AccountChanges {
  readonly address: string;
  readonly storage: Map<string, Array<Change<bigint>>>;
  readonly reads: Set<string>;
  readonly balance: Array<Change<bigint>>;
  readonly nonce: Array<Change<bigint>>;
  readonly code: Array<Change<Uint8Array>>;
}

function entryOf(accounts: Map<string, AccountChanges>, address: string): AccountChanges {
  let entry = accounts.get(address);
  if (entry === undefined) {
    entry = { address, storage: new Map(), reads: new Set(), balance: [], nonce: [], code: [] };
    accounts.set(address, entry);
  }
  return entry;
}

/** The value of `key` before the current transaction: the block's running value or the pre-state's. */
function valueBefore(pre: StateView, running: Map<LocationKey, LocationValue>, key: LocationKey): LocationValue {
  const known = running.get(key);
  if (known !== undefined) return known;
  const location = parseLocationKey(key);
  if (location.kind === "storage") return pre.storage(location.address, location.slot);
  const account = pre.account(location.address);
  if (location.kind === "balance") return account?.balance ?? 0n;
  if (location.kind === "nonce") return account?.nonce ?? 0n;
  return account?.codeHash ?? "";
}

function record(chain: Chain, entry: AccountChanges, key: LocationKey, value: LocationValue, index: number): void {
  const location = parseLocationKey(key);
  if (location.kind === "balance") entry.balance.push({ index, value: value as bigint });
  else if (location.kind === "nonce") entry.nonce.push({ index, value: value as bigint });
  else if (location.kind === "code") entry.code.push({ index, value: chain.state.code(value as string) });
  else {
    const list = entry.storage.get(location.slot) ?? [];
    list.push({ index, value: value as bigint });
    entry.storage.set(location.slot, list);
  }
}

/** The changes and reads of every account `stored` touched, sorted by address. */
export function blockAccountChanges(chain: Chain, stored: StoredBlock): AccountChanges[] {
  const pre = chain.state.viewAt(stored.preStateMark);
  const running = new Map<LocationKey, LocationValue>();
  const accounts = new Map<string, AccountChanges>();
  stored.executed.forEach((e, i) => {
    const index = i + 1;
    const posts = new Map<LocationKey, LocationValue>();
    for (const [key, value] of e.access.writes) posts.set(key, value);
    for (const [key, delta] of e.access.deltas) {
      const base = posts.get(key) ?? valueBefore(pre, running, key);
      posts.set(key, (base as bigint) + delta);
    }
    for (const key of e.access.reads.keys()) {
      const location = parseLocationKey(key);
      const entry = entryOf(accounts, location.address);
      if (location.kind === "storage") entry.reads.add(location.slot);
    }
    for (const [key, value] of posts) {
      const location = parseLocationKey(key);
      const entry = entryOf(accounts, location.address);
      if (value === valueBefore(pre, running, key)) {
        if (location.kind === "storage") entry.reads.add(location.slot);
        continue;
      }
      record(chain, entry, key, value, index);
    }
    for (const [key, value] of posts) running.set(key, value);
  });
  return [...accounts.keys()].sort().map((address) => entryOf(accounts, address));
}

const word = bigIntToWordHex;
const int = (v: bigint | number): Uint8Array => bigIntToMinimalBytes(BigInt(v));
const bySlot = (x: string, y: string): number => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0);

/** Slots changed, and slots only read, in numeric order. */
function slotsOf(a: AccountChanges): { changed: string[]; read: string[] } {
  const changed = [...a.storage.keys()].sort(bySlot);
  const read = [...a.reads].filter((s) => !a.storage.has(s)).sort(bySlot);
  return { changed, read };
}

/** One account in execution-apis' JSON shape (every field present). */
function accountJson(a: AccountChanges): Record<string, unknown> {
  const { changed, read } = slotsOf(a);
  return {
    address: a.address,
    storageChanges: changed.map((slot) => ({
      key: word(BigInt(slot)),
      changes: (a.storage.get(slot) ?? []).map((c) => ({ index: quantity(c.index), value: word(c.value) })),
    })),
    storageReads: read.map((s) => word(BigInt(s))),
    balanceChanges: a.balance.map((c) => ({ index: quantity(c.index), value: quantity(c.value) })),
    nonceChanges: a.nonce.map((c) => ({ index: quantity(c.index), value: quantity(c.value) })),
    codeChanges: a.code.map((c) => ({ index: quantity(c.index), code: toHex(c.value) })),
  };
}

/** The EIP-7928 access list of a mined block, as `eth_getBlockAccessList` answers it. */
export function blockAccessList(chain: Chain, stored: StoredBlock): unknown[] {
  return blockAccountChanges(chain, stored).map(accountJson);
}

/** The RLP encoding of the block's access list (hex), as `debug_getRawBlockAccessList` answers it. */
export function rawBlockAccessList(chain: Chain, stored: StoredBlock): string {
  const accounts = blockAccountChanges(chain, stored).map((a) => {
    const { changed, read } = slotsOf(a);
    return [
      fromHex(a.address),
      changed.map((slot) => [int(BigInt(slot)), (a.storage.get(slot) ?? []).map((c) => [int(c.index), int(c.value)])]),
      read.map((s) => int(BigInt(s))),
      a.balance.map((c) => [int(c.index), int(c.value)]),
      a.nonce.map((c) => [int(c.index), int(c.value)]),
      a.code.map((c) => [int(c.index), c.value]),
    ];
  });
  return toHex(RLP.encode(accounts));
}

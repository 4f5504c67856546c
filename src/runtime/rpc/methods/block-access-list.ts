/**
 * A block's recorded accesses in EIP-7928's block-access-list shape: per account (sorted by address), the
 * post-transaction values of every balance, nonce, code and storage change with its block access index
 * (transaction index + 1), and the storage slots read but never written. Balance deltas (lazy coinbase fees,
 * lazy credits) are resolved to post values by replaying the block's changes over its pre-state.
 */
import type { Chain, StoredBlock } from "../../chain/chain.js";
import { quantity, toHex } from "../../util/hex.js";
import { parseLocationKey, type LocationKey, type LocationValue } from "../../vocabulary.js";

interface AccountEntry {
  balanceChanges: Array<{ blockAccessIndex: string; postBalance: string }>;
  nonceChanges: Array<{ blockAccessIndex: string; postNonce: string }>;
  codeChanges: Array<{ blockAccessIndex: string; newCode: string }>;
  storageChanges: Map<string, Array<{ blockAccessIndex: string; postValue: string }>>;
  storageReads: Set<string>;
}

function entryOf(accounts: Map<string, AccountEntry>, address: string): AccountEntry {
  let entry = accounts.get(address);
  if (entry === undefined) {
    entry = {
      balanceChanges: [],
      nonceChanges: [],
      codeChanges: [],
      storageChanges: new Map(),
      storageReads: new Set(),
    };
    accounts.set(address, entry);
  }
  return entry;
}

function record(chain: Chain, entry: AccountEntry, key: LocationKey, value: LocationValue, index: string): void {
  const location = parseLocationKey(key);
  if (location.kind === "balance")
    entry.balanceChanges.push({ blockAccessIndex: index, postBalance: quantity(value as bigint) });
  else if (location.kind === "nonce")
    entry.nonceChanges.push({ blockAccessIndex: index, postNonce: quantity(value as bigint) });
  else if (location.kind === "code")
    entry.codeChanges.push({ blockAccessIndex: index, newCode: toHex(chain.state.code(value as string)) });
  else {
    const list = entry.storageChanges.get(location.slot) ?? [];
    list.push({ blockAccessIndex: index, postValue: `0x${(value as bigint).toString(16).padStart(64, "0")}` });
    entry.storageChanges.set(location.slot, list);
  }
}

/** The EIP-7928 access list of a mined block. */
export function blockAccessList(chain: Chain, stored: StoredBlock): unknown[] {
  const pre = chain.state.viewAt(stored.preStateMark);
  const running = new Map<LocationKey, bigint>();
  const accounts = new Map<string, AccountEntry>();
  stored.executed.forEach((e, i) => {
    const index = quantity(i + 1);
    for (const key of e.access.reads.keys()) {
      const location = parseLocationKey(key);
      const entry = entryOf(accounts, location.address);
      if (location.kind === "storage") entry.storageReads.add(location.slot);
    }
    for (const [key, value] of e.access.writes) {
      if (typeof value === "bigint") running.set(key, value);
      record(chain, entryOf(accounts, parseLocationKey(key).address), key, value, index);
    }
    for (const [key, delta] of e.access.deltas) {
      const address = parseLocationKey(key).address;
      const post = (running.get(key) ?? pre.account(address)?.balance ?? 0n) + delta;
      running.set(key, post);
      record(chain, entryOf(accounts, address), key, post, index);
    }
  });
  return [...accounts.keys()].sort().map((address) => {
    const a = entryOf(accounts, address);
    const slots = [...a.storageChanges.keys()].sort();
    return {
      address,
      balanceChanges: a.balanceChanges,
      nonceChanges: a.nonceChanges,
      codeChanges: a.codeChanges,
      storageChanges: slots.map((slot) => ({ slot, slotChanges: a.storageChanges.get(slot) ?? [] })),
      storageReads: [...a.storageReads].filter((s) => !a.storageChanges.has(s)).sort(),
    };
  });
}

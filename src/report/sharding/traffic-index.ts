/**
 * One pass over a workload's blocks that every part of the sharding what-if reads: which addresses each
 * transaction touches (the rules are in access-graph.ts), which accounts the traffic writes, which accounts
 * own storage, and how many transactions touch each storage location. Keys are read with the runtime's key
 * codec accessors once per transaction, never parsed again downstream.
 */
import type { CallFrame } from "../../runtime/execution-record.js";
import { isStorageKey, keyAddress, keyKind, type LocationKey } from "../../runtime/vocabulary.js";
import { gasOf, type BlockTrace } from "../record/block-trace.js";

/** A transaction as the graph builder takes it: addresses instead of account indices. */
export interface PlainTransaction {
  readonly block: number;
  readonly gas: number;
  /** Lowercase addresses touched, any order, no duplicates. */
  readonly addresses: readonly string[];
  readonly to: string | undefined;
  readonly calls: readonly CallFrame[] | undefined;
}

/** What the what-if reads of the traffic. */
export interface TrafficIndex {
  /** Every transaction with every address it touches (read-only accounts included). */
  readonly transactions: readonly PlainTransaction[];
  /** Accounts some transaction writes (its own sender's nonce and balance aside). */
  readonly written: ReadonlySet<string>;
  /** Accounts whose storage the traffic reads or writes. */
  readonly storageOwners: ReadonlySet<string>;
  /** Per account: its storage locations with the transactions touching each. */
  readonly slotTouches: ReadonlyMap<string, ReadonlyMap<LocationKey, number>>;
}

/** Precompiles and other system addresses at or below 0xff. */
function isPrecompile(address: string): boolean {
  return address.startsWith("0x00000000000000000000000000000000000000");
}

function lowerCalls(calls: readonly CallFrame[] | undefined): CallFrame[] | undefined {
  return calls?.map((c) => ({ from: c.from.toLowerCase(), to: c.to.toLowerCase(), input: c.input }));
}

interface Accumulator {
  readonly written: Set<string>;
  readonly storageOwners: Set<string>;
  readonly slotTouches: Map<string, Map<LocationKey, number>>;
}

/** Addresses one transaction touches (see access-graph.ts), recording writes and storage on the way. */
function touched(tx: BlockTrace["transactions"][number], acc: Accumulator): Set<string> {
  const sender = tx.sender?.toLowerCase();
  const out = new Set<string>();
  if (tx.to !== undefined) out.add(tx.to.toLowerCase());
  const storage = new Set<LocationKey>();
  const credited = new Set(tx.deltas);
  const visit = (key: LocationKey, write: boolean): void => {
    // A read of a location the transaction credits commutatively (the coinbase fee) binds it to no shard.
    if (!write && credited.has(key)) return;
    const address = keyAddress(key);
    const own = address === sender && (keyKind(key) === "balance" || keyKind(key) === "nonce");
    if (isStorageKey(key)) {
      storage.add(key);
      acc.storageOwners.add(address);
    }
    if (own) return;
    out.add(address);
    if (write) acc.written.add(address);
  };
  for (const key of tx.reads) visit(key, false);
  for (const key of tx.writes) visit(key, true);
  for (const key of storage) {
    const address = keyAddress(key);
    const slots = acc.slotTouches.get(address) ?? new Map<LocationKey, number>();
    slots.set(key, (slots.get(key) ?? 0) + 1);
    acc.slotTouches.set(address, slots);
  }
  for (const frame of tx.calls ?? []) out.add(frame.to.toLowerCase());
  if (sender !== undefined && tx.to?.toLowerCase() !== sender) out.delete(sender);
  for (const address of out) if (isPrecompile(address)) out.delete(address);
  return out;
}

/** Indexes a workload's blocks (see the header). */
export function indexTraffic(blocks: readonly BlockTrace[]): TrafficIndex {
  const acc: Accumulator = { written: new Set(), storageOwners: new Set(), slotTouches: new Map() };
  const transactions = blocks.flatMap((block, position) =>
    block.transactions.map((tx): PlainTransaction => ({
      block: position,
      gas: gasOf(tx),
      addresses: [...touched(tx, acc)],
      to: tx.to?.toLowerCase(),
      calls: lowerCalls(tx.calls),
    })),
  );
  return { transactions, ...acc };
}

/** Accounts the traffic touches but never writes (replicated on every shard), sorted. */
export function readOnlyAccounts(index: TrafficIndex): string[] {
  const all = new Set(index.transactions.flatMap((tx) => tx.addresses));
  return [...all].filter((a) => !index.written.has(a)).sort();
}

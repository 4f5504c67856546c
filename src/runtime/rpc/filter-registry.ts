/**
 * Log and block filters (eth_newFilter, eth_newBlockFilter, eth_getFilterChanges, eth_getFilterLogs,
 * eth_uninstallFilter) and the log query behind them and eth_getLogs.
 */
import type { Chain, StoredBlock } from "../chain/chain.js";
import { toHex } from "../util/hex.js";

import { firstLogIndex, logJson } from "./serialize.js";

/** A log query: block range, addresses, and topics per position (null: any; array: any of). */
export interface LogQuery {
  readonly fromBlock: bigint | "latest";
  readonly toBlock: bigint | "latest";
  readonly blockHash?: string;
  readonly addresses: readonly string[];
  readonly topics: ReadonlyArray<readonly string[] | null>;
}

type Filter =
  | { kind: "logs"; query: LogQuery; pending: unknown[] }
  | { kind: "blocks"; pending: string[] }
  | { kind: "transactions"; pending: string[] };

/** Whether block `n` is within the query's range ("latest" bounds take every block). */
function inRange(query: LogQuery, n: bigint): boolean {
  return (query.fromBlock === "latest" || n >= query.fromBlock) && (query.toBlock === "latest" || n <= query.toBlock);
}

function matches(query: LogQuery, address: string, topics: readonly string[]): boolean {
  if (query.addresses.length > 0 && !query.addresses.includes(address)) return false;
  if (query.topics.length > topics.length) return false;
  // An empty list at a position matches no topic (as on Hardhat's network); null matches any.
  return query.topics.every((wanted, i) => wanted === null || wanted.includes(topics[i] ?? ""));
}

function logsOfBlock(stored: StoredBlock, query: LogQuery): unknown[] {
  const out: unknown[] = [];
  stored.executed.forEach((e, txIndex) => {
    const first = firstLogIndex(stored, txIndex);
    e.logs.forEach((log, i) => {
      if (matches(query, toHex(log[0]), log[1].map(toHex))) out.push(logJson(stored, txIndex, first + i, log));
    });
  });
  return out;
}

/** Logs matching `query` on `chain`. */
export function queryLogs(chain: Chain, query: LogQuery, after?: bigint): unknown[] {
  if (query.blockHash !== undefined) {
    const stored = chain.blockByHash(query.blockHash);
    return stored === undefined ? [] : logsOfBlock(stored, query);
  }
  const latest = chain.latest.number;
  const from = query.fromBlock === "latest" ? latest : query.fromBlock;
  const to = query.toBlock === "latest" ? latest : query.toBlock;
  const start = after !== undefined && after + 1n > from ? after + 1n : from;
  const out: unknown[] = [];
  for (let n = start; n <= to && n <= latest; n++) {
    if (chain.isUnmadeReserved(n)) continue;
    const stored = chain.blockByNumber(n);
    if (stored !== undefined) out.push(...logsOfBlock(stored, query));
  }
  return out;
}

/**
 * The filters of one connection, kept as Hardhat's network keeps them: a filter collects what it will report
 * when blocks are mined (a block reverted later by evm_revert stays reported), and a poll hands the collected
 * items over and forgets them.
 */
export class FilterRegistry {
  readonly #filters = new Map<string, Filter>();
  #next = 1;

  /** Installs a log filter; its first poll reports the matching logs already in its range. Returns its id. */
  addLogFilter(query: LogQuery, chain: Chain): string {
    return this.#add({ kind: "logs", query, pending: queryLogs(chain, query) });
  }

  /** Installs a new-block filter; its first poll includes the block latest now. Returns its id. */
  addBlockFilter(chain: Chain): string {
    return this.#add({ kind: "blocks", pending: [chain.latest.hash] });
  }

  /** Installs a pending-transaction filter: it reports the hash of every transaction pooled after it. */
  addTransactionFilter(): string {
    return this.#add({ kind: "transactions", pending: [] });
  }

  /** Collects the hash of a transaction that entered the pool (automined ones too, as on Hardhat's network). */
  onTransactionPooled(hash: string): void {
    for (const filter of this.#filters.values()) if (filter.kind === "transactions") filter.pending.push(hash);
  }

  /** Collects a newly mined block's hash and matching logs. */
  onBlockMined(stored: StoredBlock): void {
    for (const filter of this.#filters.values()) {
      if (filter.kind === "blocks") filter.pending.push(stored.hash);
      else if (filter.kind === "logs" && filter.query.blockHash === undefined && inRange(filter.query, stored.number)) {
        filter.pending.push(...logsOfBlock(stored, filter.query));
      }
    }
  }

  /** Removes a filter; false if unknown. */
  remove(id: string): boolean {
    return this.#filters.delete(id);
  }

  /** What the filter collected since the last call (and forgets it), or undefined for an unknown id. */
  changes(id: string): unknown[] | undefined {
    const filter = this.#filters.get(id);
    if (filter === undefined) return undefined;
    const items = filter.pending;
    filter.pending = [];
    return items;
  }

  /** The kind of filter `id`, or undefined for an unknown id. */
  kind(id: string): Filter["kind"] | undefined {
    return this.#filters.get(id)?.kind;
  }

  /** Forgets every filter (hardhat_reset). */
  clear(): void {
    this.#filters.clear();
  }

  /** Takes the next id: filters and subscriptions count on one counter, as on Hardhat's network. */
  nextId(): string {
    return `0x${(this.#next++).toString(16)}`;
  }

  #add(filter: Filter): string {
    const id = this.nextId();
    this.#filters.set(id, filter);
    return id;
  }
}

/**
 * Log and block filters (eth_newFilter, eth_newBlockFilter, eth_getFilterChanges, eth_getFilterLogs,
 * eth_uninstallFilter) and the log query behind them and eth_getLogs. A filter remembers the last block it
 * reported, so `getFilterChanges` returns only what is new.
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

type Filter = { kind: "logs"; query: LogQuery; lastBlock: bigint } | { kind: "blocks"; lastBlock: bigint };

/** Whether a log matches: every topic position of the query must exist in the log, even a `null` one. */
function matches(query: LogQuery, address: string, topics: readonly string[]): boolean {
  if (query.addresses.length > 0 && !query.addresses.includes(address)) return false;
  if (query.topics.length > topics.length) return false;
  return query.topics.every((wanted, i) => wanted === null || wanted.length === 0 || wanted.includes(topics[i] ?? ""));
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
    const stored = chain.blockByNumber(n);
    if (stored !== undefined) out.push(...logsOfBlock(stored, query));
  }
  return out;
}

/** The filters of one connection. */
export class FilterRegistry {
  readonly #filters = new Map<string, Filter>();
  #next = 1;

  /**
   * Installs a log filter; returns its id. As on EDR, the first `changes` of a filter whose `fromBlock` is a
   * past block number reports the logs from that block on; otherwise only logs of blocks mined afterwards.
   */
  addLogFilter(query: LogQuery, latest: bigint): string {
    const from = query.fromBlock === "latest" || query.fromBlock > latest ? latest : query.fromBlock - 1n;
    return this.#add({ kind: "logs", query, lastBlock: from });
  }

  /** Installs a new-block filter; returns its id. As on EDR, its first poll includes the block latest now. */
  addBlockFilter(latest: bigint): string {
    return this.#add({ kind: "blocks", lastBlock: latest - 1n });
  }

  /** Removes a filter; false if unknown. */
  remove(id: string): boolean {
    return this.#filters.delete(id);
  }

  /** Everything new since the last call, or undefined for an unknown id. */
  changes(id: string, chain: Chain): unknown[] | undefined {
    const filter = this.#filters.get(id);
    if (filter === undefined) return undefined;
    const latest = chain.latest.number;
    const since = filter.lastBlock > latest ? latest : filter.lastBlock;
    filter.lastBlock = latest;
    if (filter.kind === "logs") return queryLogs(chain, filter.query, since);
    const hashes: string[] = [];
    for (let n = since + 1n; n <= latest; n++) hashes.push(chain.blockByNumber(n)?.hash ?? "");
    return hashes;
  }

  /** The kind of filter `id`, or undefined for an unknown id. */
  kind(id: string): Filter["kind"] | undefined {
    return this.#filters.get(id)?.kind;
  }

  /** Forgets every filter (hardhat_reset). */
  clear(): void {
    this.#filters.clear();
  }

  #add(filter: Filter): string {
    const id = `0x${(this.#next++).toString(16)}`;
    this.#filters.set(id, filter);
    return id;
  }
}

/**
 * eth_getLogs and the filter methods.
 */
import type { Chain } from "../../chain/chain.js";
import { resolveBlock } from "../block-resolution.js";
import type { LogQuery } from "../filter-registry.js";
import { queryLogs } from "../filter-registry.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { addressParam, blockSpecParam, hashParam, objectParam, quantityParam } from "../params.js";
import { invalidArgument, invalidParams } from "../rpc-error.js";

function blockBound(chain: Chain, value: unknown, name: string): bigint | "latest" {
  if (
    value === undefined ||
    value === null ||
    value === "latest" ||
    value === "pending" ||
    value === "safe" ||
    value === "finalized"
  ) {
    return "latest";
  }
  // A block number above the head is kept (a range up to it stops at the head, as on EDR).
  const ref = blockSpecParam([value], 0, name);
  return ref.kind === "number" ? ref.number : resolveBlock(chain, ref).number;
}

function topicList(value: unknown): Array<string[] | null> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParams("invalid value for filter.topics: expected an array");
  return value.map((t: unknown, i) => {
    if (t === null) return null;
    const list = Array.isArray(t) ? t : [t];
    return list.map((x: unknown, j) => hashParam([x], 0, `filter.topics[${i}]${Array.isArray(t) ? `[${j}]` : ""}`));
  });
}

/** Reads a log filter object. */
export function logQueryParam(chain: Chain, params: unknown[], index: number): LogQuery {
  const o = objectParam(params, index, "filter");
  const rawAddress = o.address;
  const addresses =
    rawAddress === undefined || rawAddress === null ? [] : Array.isArray(rawAddress) ? rawAddress : [rawAddress];
  const query: LogQuery = {
    fromBlock: blockBound(chain, o.fromBlock, "filter.fromBlock"),
    toBlock: blockBound(chain, o.toBlock, "filter.toBlock"),
    blockHash: o.blockHash === undefined ? undefined : hashParam([o.blockHash], 0, "filter.blockHash"),
    addresses: addresses.map((a: unknown, i) => addressParam([a], 0, `filter.address[${i}]`)),
    topics: topicList(o.topics),
  };
  if (query.blockHash !== undefined && (o.fromBlock !== undefined || o.toBlock !== undefined)) {
    // Hardhat's network's own words, with `data: null`.
    throw invalidArgument("blockHash is mutually exclusive with fromBlock/toBlock");
  }
  // Hardhat's network refuses a filter on a block it does not have, with `data: null`.
  if (query.blockHash !== undefined && chain.blockByHash(query.blockHash) === undefined) {
    throw invalidArgument("blockHash cannot be found");
  }
  return query;
}

function filterId(params: unknown[]): string {
  // Read as a plain number where given as one (decimal digits, a JSON number), as on Hardhat's network.
  return `0x${quantityParam(params, 0, "filterId", true).toString(16)}`;
}

/** Log and filter methods. */
export function filterMethods(ctx: MethodContext): Record<string, MethodHandler> {
  return {
    eth_getLogs: (p) => queryLogs(ctx.chain, logQueryParam(ctx.chain, p, 0)),
    eth_newFilter: (p) => ctx.filters.addLogFilter(logQueryParam(ctx.chain, p, 0), ctx.chain),
    eth_newBlockFilter: () => ctx.filters.addBlockFilter(ctx.chain),
    eth_newPendingTransactionFilter: () => ctx.filters.addTransactionFilter(),
    // EDR answers null for a filter it does not know.
    eth_getFilterChanges: (p) => ctx.filters.changes(filterId(p)) ?? null,
    // As on EDR: null for an unknown filter; for a log filter, the logs not reported yet (which then count
    // as reported), as eth_getFilterChanges.
    eth_getFilterLogs: (p) => {
      const kind = ctx.filters.kind(filterId(p));
      if (kind === undefined) return null;
      if (kind !== "logs") {
        const id = quantityParam(p, 0, "filterId", true);
        const named = kind === "blocks" ? "NewHeads" : "NewPendingTransactions";
        throw invalidArgument(`Subscription ${id} is not a Logs subscription, but a ${named} subscription`);
      }
      return ctx.filters.changes(filterId(p));
    },
    eth_uninstallFilter: (p) => ctx.filters.remove(filterId(p)),
  };
}

/**
 * `eth_subscribe` of one client (a WebSocket client of the standalone node, or the plugin's connection):
 * `newHeads`, `logs` and `newPendingTransactions` subscriptions. The owner calls `publish` whenever the chain may
 * have grown (every block mined since the last call is sent to each subscription as an `eth_subscription`
 * notification, in order) and `pooled` with each transaction entering the pool.
 */
import type { Chain } from "../chain/chain.js";
import type { LogQuery } from "../rpc/filter-registry.js";
import { queryLogs } from "../rpc/filter-registry.js";
import { logQueryParam } from "../rpc/methods/filter-methods.js";
import { maxParams, objectParam, quantityParam } from "../rpc/params.js";
import { invalidParams } from "../rpc/rpc-error.js";
import { blockJson } from "../rpc/serialize.js";

type Subscription = { kind: "newHeads" } | { kind: "newPendingTransactions" } | { kind: "logs"; query: LogQuery };

/** Sends one JSON message to the client. */
export type Send = (message: unknown) => void;

/** The subscriptions of one client. */
export class Subscriptions {
  readonly #subscriptions = new Map<string, Subscription>();
  #lastBlock: bigint;
  #chain: Chain;

  constructor(
    chain: Chain,
    private readonly send: Send,
    /** Ids of new subscriptions: the provider's filter counter, as on Hardhat's network (`0x1`, `0x2`, …). */
    private readonly nextId: () => string,
  ) {
    this.#chain = chain;
    this.#lastBlock = chain.latest.number;
  }

  /**
   * `eth_subscribe`: returns the subscription id. As on Hardhat's network, at most two params, and the second
   * (a log filter) an object or null whatever the kind, and given for `logs`.
   */
  subscribe(chain: Chain, params: unknown[]): string {
    this.#sync(chain);
    maxParams(params, 2);
    const kind = params[0];
    const filter = params[1] === undefined || params[1] === null ? undefined : objectParam(params, 1, "filter");
    let subscription: Subscription;
    if (kind === "newHeads" || kind === "newPendingTransactions") subscription = { kind };
    else if (kind === "logs" && filter === undefined) throw invalidParams("Missing params argument");
    else if (kind === "logs") subscription = { kind, query: logQueryParam(chain, [filter], 0) };
    else
      throw invalidParams(
        `invalid value for parameter 0 (subscription): "newHeads", "newPendingTransactions" or "logs", got ${String(kind)}`,
      );
    const id = this.nextId();
    this.#subscriptions.set(id, subscription);
    return id;
  }

  /**
   * `eth_unsubscribe`: whether the id was known. As on Hardhat's network, exactly one param, a quantity (an id
   * written with leading zeros is the same id; decimal digits and JSON numbers read as numbers).
   */
  unsubscribe(params: unknown[]): boolean {
    maxParams(params, 1);
    const id = quantityParam(params, 0, "subscriptionId", true);
    for (const known of this.#subscriptions.keys()) {
      if (BigInt(known) === id) return this.#subscriptions.delete(known);
    }
    return false;
  }

  /** Notifies the `newPendingTransactions` subscriptions of a transaction that entered the pool. */
  pooled(hash: string): void {
    for (const [id, subscription] of this.#subscriptions) {
      if (subscription.kind === "newPendingTransactions") this.#notify(id, hash);
    }
  }

  /** Notifies every subscription of the blocks mined since the last call. */
  publish(chain: Chain): void {
    this.#sync(chain);
    const latest = chain.latest.number;
    for (let n = this.#lastBlock + 1n; n <= latest; n++) {
      const stored = chain.blockByNumber(n);
      if (stored === undefined) continue;
      for (const [id, subscription] of this.#subscriptions) {
        if (subscription.kind === "newHeads") this.#notify(id, blockJson(stored, false));
        else if (subscription.kind === "logs")
          for (const log of queryLogs(chain, { ...subscription.query, fromBlock: n, toBlock: n }))
            this.#notify(id, log);
      }
    }
    this.#lastBlock = latest;
  }

  /** A reset chain (hardhat_reset) or a reverted one (evm_revert) restarts the count. */
  #sync(chain: Chain): void {
    if (chain !== this.#chain || chain.latest.number < this.#lastBlock) {
      this.#chain = chain;
      this.#lastBlock = chain.latest.number;
    }
  }

  #notify(subscription: string, result: unknown): void {
    this.send({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription, result } });
  }
}

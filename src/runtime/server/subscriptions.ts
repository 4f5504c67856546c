/**
 * `eth_subscribe` for the standalone node and the plugin's connections: `newHeads`, `logs` and
 * `newPendingTransactions` subscriptions of one client. The server calls `publish` whenever the chain may have
 * grown; every block mined since the last call is sent to each subscription as an `eth_subscription`
 * notification, in order. `pooled` sends a transaction's hash as it enters the pool (before the block that
 * mines it, as on Hardhat's network).
 */
import type { Chain } from "../chain/chain.js";
import type { LogQuery } from "../rpc/filter-registry.js";
import { queryLogs } from "../rpc/filter-registry.js";
import { logQueryParam } from "../rpc/methods/filter-methods.js";
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

  /** `eth_subscribe`: returns the subscription id. */
  subscribe(chain: Chain, params: unknown[]): string {
    this.#sync(chain);
    const kind = params[0];
    let subscription: Subscription;
    if (kind === "newHeads" || kind === "newPendingTransactions") subscription = { kind };
    else if (kind === "logs") subscription = { kind, query: logQueryParam(chain, [params[1] ?? {}], 0) };
    else
      throw invalidParams(
        `invalid value for parameter 0 (subscription): "newHeads", "logs" or "newPendingTransactions", got ${String(kind)}`,
      );
    const id = this.nextId();
    this.#subscriptions.set(id, subscription);
    return id;
  }

  /** `eth_unsubscribe`: whether the id was known. */
  unsubscribe(id: unknown): boolean {
    return typeof id === "string" && this.#subscriptions.delete(id);
  }

  /** Notifies the `newPendingTransactions` subscriptions of a transaction entering the pool. */
  pooled(hash: string): void {
    for (const [id, subscription] of this.#subscriptions)
      if (subscription.kind === "newPendingTransactions") this.#notify(id, hash);
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

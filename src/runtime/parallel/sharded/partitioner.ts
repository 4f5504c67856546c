/**
 * Assigns accounts and contracts to shards. `hash` spreads addresses by their low bits — they are already
 * hashes. `graph` (the default) learns from the access graph of the blocks it has seen: addresses are nodes,
 * each transaction links the addresses it touched pairwise (a swap: sender, pair and both tokens; weighted by
 * transaction volume, halved at every learned block so the partition follows the current traffic), and
 * a greedy balanced partition puts strongly linked addresses in the same shard to minimise cross-shard
 * transactions. Addresses touched by more than a shard's share of all transactions (a hub token, a pool)
 * are *shared*: no partition can keep them local, so they never make a transaction cross-shard — conflicts
 * on them are left to validation, which keeps results exact. Before a block runs, addresses the graph has
 * never seen are learned from the block's envelopes (sender → target), so a first block of new contracts is
 * already partitioned by who calls what, not by address bits.
 */
import type { ExecutedTx } from "../../exec/block-execution.js";
import { type AddressHex, keyAddress } from "../../vocabulary.js";

/** The partition, as exported for the report. */
export interface PartitionExport {
  readonly kind: "hash" | "graph";
  readonly shards: number;
  /** address → shard, for addresses the graph partitioner placed (empty for `hash`). */
  readonly assignments: Record<AddressHex, number>;
  readonly shared: AddressHex[];
  /** Share of observed edge weight crossing shards (graph only). */
  readonly cutRatio: number;
}

/** Who sends a transaction and which address it calls (undefined for a contract creation). */
export interface Envelope {
  readonly sender: AddressHex;
  readonly to: AddressHex | undefined;
}

/** Maps addresses to shards. */
export interface Partitioner {
  readonly kind: "hash" | "graph";
  readonly shards: number;
  /** The shard of `address`, or undefined when it is shared. */
  shardOf(address: AddressHex): number | undefined;
  /** Addresses no shard owns (hubs), sorted. */
  sharedAddresses(): AddressHex[];
  /** Whether at least half of what `address` was seen touching lives outside its shard (its calls often cross). */
  leaves(address: AddressHex): boolean;
  /** Learns from a block's final executions. */
  observe(executed: readonly ExecutedTx[], coinbase: AddressHex): void;
  /** Before a block runs: learns what it can from its envelopes (sender → target) when they hold new addresses. */
  prepare(envelopes: readonly Envelope[]): void;
  exportPartition(): PartitionExport;
}

/** Shard by address bits. */
export class HashPartitioner implements Partitioner {
  readonly kind = "hash";
  constructor(readonly shards: number) {}
  shardOf(address: AddressHex): number {
    return Number.parseInt(address.slice(-8), 16) % this.shards;
  }
  leaves(): boolean {
    return false;
  }
  sharedAddresses(): AddressHex[] {
    return [];
  }
  observe(): void {}
  prepare(): void {}
  exportPartition(): PartitionExport {
    return { kind: "hash", shards: this.shards, assignments: {}, shared: [], cutRatio: Number.NaN };
  }
}

/** Touched addresses of one execution (coinbase deltas excluded: they commute). */
export function touchedAddresses(executed: ExecutedTx, coinbase: AddressHex): Set<AddressHex> {
  const out = new Set<AddressHex>([executed.sender]);
  for (const map of [executed.access.reads, executed.access.writes, executed.access.deltas]) {
    for (const key of map.keys()) {
      const address = keyAddress(key);
      if (address !== coinbase) out.add(address);
    }
  }
  return out;
}

/** Weight kept of the past at each learned block. */
const DECAY = 0.5;
/** Weights below this are dropped. */
const FORGET = 1e-3;

/** Greedy weighted graph partition of the observed access graph. */
export class GraphPartitioner implements Partitioner {
  readonly kind = "graph";
  readonly #hash: HashPartitioner;
  readonly #node = new Map<AddressHex, number>();
  readonly #edges = new Map<AddressHex, Map<AddressHex, number>>();
  #txs = 0;
  #assign = new Map<AddressHex, number>();
  #shared = new Set<AddressHex>();

  constructor(readonly shards: number) {
    this.#hash = new HashPartitioner(shards);
  }

  shardOf(address: AddressHex): number | undefined {
    if (this.#shared.has(address)) return undefined;
    return this.#assign.get(address) ?? this.#hash.shardOf(address);
  }

  observe(executed: readonly ExecutedTx[], coinbase: AddressHex): void {
    this.#decay();
    for (const e of executed) {
      this.#txs++;
      const touched = [...touchedAddresses(e, coinbase)];
      touched.forEach((a, i) => {
        this.#node.set(a, (this.#node.get(a) ?? 0) + 1);
        for (const b of touched.slice(i + 1)) this.#link(a, b);
      });
    }
    this.#repartition();
  }

  sharedAddresses(): AddressHex[] {
    return [...this.#shared].sort();
  }

  leaves(address: AddressHex): boolean {
    const home = this.#assign.get(address);
    if (home === undefined) return false;
    let own = 0;
    let away = 0;
    for (const [other, w] of this.#edges.get(address) ?? []) {
      const s = this.#assign.get(other);
      if (s === home) own += w;
      else if (s !== undefined) away += w;
    }
    return away > 0 && away >= own;
  }

  prepare(envelopes: readonly Envelope[]): void {
    if (!envelopes.some((e) => !this.#node.has(e.sender) || (e.to !== undefined && !this.#node.has(e.to)))) return;
    this.#decay();
    for (const { sender, to } of envelopes) {
      this.#txs++;
      this.#node.set(sender, (this.#node.get(sender) ?? 0) + 1);
      if (to === undefined || to === sender) continue;
      this.#node.set(to, (this.#node.get(to) ?? 0) + 1);
      this.#link(sender, to);
    }
    this.#repartition();
  }

  exportPartition(): PartitionExport {
    let cut = 0;
    let total = 0;
    for (const [a, links] of this.#edges) {
      for (const [b, w] of links) {
        if (a >= b) continue;
        total += w;
        const sa = this.shardOf(a);
        const sb = this.shardOf(b);
        if (sa !== undefined && sb !== undefined && sa !== sb) cut += w;
      }
    }
    const assignments: Record<AddressHex, number> = {};
    for (const [a, s] of [...this.#assign].sort()) assignments[a] = s;
    return {
      kind: "graph",
      shards: this.shards,
      assignments,
      shared: this.sharedAddresses(),
      cutRatio: total === 0 ? 0 : cut / total,
    };
  }

  /**
   * Halves every weight before a block is learned, so the partition follows the current traffic: a contract
   * that was hot ten blocks ago weighs a thousandth of what it did. Weights below 1/1000 are forgotten.
   */
  #decay(): void {
    this.#txs *= DECAY;
    for (const [a, w] of this.#node) {
      if (w * DECAY < FORGET) this.#node.delete(a);
      else this.#node.set(a, w * DECAY);
    }
    for (const [a, links] of this.#edges) {
      for (const [b, w] of links) {
        if (w * DECAY < FORGET) links.delete(b);
        else links.set(b, w * DECAY);
      }
      if (links.size === 0) this.#edges.delete(a);
    }
  }

  #link(a: AddressHex, b: AddressHex): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let links = this.#edges.get(x);
      if (links === undefined) this.#edges.set(x, (links = new Map()));
      links.set(y, (links.get(y) ?? 0) + 1);
    }
  }

  #repartition(): void {
    const hubLimit = this.#txs / this.shards;
    this.#shared = new Set([...this.#node].filter(([, w]) => w > hubLimit && this.#txs >= 8).map(([a]) => a));
    const nodes = [...this.#node]
      .filter(([a]) => !this.#shared.has(a))
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const capacity = (1.05 * nodes.reduce((s, [, w]) => s + w, 0)) / this.shards + 1;
    const load = new Array<number>(this.shards).fill(0);
    const assign = new Map<AddressHex, number>();
    for (const [address, weight] of nodes) {
      const affinity = new Array<number>(this.shards).fill(0);
      for (const [other, w] of this.#edges.get(address) ?? []) {
        const s = assign.get(other);
        if (s !== undefined) affinity[s] = (affinity[s] ?? 0) + w;
      }
      assign.set(address, this.#bestShard(affinity, load, weight, capacity));
      const chosen = assign.get(address) ?? 0;
      load[chosen] = (load[chosen] ?? 0) + weight;
    }
    this.#assign = assign;
  }

  #bestShard(affinity: number[], load: number[], weight: number, capacity: number): number {
    let best = -1;
    for (let s = 0; s < this.shards; s++) {
      if ((load[s] ?? 0) + weight > capacity) continue;
      if (
        best < 0 ||
        (affinity[s] ?? 0) > (affinity[best] ?? 0) ||
        ((affinity[s] ?? 0) === (affinity[best] ?? 0) && (load[s] ?? 0) < (load[best] ?? 0))
      )
        best = s;
    }
    if (best >= 0) return best;
    return load.indexOf(Math.min(...load));
  }
}

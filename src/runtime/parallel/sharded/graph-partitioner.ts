/**
 * The `graph` partitioner (the default; partitioner.ts has the contract and the `hash` kind) learns from the access graph of the blocks it has seen: addresses are nodes,
 * each transaction links the addresses it touched pairwise (a swap: sender, pair and both tokens; weighted by
 * transaction volume, halved at every learned block so the partition follows the current traffic), and a
 * balanced partition places each island (connected component) whole in the shard with the most room, and cuts
 * only islands larger than a shard, greedily by link weight, to minimise cross-shard transactions. Addresses
 * touched by more than a shard's share of all transactions (a hub token, a pool) are *shared*: no partition
 * can keep them local, so they never make a transaction cross-shard — conflicts on them are left to
 * validation, which keeps results exact. Before a block runs, addresses the graph has
 * never seen are learned from the block's envelopes (sender → target), so a first block of new contracts is
 * already partitioned by who calls what, not by address bits.
 */
import type { ExecutedTx } from "../../exec/block-execution.js";
import type { AddressHex } from "../../vocabulary.js";

import { islands } from "./graph-islands.js";
import {
  HashPartitioner,
  touchedAddresses,
  type Envelope,
  type PartitionExport,
  type Partitioner,
  type ShardLookup,
} from "./partitioner.js";

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
  /** Each shard's share of the load (equal unless `balance` said otherwise). */
  #shares: number[];

  constructor(readonly shards: number) {
    this.#hash = new HashPartitioner(shards);
    this.#shares = new Array<number>(shards).fill(1 / shards);
  }

  balance(shares: readonly number[]): void {
    const sum = shares.reduce((a, b) => a + Math.max(0, b), 0);
    if (shares.length !== this.shards || !(sum > 0)) return;
    this.#shares = shares.map((x) => Math.max(0, x) / sum);
  }

  shardOf(address: AddressHex): number | undefined {
    if (this.#shared.has(address)) return undefined;
    return this.#assign.get(address) ?? this.#hash.shardOf(address);
  }

  frozen(): ShardLookup {
    // A repartition replaces both collections and never changes them in place: holding them is a snapshot.
    const shared = this.#shared;
    const assign = this.#assign;
    const hash = this.#hash;
    return { shardOf: (a) => (shared.has(a) ? undefined : (assign.get(a) ?? hash.shardOf(a))) };
  }

  observe(
    executed: readonly ExecutedTx[],
    coinbase: AddressHex,
    touchedByTx?: ReadonlyArray<ReadonlySet<AddressHex>>,
  ): void {
    this.#decay();
    for (const [k, e] of executed.entries()) {
      this.#txs++;
      const touched = [...(touchedByTx?.[k] ?? touchedAddresses(e, coinbase))];
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

  fork(): GraphPartitioner {
    const copy = new GraphPartitioner(this.shards);
    for (const [a, w] of this.#node) copy.#node.set(a, w);
    for (const [a, links] of this.#edges) copy.#edges.set(a, new Map(links));
    copy.#txs = this.#txs;
    // A repartition replaces these and never changes them in place (frozen()): sharing them is safe.
    copy.#assign = this.#assign;
    copy.#shared = this.#shared;
    copy.#shares = [...this.#shares];
    return copy;
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
    const nodes = new Map([...this.#node].filter(([a]) => !this.#shared.has(a)));
    const total = [...nodes.values()].reduce((s, w) => s + w, 0);
    const capacity = this.#shares.map((share) => 1.05 * total * share + 1);
    const load = new Array<number>(this.shards).fill(0);
    const assign = new Map<AddressHex, number>();
    for (const island of islands(nodes, this.#edges)) {
      const room = capacity.map((c, s) => c - (load[s] ?? 0));
      const roomiest = room.indexOf(Math.max(...room));
      if (island.weight <= (room[roomiest] ?? 0)) {
        for (const a of island.members) assign.set(a, roomiest);
        load[roomiest] = (load[roomiest] ?? 0) + island.weight;
        continue;
      }
      for (const address of island.members) {
        const weight = nodes.get(address) ?? 0;
        const chosen = this.#bestShard(this.#affinity(address, assign), load, weight, capacity);
        assign.set(address, chosen);
        load[chosen] = (load[chosen] ?? 0) + weight;
      }
    }
    this.#assign = assign;
  }

  /** Link weight from `address` to each shard, over the addresses already placed. */
  #affinity(address: AddressHex, assign: ReadonlyMap<AddressHex, number>): number[] {
    const affinity = new Array<number>(this.shards).fill(0);
    for (const [other, w] of this.#edges.get(address) ?? []) {
      const s = assign.get(other);
      if (s !== undefined) affinity[s] = (affinity[s] ?? 0) + w;
    }
    return affinity;
  }

  #bestShard(affinity: number[], load: number[], weight: number, capacity: readonly number[]): number {
    const fill = (s: number): number => (load[s] ?? 0) / (capacity[s] ?? 1);
    let best = -1;
    for (let s = 0; s < this.shards; s++) {
      if ((load[s] ?? 0) + weight > (capacity[s] ?? 0)) continue;
      if (
        best < 0 ||
        (affinity[s] ?? 0) > (affinity[best] ?? 0) ||
        ((affinity[s] ?? 0) === (affinity[best] ?? 0) && fill(s) < fill(best))
      )
        best = s;
    }
    if (best >= 0) return best;
    const fills = load.map((_, s) => fill(s));
    return fills.indexOf(Math.min(...fills));
  }
}

/**
 * Three ways to place a workload's accounts on S shards, from blind to informed:
 *
 * - `address-hash`: shard = address mod S (the address as a 160-bit integer), what address-partitioned chains
 *   do; it ignores both load and co-access.
 * - `per-contract`: every account whole on one shard, heaviest first onto the least-loaded shard (longest
 *   processing time first): balanced by gas, blind to co-access.
 * - `access-graph`: a balanced graph partition of the observed access graph (access-graph.ts) that minimises
 *   the cut weight: greedy growth (heaviest account first, onto the shard it shares most co-access weight
 *   with, within capacity), then refinement passes that move one account at a time to the shard that removes
 *   the most cut weight without breaking capacity (Fiduccia–Mattheyses style, positive gains only).
 *
 * Capacity is `max(heaviest account, (1 + slack) × total gas / S)`: with the default slack a shard may carry 10 %
 * more than the mean; an account heavier than that cannot be split by any placement (the hot-account diagnosis
 * says so). A tight balance can cost more than it saves (two apps on four shards: splitting each app makes every
 * transaction cross-shard), so callers try several slacks ({@link SLACKS}) and keep the best figures. Nothing
 * is random: accounts are visited heaviest first, ties by address; a shard tie goes to the lighter shard, then
 * the lower index. The same graph always gives the same placement.
 */
import type { AccessGraph } from "./access-graph.js";
import type { PlacementPolicy } from "./sharding-model.js";

/** Allowed load above the mean shard load, as a fraction. */
export const BALANCE_SLACK = 0.1;

/** Slacks the access-graph policy is tried with (the report keeps the one simulating best). */
export const SLACKS: readonly number[] = [0.1, 0.5, 1, 3];

/** Refinement passes at most (each pass visits every account once; a pass without a move ends early). */
const REFINE_PASSES = 8;

/** A placement: the shard of each account of the graph, by account index. */
export type Placement = readonly number[];

/** Accounts heaviest first, ties by address. */
function byWeight(graph: AccessGraph): number[] {
  return graph.accounts
    .map((_a, i) => i)
    .sort((a, b) => (graph.weights[b] ?? 0) - (graph.weights[a] ?? 0) || compare(graph.accounts, a, b));
}

function compare(accounts: readonly string[], a: number, b: number): number {
  return (accounts[a] ?? "").localeCompare(accounts[b] ?? "");
}

function addressHash(graph: AccessGraph, shards: number): number[] {
  return graph.accounts.map((address) => Number(BigInt(address) % BigInt(shards)));
}

/** The lightest shard (lowest index on a tie) among `allowed`. */
function lightest(load: readonly number[], allowed: (shard: number) => boolean): number | undefined {
  let best: number | undefined;
  load.forEach((value, shard) => {
    if (allowed(shard) && (best === undefined || value < (load[best] ?? 0))) best = shard;
  });
  return best;
}

function perContract(graph: AccessGraph, shards: number): number[] {
  const placement = new Array<number>(graph.accounts.length).fill(0);
  const load = new Array<number>(shards).fill(0);
  for (const id of byWeight(graph)) {
    const shard = lightest(load, () => true) ?? 0;
    placement[id] = shard;
    load[shard] = (load[shard] ?? 0) + (graph.weights[id] ?? 0);
  }
  return placement;
}

/** Co-access weight between account `id` and each shard under `placement` (unplaced accounts: -1). */
function connection(graph: AccessGraph, id: number, placement: readonly number[], shards: number): number[] {
  const out = new Array<number>(shards).fill(0);
  for (const [other, weight] of graph.adjacency[id] ?? []) {
    const shard = placement[other] ?? -1;
    if (shard >= 0) out[shard] = (out[shard] ?? 0) + weight;
  }
  return out;
}

/** Capacity of one shard (see the header). */
export function shardCapacity(graph: AccessGraph, shards: number, slack = BALANCE_SLACK): number {
  return Math.max(...graph.weights, ((1 + slack) * graph.totalGas) / shards);
}

/** The best shard for `id`: most co-access weight within capacity; lighter, then lower index, on a tie. */
function bestShard(conn: readonly number[], load: readonly number[], fits: (shard: number) => boolean): number {
  let best = -1;
  conn.forEach((weight, shard) => {
    if (!fits(shard)) return;
    const current = conn[best] ?? -1;
    if (best < 0 || weight > current || (weight === current && (load[shard] ?? 0) < (load[best] ?? 0))) best = shard;
  });
  return best >= 0 ? best : (lightest(load, () => true) ?? 0);
}

function grow(graph: AccessGraph, shards: number, order: readonly number[], capacity: number): number[] {
  const placement = new Array<number>(graph.accounts.length).fill(-1);
  const load = new Array<number>(shards).fill(0);
  for (const id of order) {
    const weight = graph.weights[id] ?? 0;
    const conn = connection(graph, id, placement, shards);
    const shard = bestShard(conn, load, (s) => (load[s] ?? 0) + weight <= capacity);
    placement[id] = shard;
    load[shard] = (load[shard] ?? 0) + weight;
  }
  return placement;
}

/** One refinement pass; returns whether it moved anything. */
function refinePass(
  graph: AccessGraph,
  placement: number[],
  load: number[],
  order: readonly number[],
  capacity: number,
): boolean {
  let moved = false;
  for (const id of order) {
    const from = placement[id] ?? 0;
    const weight = graph.weights[id] ?? 0;
    const conn = connection(graph, id, placement, load.length);
    let to = -1;
    conn.forEach((value, shard) => {
      if (shard === from || (load[shard] ?? 0) + weight > capacity) return;
      const best = conn[to] ?? -1;
      if (to < 0 || value > best || (value === best && (load[shard] ?? 0) < (load[to] ?? 0))) to = shard;
    });
    if (to < 0 || (conn[to] ?? 0) <= (conn[from] ?? 0)) continue;
    placement[id] = to;
    load[from] = (load[from] ?? 0) - weight;
    load[to] = (load[to] ?? 0) + weight;
    moved = true;
  }
  return moved;
}

function accessGraphPartition(graph: AccessGraph, shards: number, slack: number): number[] {
  const order = byWeight(graph);
  const capacity = shardCapacity(graph, shards, slack);
  const placement = grow(graph, shards, order, capacity);
  const load = new Array<number>(shards).fill(0);
  placement.forEach((shard, id) => (load[shard] = (load[shard] ?? 0) + (graph.weights[id] ?? 0)));
  for (let pass = 0; pass < REFINE_PASSES && refinePass(graph, placement, load, order, capacity); pass++);
  return placement;
}

/** Places the graph's accounts on `shards` shards with `policy` (`slack`: access-graph only; see the header). */
export function place(graph: AccessGraph, policy: PlacementPolicy, shards: number, slack = BALANCE_SLACK): Placement {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  if (policy === "address-hash") return addressHash(graph, shards);
  if (policy === "per-contract") return perContract(graph, shards);
  return accessGraphPartition(graph, shards, slack);
}

/**
 * What a placement costs, under the cost model the report states next to the figures:
 *
 * - cross-shard ratio: transactions touching accounts on more than one shard, over all transactions;
 * - load imbalance: the busiest shard's gas over the mean shard gas (a shard's gas is the sum of its accounts'
 *   weights, access-graph.ts), so 1 is perfectly even and S means everything sits on one shard;
 * - cut weight: co-access weight of account pairs placed apart;
 * - synchronous lock: each block's transactions run in block order; a transaction on one shard runs when its
 *   shard is free and takes its gas; a cross-shard one waits until all its shards are free and holds them all
 *   for `gas × (1 + syncLockFactor)` (a two-phase commit roughly doubles the work: factor 1). Speedup = total
 *   gas over the sum of the blocks' makespans;
 * - asynchronous messages: a shard runs its accounts' share of every transaction (no locks), and each
 *   cross-shard call costs the receiving shard `asyncMessageGas` (receipt and proof handling; an assumed figure,
 *   stated). A block's makespan is its busiest shard's work; throughput = total gas over the sum of makespans.
 *   A call to another shard and its reply are two hops of one block each, so a transaction whose calls cross
 *   shards h times completes after `1 + 2h` blocks (without call frames: one call per extra shard touched).
 */
import type { AccessGraph, GraphTransaction } from "./access-graph.js";
import { crossingCalls } from "./frame-shards.js";
import { BALANCE_SLACK, place, SLACKS, type Placement } from "./placement-policies.js";
import type { PlacementFigures, PlacementPolicy, ShardingCostModel } from "./sharding-model.js";

/** Default cost model. */
export const DEFAULT_COST_MODEL: ShardingCostModel = {
  syncLockFactor: 1,
  asyncMessageGas: 5_000,
  hopBlocks: 1,
  text:
    "Synchronous lock: a cross-shard transaction waits for all its shards and holds them for twice its gas " +
    "(two-phase commit). Asynchronous messages: no locks; every cross-shard call costs the receiving shard " +
    "5,000 gas and a call plus its reply take two blocks. A transaction enters on its entry contract's shard, " +
    "where its sender's nonce and fee are settled.",
};

/** Rounds to 4 decimals. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Shards a transaction touches, ascending. */
export function shardsOf(tx: GraphTransaction, placement: Placement): number[] {
  const out: number[] = [];
  for (const id of tx.accounts) {
    const shard = placement[id] ?? 0;
    if (!out.includes(shard)) out.push(shard);
  }
  return out.sort((a, b) => a - b);
}

function shardLoads(graph: AccessGraph, placement: Placement, shards: number): number[] {
  const load = new Array<number>(shards).fill(0);
  graph.weights.forEach((weight, id) => {
    const shard = placement[id] ?? 0;
    load[shard] = (load[shard] ?? 0) + weight;
  });
  return load;
}

function cutWeight(graph: AccessGraph, placement: Placement): number {
  let cut = 0;
  graph.adjacency.forEach((neighbours, a) => {
    for (const [b, weight] of neighbours) if (a < b && placement[a] !== placement[b]) cut += weight;
  });
  return cut;
}

/** Sum over blocks of the synchronous-lock makespan; `touchedBy[i]` are transaction i's shards. */
function syncMakespan(graph: AccessGraph, touchedBy: readonly number[][], shards: number, factor: number): number {
  let total = 0;
  let block = -1;
  let freeAt = new Array<number>(shards).fill(0);
  const flush = (): void => {
    total += Math.max(0, ...freeAt);
    freeAt = new Array<number>(shards).fill(0);
  };
  graph.transactions.forEach((tx, i) => {
    if (tx.block !== block) {
      flush();
      block = tx.block;
    }
    const found = touchedBy[i] ?? [];
    const touched = found.length === 0 ? [0] : found;
    const start = Math.max(...touched.map((s) => freeAt[s] ?? 0));
    const end = start + (touched.length > 1 ? tx.gas * (1 + factor) : tx.gas);
    for (const s of touched) freeAt[s] = end;
  });
  flush();
  return total;
}

/** Shards a transaction without call frames messages: every touched shard but its entry's. */
function withoutEntry(touched: readonly number[], tx: GraphTransaction, placement: Placement): number[] {
  const entry = tx.entry === undefined ? touched[0] : placement[tx.entry];
  return touched.filter((shard) => shard !== entry);
}

interface AsyncResult {
  readonly makespan: number;
  readonly hops: number;
}

/** Sum over blocks of the asynchronous makespan, and the total hops. */
function asyncRun(
  graph: AccessGraph,
  placement: Placement,
  touchedBy: readonly number[][],
  shards: number,
  model: ShardingCostModel,
): AsyncResult {
  const shardOf = (address: string): number | undefined => {
    const id = graph.index.get(address);
    return id === undefined ? undefined : placement[id];
  };
  let makespan = 0;
  let hops = 0;
  let work = new Array<number>(shards).fill(0);
  let block = -1;
  graph.transactions.forEach((tx, i) => {
    if (tx.block !== block) {
      makespan += Math.max(0, ...work);
      work = new Array<number>(shards).fill(0);
      block = tx.block;
    }
    for (const id of tx.accounts) {
      const shard = placement[id] ?? 0;
      work[shard] = (work[shard] ?? 0) + tx.gas / tx.accounts.length;
    }
    const crossing = tx.calls === undefined ? undefined : crossingCalls(tx.calls, shardOf);
    const receivers = crossing?.map((call) => call.calleeShard) ?? withoutEntry(touchedBy[i] ?? [], tx, placement);
    for (const shard of receivers) work[shard] = (work[shard] ?? 0) + model.asyncMessageGas;
    hops += 2 * receivers.length;
  });
  makespan += Math.max(0, ...work);
  return { makespan, hops };
}

/** Figures of one placement (see the header). */
export function evaluatePlacement(
  graph: AccessGraph,
  policy: PlacementPolicy,
  shards: number,
  placement: Placement,
  model: ShardingCostModel = DEFAULT_COST_MODEL,
): PlacementFigures {
  const size = graph.transactions.length;
  const touchedBy = graph.transactions.map((tx) => shardsOf(tx, placement));
  const cross = touchedBy.filter((touched) => touched.length > 1).length;
  const load = shardLoads(graph, placement, shards);
  const mean = graph.totalGas / shards;
  const occupied = new Set(placement);
  const sync = syncMakespan(graph, touchedBy, shards, model.syncLockFactor);
  const async = asyncRun(graph, placement, touchedBy, shards, model);
  const speedup = (time: number): number => round4(time === 0 ? 1 : graph.totalGas / time);
  return {
    policy,
    shards,
    crossShardTransactions: cross,
    crossShardRatio: round4(size === 0 ? 0 : cross / size),
    loadImbalance: round4(mean === 0 ? 1 : Math.max(...load) / mean),
    cutWeight: cutWeight(graph, placement),
    emptyShards: shards - occupied.size,
    syncSpeedup: speedup(sync),
    asyncSpeedup: speedup(async.makespan),
    asyncLatencyBlocks: round4(size === 0 ? 1 : 1 + (async.hops * model.hopBlocks) / size),
  };
}

/**
 * The best placement of `policy` at `shards`: for access-graph, the slack (placement-policies.ts) whose
 * placement simulates best with synchronous locks, then fewer cross-shard transactions, then the smaller slack.
 */
export function bestPlacement(
  graph: AccessGraph,
  policy: PlacementPolicy,
  shards: number,
  model: ShardingCostModel = DEFAULT_COST_MODEL,
): { placement: Placement; figures: PlacementFigures } {
  const slacks = policy === "access-graph" ? SLACKS : [BALANCE_SLACK];
  let best: { placement: Placement; figures: PlacementFigures } | undefined;
  for (const slack of slacks) {
    const placement = place(graph, policy, shards, slack);
    const figures = evaluatePlacement(graph, policy, shards, placement, model);
    const better =
      best === undefined ||
      figures.syncSpeedup > best.figures.syncSpeedup ||
      (figures.syncSpeedup === best.figures.syncSpeedup && figures.crossShardRatio < best.figures.crossShardRatio);
    if (better) best = { placement, figures };
  }
  return best ?? { placement: [], figures: evaluatePlacement(graph, policy, shards, [], model) };
}

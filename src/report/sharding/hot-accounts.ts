/**
 * Hot-shard diagnosis: an account touched by more than a threshold share of the transactions (25 % by
 * default) pins that share of the traffic to one shard whatever the placement — its shard is the bottleneck
 * and every transaction that also touches something elsewhere is cross-shard. The remedy is segmentation:
 * split the account into one part per shard (per-shard sub-vaults, sub-pools, token buckets), each serving the
 * transactions of its own shard and rebalanced asynchronously.
 *
 * The estimate: the traffic is rewritten as if segmented — a transaction that touches the hot account and
 * other accounts uses the part on the shard of those others (so the hot account no longer joins shards); one
 * that touches only the hot account uses part `i mod S` (i its position) — then placed again with the
 * recommended policy, and its cross-shard ratio and load imbalance compared with today's. It assumes every
 * part holds enough (liquidity, balance) to serve its shard; the rebalancing traffic is not counted.
 */
import { graphOf, plainTransactions, type AccessGraph, type PlainTransaction } from "./access-graph.js";
import { bestPlacement, round4 } from "./placement-metrics.js";
import type { TrafficIndex } from "./traffic-index.js";
import { isStorageKey, keySlot } from "../../runtime/vocabulary.js";
import type { HotAccount, PlacementFigures, PlacementPolicy, ShardAccount } from "./sharding-model.js";

/** Default share of transactions above which an account is hot. */
export const HOT_THRESHOLD = 0.25;

/** Hot accounts listed at most; hottest slots per account. */
const MAX_HOT = 5;
const MAX_SLOTS = 3;

/** What the diagnosis needs besides the graph. */
export interface HotAccountContext {
  readonly traffic: TrafficIndex;
  readonly account: (address: string) => ShardAccount;
  /** Solidity name of a storage location (`SampleToken.balanceOf[pair]`), when the layout explains it. */
  readonly labelOf: (location: string) => string | undefined;
  readonly policy: PlacementPolicy;
  readonly shards: number;
  readonly now: PlacementFigures;
  readonly threshold: number;
}

/** The slot of a storage key, shortened (`0x8049…811c`). */
function shortSlot(key: string): string {
  const slot = isStorageKey(key) ? keySlot(key) : key;
  return slot.length > 14 ? `${slot.slice(0, 6)}…${slot.slice(-4)}` : slot;
}

/** Storage locations of `address` with the transactions touching each, hottest first, above the threshold. */
function hotSlots(ctx: HotAccountContext, address: string, size: number): HotAccount["slots"] {
  const rows = new Map<string, number>();
  for (const [key, n] of ctx.traffic.slotTouches.get(address) ?? new Map<string, number>()) {
    if (n / size <= ctx.threshold) continue;
    const label = ctx.labelOf(key) ?? `${ctx.account(address).name} slot ${shortSlot(key)}`;
    rows.set(label, Math.max(rows.get(label) ?? 0, n));
  }
  return [...rows]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SLOTS)
    .map(([label, transactions]) => ({ label, transactions, share: round4(transactions / size) }));
}

/** The traffic with `address` segmented per shard (see the header). */
function segmented(graph: AccessGraph, address: string, shards: number): PlainTransaction[] {
  return plainTransactions(graph).map((tx, i) => {
    if (!tx.addresses.includes(address)) return tx;
    const others = tx.addresses.filter((a) => a !== address);
    return { ...tx, addresses: others.length > 0 ? others : [`${address}#${i % shards}`] };
  });
}

function remedyText(account: ShardAccount): string {
  return (
    `Segment ${account.name}: one part per shard (sub-vaults, sub-pools or balance buckets), each serving its ` +
    `shard's transactions, rebalanced by asynchronous messages.`
  );
}

/** Hot accounts of the graph, hottest first, with the segmentation estimate. */
export function hotAccounts(graph: AccessGraph, ctx: HotAccountContext): HotAccount[] {
  const size = graph.transactions.length;
  if (size === 0) return [];
  return graph.accounts
    .map((address, id) => ({ address, touches: graph.touches[id] ?? 0 }))
    .filter((a) => a.touches / size > ctx.threshold)
    .sort((a, b) => b.touches - a.touches || a.address.localeCompare(b.address))
    .slice(0, MAX_HOT)
    .map(({ address, touches }): HotAccount => {
      const variant = graphOf(segmented(graph, address, ctx.shards));
      const after = bestPlacement(variant, ctx.policy, ctx.shards).figures;
      const account = ctx.account(address);
      return {
        account,
        transactions: touches,
        share: round4(touches / size),
        slots: hotSlots(ctx, address, size),
        remedy: remedyText(account),
        crossShardRatio: { now: ctx.now.crossShardRatio, segmented: after.crossShardRatio },
        loadImbalance: { now: ctx.now.loadImbalance, segmented: after.loadImbalance },
      };
    });
}

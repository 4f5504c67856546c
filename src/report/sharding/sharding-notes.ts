/**
 * What the sharding section says in words when the traffic does not lend itself to figures: no transaction,
 * no account to place, one account, one contract, more shards than accounts, no cross-contract call. These
 * sentences replace what would otherwise be an empty table, a NaN or a division by zero.
 */
import type { AccessGraph } from "./access-graph.js";
import type { Placement } from "./placement-policies.js";
import { SHARD_COUNTS, type ShardAccount } from "./sharding-model.js";

/** Notes on the traffic as a whole, in reading order. */
export function shardingNotes(
  graph: AccessGraph,
  accounts: readonly ShardAccount[],
  replicated: readonly ShardAccount[],
  subject: string,
): string[] {
  const size = graph.transactions.length;
  if (size === 0) return [`The ${subject} holds no transaction: there is nothing to place on shards.`];
  const notes: string[] = [];
  if (replicated.length > 0) {
    const names = replicated.slice(0, 4).map((a) => a.name);
    const more = replicated.length > 4 ? ` and ${replicated.length - 4} more` : "";
    notes.push(
      `Read but never written by this traffic, so replicated on every shard and never a reason to cross: ` +
        `${names.join(", ")}${more}.`,
    );
  }
  const contracts = accounts.filter((a) => a.kind === "contract");
  if (accounts.length === 0) {
    notes.push(
      `The ${size} transactions touch no state but their senders' own: every policy keeps each on one shard, ` +
        `so no placement changes anything.`,
    );
  } else if (accounts.length === 1) {
    notes.push(
      `Every transaction touches one account only (${accounts[0]?.name ?? ""}): it lives on one shard under any ` +
        `policy, so sharding cannot spread this ${subject}; the hot-account diagnosis shows the remedy.`,
    );
  } else if (contracts.length === 1) {
    notes.push(
      `One contract (${contracts[0]?.name ?? ""}) holds the state the transactions share; the other ` +
        `${accounts.length - 1} accounts are users' balances, so placements mostly differ in where those go.`,
    );
  }
  const over = SHARD_COUNTS.filter((s) => s > accounts.length && accounts.length > 0);
  if (over.length > 0) {
    notes.push(
      `Only ${accounts.length} account${accounts.length === 1 ? "" : "s"} to place: at ${over.join(", ")} shards ` +
        `some shards stay empty, and more shards cannot help.`,
    );
  }
  return notes;
}

/** Why the atomicity-break list is empty. */
export function atomicityNote(graph: AccessGraph, placement: Placement | undefined): string {
  if (graph.transactions.length === 0) return "No transaction: no call to check.";
  if (graph.transactions.every((tx) => tx.calls === undefined))
    return "Call frames were not recorded for these transactions, so calls between contracts are unknown.";
  const index = graph.index;
  const calls = graph.transactions.flatMap((tx) => (tx.calls ?? []).slice(1)).filter((f) => f.from !== f.to);
  if (calls.length === 0)
    return "No transaction calls from one contract into another: no synchronous call would need redesign.";
  if (calls.every((f) => !index.has(f.to)))
    return (
      "Calls between contracts only reach contracts the traffic never writes (replicated on every shard): " +
      "no synchronous call would need redesign."
    );
  if (placement === undefined) return "No placement was recommended.";
  return (
    "The recommended placement keeps every caller on its callee's shard: no synchronous call crosses a shard, " +
    "so nothing needs redesign for asynchronous messaging."
  );
}

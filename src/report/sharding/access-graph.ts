/**
 * The observed access graph: which accounts each transaction touched, and which accounts are touched together.
 *
 * An account is placed on a shard with all its state (balance, nonce, code, storage). A transaction touches:
 * the account it calls (`to`), every account whose storage it read or wrote, every account a call frame
 * entered, and the balance or code of any account other than its sender. Left out, as stated in the report:
 *
 * - the sender's own nonce and fee balance: the model routes a transaction to the shard of its entry contract
 *   and settles the sender's nonce and fee there (as chains that shard contract state do), so a user is never
 *   the reason a transaction is cross-shard;
 * - deltas (commutative credits such as the coinbase fee), and reads of the locations the transaction credits
 *   so: every shard can apply its own and merge them at the end of the block;
 * - precompiles (addresses up to 0xff): stateless, present on every shard;
 * - accounts the traffic only reads (a stateless router's code, a factory's pair registry, a configuration
 *   contract): nothing in the traffic writes them, so the model replicates them on every shard and they bind
 *   no transaction to a shard. An account counts as written when a transaction writes any of its locations,
 *   other than its own sender's nonce and fee balance.
 *
 * Nodes are weighted by gas: a transaction's gas is split evenly over the accounts it touches, so node weights
 * sum to the workload's gas and a shard's load is the sum of its nodes' weights. An edge joins two accounts
 * touched by one transaction; its weight is the number of such transactions. Everything is ordered (accounts
 * by first touch, then address) so that the partitioners downstream are deterministic.
 */
import type { CallFrame } from "../../runtime/execution-record.js";
import type { PlainTransaction, TrafficIndex } from "./traffic-index.js";

export type { PlainTransaction } from "./traffic-index.js";

/** What the graph keeps of one transaction. */
export interface GraphTransaction {
  /** Block position in the workload (transactions of one block are scheduled together). */
  readonly block: number;
  readonly gas: number;
  /** Indices into {@link AccessGraph.accounts}, ascending. */
  readonly accounts: readonly number[];
  /** Index of the entry account (`to`), when the transaction calls one. */
  readonly entry: number | undefined;
  /** Call frames (entry first), addresses lowercase; undefined when nobody observed the execution. */
  readonly calls: readonly CallFrame[] | undefined;
}

/** Accounts, weights, co-access edges and the transactions they came from. */
export interface AccessGraph {
  /** Lowercase addresses, in first-touch order. */
  readonly accounts: readonly string[];
  /** Gas attributed to each account (see the header). */
  readonly weights: readonly number[];
  /** Transactions touching each account. */
  readonly touches: readonly number[];
  /** Neighbours of each account with the co-access weight, neighbours ascending. */
  readonly adjacency: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly transactions: readonly GraphTransaction[];
  readonly totalGas: number;
  /** Account index by address. */
  readonly index: ReadonlyMap<string, number>;
}

/** The access graph of indexed traffic: placed accounts are those the traffic writes (see the header). */
export function buildAccessGraph(index: TrafficIndex): AccessGraph {
  return graphOf(
    index.transactions.map((tx) => ({ ...tx, addresses: tx.addresses.filter((a) => index.written.has(a)) })),
  );
}

/** The access graph of plain transactions (also used to re-place a what-if variant of the traffic). */
export function graphOf(plain: readonly PlainTransaction[]): AccessGraph {
  const index = new Map<string, number>();
  const accounts: string[] = [];
  const weights: number[] = [];
  const touches: number[] = [];
  const edges: Array<Map<number, number>> = [];
  const idOf = (address: string): number => {
    let id = index.get(address);
    if (id === undefined) {
      id = accounts.length;
      index.set(address, id);
      accounts.push(address);
      weights.push(0);
      touches.push(0);
      edges.push(new Map());
    }
    return id;
  };
  let totalGas = 0;
  const transactions = plain.map((tx): GraphTransaction => {
    totalGas += tx.gas;
    const ids = [...tx.addresses]
      .sort()
      .map(idOf)
      .sort((a, b) => a - b);
    for (const id of ids) {
      weights[id] = (weights[id] ?? 0) + tx.gas / ids.length;
      touches[id] = (touches[id] ?? 0) + 1;
    }
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as number;
        const b = ids[j] as number;
        edges[a]?.set(b, (edges[a]?.get(b) ?? 0) + 1);
        edges[b]?.set(a, (edges[b]?.get(a) ?? 0) + 1);
      }
    const entry = tx.to === undefined ? undefined : index.get(tx.to);
    return { block: tx.block, gas: tx.gas, accounts: ids, entry, calls: tx.calls };
  });
  const adjacency = edges.map((m) => [...m].sort((x, y) => x[0] - y[0]));
  return { accounts, weights, touches, adjacency, transactions, totalGas, index };
}

/** The plain form of a graph's transactions (the inverse of {@link graphOf}). */
export function plainTransactions(graph: AccessGraph): PlainTransaction[] {
  return graph.transactions.map((tx) => ({
    block: tx.block,
    gas: tx.gas,
    addresses: tx.accounts.map((id) => graph.accounts[id] ?? ""),
    to: tx.entry === undefined ? undefined : graph.accounts[tx.entry],
    calls: tx.calls,
  }));
}

/** Every edge once (`a < b`), heaviest first, ties by account order. */
export function edgesByWeight(graph: AccessGraph): Array<{ a: number; b: number; weight: number }> {
  const out: Array<{ a: number; b: number; weight: number }> = [];
  graph.adjacency.forEach((neighbours, a) => {
    for (const [b, weight] of neighbours) if (a < b) out.push({ a, b, weight });
  });
  return out.sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
}

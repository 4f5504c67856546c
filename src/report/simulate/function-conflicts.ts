/**
 * Function-pair conflicts: the conflict relation folded onto the functions that sent the transactions.
 *
 * The report's heatmap and its CI gate ("a new always-conflicting function pair") speak about functions.
 * They need a pairwise relation, not the DAG's edges: in a chain of counter increments the DAG only links
 * neighbours, yet any two increments conflict. Two transactions i < j of the same block conflict when j
 * reads a location that i writes or updates with a delta: run alone together, j would depend on i. This is
 * the dependency-dag.ts rule without the "latest writer" restriction.
 *
 * For every unordered pair of function labels {f, g} (see `functionLabel` in block-trace.ts), over all
 * blocks:
 *
 * - `pairs`: same-block transaction pairs with one transaction of each function
 *   (c_f · c_g for f ≠ g, c_f · (c_f − 1) / 2 for f = g, summed over blocks);
 * - `conflicts`: those pairs that conflict;
 * - `rate = conflicts / pairs`: 1 means every such pair conflicted ("always conflicting").
 *
 * Only pairs with a conflict are listed. Order: rate, then conflicts (descending), then the labels.
 */
import { type BlockTrace, functionLabel, type LocationKey } from "../record/block-trace.js";

/** Conflict statistics of one unordered function pair (`first` ≤ `second` in code-point order). */
export interface FunctionPairConflict {
  /** First function label. */
  readonly first: string;
  /** Second function label (may equal `first`). */
  readonly second: string;
  /** Conflicting same-block transaction pairs of the two functions. */
  readonly conflicts: number;
  /** Same-block transaction pairs of the two functions. */
  readonly pairs: number;
  /** `conflicts / pairs`. */
  readonly rate: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Label ids and pair counters shared across blocks; a pair is keyed by `low * LIMIT + high`. */
class PairTotals {
  readonly labels: string[] = [];
  readonly #ids = new Map<string, number>();
  readonly conflicts = new Map<number, number>();
  readonly pairs = new Map<number, number>();
  static readonly LIMIT = 2 ** 24;

  id(label: string): number {
    let id = this.#ids.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.labels.push(label);
      this.#ids.set(label, id);
    }
    return id;
  }

  key(a: number, b: number): number {
    return Math.min(a, b) * PairTotals.LIMIT + Math.max(a, b);
  }
}

/** Counts one block's conflicting pairs (each transaction pair once, whatever the number of locations). */
function addConflicts(labelIds: readonly number[], block: BlockTrace, totals: PairTotals): void {
  const writers = new Map<LocationKey, number[]>();
  const seenBy = new Array<number>(labelIds.length).fill(-1);
  block.transactions.forEach((tx, j) => {
    for (const location of tx.reads) {
      for (const i of writers.get(location) ?? []) {
        if (seenBy[i] === j) continue;
        seenBy[i] = j;
        const key = totals.key(labelIds[i] ?? 0, labelIds[j] ?? 0);
        totals.conflicts.set(key, (totals.conflicts.get(key) ?? 0) + 1);
      }
    }
    for (const location of new Set([...tx.writes, ...tx.deltas])) {
      const list = writers.get(location) ?? [];
      list.push(j);
      writers.set(location, list);
    }
  });
}

/** Adds one block's same-block pair counts for the label pairs that conflicted somewhere. */
function addPairs(labelIds: readonly number[], totals: PairTotals): void {
  const counts = new Map<number, number>();
  for (const id of labelIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const key of totals.conflicts.keys()) {
    const low = Math.floor(key / PairTotals.LIMIT);
    const high = key % PairTotals.LIMIT;
    const cl = counts.get(low) ?? 0;
    const pairs = low === high ? (cl * (cl - 1)) / 2 : cl * (counts.get(high) ?? 0);
    totals.pairs.set(key, (totals.pairs.get(key) ?? 0) + pairs);
  }
}

/** Function pairs that conflicted at least once over the blocks, ranked (see the file header). */
export function functionPairConflicts(blocks: readonly BlockTrace[]): FunctionPairConflict[] {
  const totals = new PairTotals();
  const ids = blocks.map((block) => block.transactions.map((tx) => totals.id(functionLabel(tx))));
  blocks.forEach((block, position) => addConflicts(ids[position] ?? [], block, totals));
  for (const list of ids) addPairs(list, totals);
  return [...totals.conflicts.entries()]
    .map(([key, conflicts]) => {
      const pair = [
        totals.labels[Math.floor(key / PairTotals.LIMIT)] ?? "",
        totals.labels[key % PairTotals.LIMIT] ?? "",
      ].sort(compareText);
      const pairs = totals.pairs.get(key) ?? conflicts;
      return { first: pair[0] ?? "", second: pair[1] ?? "", conflicts, pairs, rate: conflicts / pairs };
    })
    .sort(
      (a, b) =>
        b.rate - a.rate ||
        b.conflicts - a.conflicts ||
        compareText(a.first, b.first) ||
        compareText(a.second, b.second),
    );
}

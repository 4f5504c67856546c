/**
 * Function-pair conflicts: the conflict graph folded onto the functions that sent the transactions.
 *
 * The report's heatmap and its CI gate ("a new always-conflicting function pair") speak about functions,
 * not transactions. For every unordered pair of function labels {f, g} (see `functionLabel` in
 * block-trace.ts), over all blocks:
 *
 * - `pairs`: transaction pairs in the same block with one transaction of each function
 *   (c_f · c_g for f ≠ g, c_f · (c_f − 1) / 2 for f = g, summed over blocks);
 * - `edges`: dependency edges between such transactions;
 * - `rate = edges / pairs`: 1 means every such pair conflicted ("always conflicting"), 0 never.
 *
 * Only pairs with at least one edge are listed (pairs are counted for those only, so thousands of distinct
 * labels cost nothing). Order: rate, then edges (descending), then the labels.
 */
import { type BlockTrace, functionLabel } from "./block-trace.js";
import { type DependencyDag } from "./dependency-dag.js";

/** Conflict statistics of one unordered function pair (`first` ≤ `second` in code-point order). */
export interface FunctionPairConflict {
  /** First function label. */
  readonly first: string;
  /** Second function label (may equal `first`). */
  readonly second: string;
  /** Dependency edges between transactions of the two functions. */
  readonly edges: number;
  /** Same-block transaction pairs of the two functions. */
  readonly pairs: number;
  /** `edges / pairs`. */
  readonly rate: number;
}

interface PairCounts {
  edges: number;
  pairs: number;
}

function pairKey(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

function entry(totals: Map<string, PairCounts>, a: string, b: string): PairCounts {
  const key = JSON.stringify(pairKey(a, b));
  const found = totals.get(key) ?? { edges: 0, pairs: 0 };
  totals.set(key, found);
  return found;
}

/** Adds one block's dependency edges to the totals. */
function addEdges(labels: readonly string[], dag: DependencyDag, totals: Map<string, PairCounts>): void {
  for (const edge of dag.edges) entry(totals, labels[edge.from] ?? "unknown", labels[edge.to] ?? "unknown").edges++;
}

/** Adds one block's same-function-pair counts for the pairs already present in the totals. */
function addPairs(labels: readonly string[], totals: Map<string, PairCounts>): void {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const [key, found] of totals) {
    const [a, b] = JSON.parse(key) as [string, string];
    const ca = counts.get(a) ?? 0;
    found.pairs += a === b ? (ca * (ca - 1)) / 2 : ca * (counts.get(b) ?? 0);
  }
}

/** Function pairs that conflicted at least once over the blocks, ranked (see the file header). */
export function functionPairConflicts(
  blocks: readonly BlockTrace[],
  dags: readonly DependencyDag[],
): FunctionPairConflict[] {
  const totals = new Map<string, PairCounts>();
  const labels = blocks.map((block) => block.transactions.map(functionLabel));
  labels.forEach((list, position) => {
    const dag = dags[position];
    if (dag !== undefined) addEdges(list, dag, totals);
  });
  for (const list of labels) addPairs(list, totals);
  return [...totals.entries()]
    .map(([key, counts]) => {
      const [first, second] = JSON.parse(key) as [string, string];
      return { first, second, edges: counts.edges, pairs: counts.pairs, rate: counts.edges / counts.pairs };
    })
    .sort((a, b) => b.rate - a.rate || b.edges - a.edges || compareText(a.first, b.first) || compareText(a.second, b.second));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

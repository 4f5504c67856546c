/**
 * Dependency DAG of a block: which transaction must wait for which, and because of which locations.
 *
 * Block-STM keeps every version of every location in a multi-version memory indexed by transaction
 * position. Because of that, only true (read-after-write) dependencies serialize transactions:
 *
 * - read-after-write: j reads L, i < j wrote L. j's correct incarnation must see i's value, so it can only
 *   run after i's final incarnation. This is an edge i → j.
 * - write-after-write and write-after-read: j writes L after i wrote or read it. Each transaction writes its
 *   own version; readers pick the version of the closest lower writer. No edge, no serialization.
 * - deltas (commutative updates, see block-trace.ts) neither read nor overwrite: two deltas never conflict.
 *   A plain read of L needs the full value, that is the last plain write of L before the reader plus every
 *   delta applied to L since then; the reader gets an edge from each of those transactions.
 *
 * A location a transaction writes without reading it is a blind write and causes no edge into that
 * transaction. The runtime lists a read-modify-write in both `reads` and `writes`, so counters, balances and
 * pool reserves do produce edges, as they should.
 *
 * Every edge records the locations that cause it (sorted), so hotspots can attribute serialization to
 * locations. Edges always go from a lower to a higher index, so index order is a topological order; the
 * other steps (critical path, scheduling) rely on that.
 */
import { type BlockTrace, gasOf, type LocationKey } from "../record/block-trace.js";

/** One dependency: `to` must run after `from` because it reads what `from` wrote. */
export interface DependencyEdge {
  /** Index of the writer. */
  readonly from: number;
  /** Index of the reader (always greater than `from`). */
  readonly to: number;
  /** Locations through which `to` reads `from`'s writes, sorted. */
  readonly locations: readonly LocationKey[];
}

/** Dependency DAG of one block, with adjacency in both directions. */
export interface DependencyDag {
  /** Number of transactions. */
  readonly size: number;
  /** Gas per transaction, by index. */
  readonly gas: readonly number[];
  /** Edges sorted by (to, from). */
  readonly edges: readonly DependencyEdge[];
  /** Indices each transaction depends on, ascending. */
  readonly predecessors: readonly (readonly number[])[];
  /** Indices depending on each transaction, ascending. */
  readonly successors: readonly (readonly number[])[];
}

/** Writers of one location since (and including) its last plain write. */
interface LocationWriters {
  plain: number | undefined;
  deltas: number[];
}

/** Transactions whose writes a read of `key` by the next transaction sees. */
function visibleWriters(state: LocationWriters | undefined): number[] {
  if (state === undefined) return [];
  return state.plain === undefined ? [...state.deltas] : [state.plain, ...state.deltas];
}

/** Incoming edges of transaction `to`, grouped by source, given the writers seen so far. */
function incomingEdges(
  to: number,
  reads: readonly LocationKey[],
  writers: ReadonlyMap<LocationKey, LocationWriters>,
): DependencyEdge[] {
  const bySource = new Map<number, Set<LocationKey>>();
  for (const key of reads) {
    for (const from of visibleWriters(writers.get(key))) {
      const locations = bySource.get(from) ?? new Set<LocationKey>();
      locations.add(key);
      bySource.set(from, locations);
    }
  }
  return [...bySource.entries()]
    .sort(([a], [b]) => a - b)
    .map(([from, locations]) => ({ from, to, locations: [...locations].sort() }));
}

/** Records a transaction's writes and deltas after its reads were resolved. */
function applyWrites(
  index: number,
  writes: readonly LocationKey[],
  deltas: readonly LocationKey[],
  writers: Map<LocationKey, LocationWriters>,
): void {
  const plain = new Set(writes);
  for (const key of plain) writers.set(key, { plain: index, deltas: [] });
  for (const key of new Set(deltas)) {
    if (plain.has(key)) continue; // a plain write of the same location already covers the delta
    const state = writers.get(key) ?? { plain: undefined, deltas: [] };
    state.deltas.push(index);
    writers.set(key, state);
  }
}

/** Builds the read-after-write dependency DAG of a block (see the file header for the rules). */
export function buildDependencyDag(block: BlockTrace): DependencyDag {
  const size = block.transactions.length;
  const writers = new Map<LocationKey, LocationWriters>();
  const edges: DependencyEdge[] = [];
  const predecessors: number[][] = Array.from({ length: size }, () => []);
  const successors: number[][] = Array.from({ length: size }, () => []);
  block.transactions.forEach((tx, index) => {
    for (const edge of incomingEdges(index, tx.reads, writers)) {
      edges.push(edge);
      predecessors[index]?.push(edge.from);
      successors[edge.from]?.push(index);
    }
    applyWrites(index, tx.writes, tx.deltas, writers);
  });
  return { size, gas: block.transactions.map(gasOf), edges, predecessors, successors };
}

/** Conflict density: edges over the n·(n−1)/2 ordered pairs that could conflict; 0 below two transactions. */
export function conflictDensity(dag: DependencyDag): number {
  const pairs = (dag.size * (dag.size - 1)) / 2;
  return pairs === 0 ? 0 : dag.edges.length / pairs;
}

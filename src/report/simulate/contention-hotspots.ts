/**
 * Conflict graph and hotspots: which locations cause the dependencies, and how much work they serialize.
 *
 * The conflict graph has the same edges as the dependency DAG (dependency-dag.ts); here they are grouped by
 * the location that causes them. An edge caused by two locations counts for both. Per location:
 *
 * - `edges`: dependency edges it causes;
 * - `transactions`: transactions that touch it at all (read, write or delta), and how many of each kind;
 * - `serializedGas`: gas of the transactions that must wait for another one because of it (each such
 *   transaction counted once, whatever the number of its incoming edges through the location). It is the
 *   work the location forces into a chain; making the location conflict-free frees at most that much.
 *
 * Ranking, most harmful first: serialized gas, then edges, then transactions touching, then the key in
 * code-point order, so equal figures always list in the same order. Garamvölgyi et al. (ICSE'22) found a
 * few such application hotspots (counters, total supply, pool reserves, hub balances) cap the speedup of
 * real workloads; the what-if step (what-if.ts) measures what fixing each one would gain.
 */
import { type BlockTrace, type LocationKey } from "../record/block-trace.js";
import { buildDependencyDag, type DependencyDag } from "./dependency-dag.js";

/** Conflict statistics of one location. */
export interface LocationStats {
  /** The location. */
  readonly location: LocationKey;
  /** Dependency edges the location causes. */
  readonly edges: number;
  /** Transactions touching the location. */
  readonly transactions: number;
  /** Transactions reading it. */
  readonly readers: number;
  /** Transactions writing it with a plain store. */
  readonly writers: number;
  /** Transactions applying a delta to it. */
  readonly deltaWriters: number;
  /** Gas of the transactions that wait for another one because of the location. */
  readonly serializedGas: number;
}

/** Deterministic hotspot order: serialized gas, edges, transactions (all descending), then key. */
export function compareHotspots(a: LocationStats, b: LocationStats): number {
  if (a.serializedGas !== b.serializedGas) return b.serializedGas - a.serializedGas;
  if (a.edges !== b.edges) return b.edges - a.edges;
  if (a.transactions !== b.transactions) return b.transactions - a.transactions;
  return a.location < b.location ? -1 : a.location > b.location ? 1 : 0;
}

interface Counters {
  edges: number;
  waiting: Set<number>;
  readers: number;
  writers: number;
  deltaWriters: number;
  touching: number;
}

/** Groups locations: one location per group (the default), or e.g. every key of one mapping variable. */
type GroupOf = (location: LocationKey) => string | undefined;

const byLocation: GroupOf = (location) => location;

function emptyCounters(): Counters {
  return { edges: 0, waiting: new Set<number>(), readers: 0, writers: 0, deltaWriters: 0, touching: 0 };
}

/** Counts edges and waiting transactions per group: an edge counts once per group it names. */
function countEdges(dag: DependencyDag, groupOf: GroupOf = byLocation): Map<string, Counters> {
  const counters = new Map<string, Counters>();
  for (const edge of dag.edges) {
    const groups = new Set(edge.locations.map(groupOf));
    for (const group of groups) {
      if (group === undefined) continue;
      const entry = counters.get(group) ?? emptyCounters();
      entry.edges++;
      entry.waiting.add(edge.to);
      counters.set(group, entry);
    }
  }
  return counters;
}

/** Adds access counts of the counted groups: a transaction counts once per group it touches. */
function countAccesses(block: BlockTrace, counters: Map<string, Counters>, groupOf: GroupOf = byLocation): void {
  for (const tx of block.transactions) {
    const kinds = new Map<string, Set<"r" | "w" | "d">>();
    const note = (locations: readonly LocationKey[], kind: "r" | "w" | "d") => {
      for (const location of locations) {
        const group = groupOf(location);
        if (group === undefined || !counters.has(group)) continue;
        const seen = kinds.get(group) ?? new Set<"r" | "w" | "d">();
        seen.add(kind);
        kinds.set(group, seen);
      }
    };
    note(tx.reads, "r");
    note(tx.writes, "w");
    note(tx.deltas, "d");
    for (const [group, seen] of kinds) {
      const entry = counters.get(group);
      if (entry === undefined) continue;
      entry.touching++;
      if (seen.has("r")) entry.readers++;
      if (seen.has("w")) entry.writers++;
      if (seen.has("d")) entry.deltaWriters++;
    }
  }
}

/** Edges, touching transactions and serialized gas of one group of locations over a workload. */
export interface GroupStats {
  readonly edges: number;
  readonly transactions: number;
  readonly serializedGas: number;
}

/**
 * Statistics per group of locations over several blocks, each edge and each transaction counted once per
 * group however many of the group's locations it names (summing per-location figures would count an edge
 * through two mapping entries of one variable twice).
 */
export function groupHotspots(blocks: readonly BlockTrace[], groupOf: GroupOf): Map<string, GroupStats> {
  const out = new Map<string, GroupStats>();
  for (const block of blocks) {
    const dag = buildDependencyDag(block);
    const counters = countEdges(dag, groupOf);
    countAccesses(block, counters, groupOf);
    for (const [group, entry] of counters) {
      const previous = out.get(group) ?? { edges: 0, transactions: 0, serializedGas: 0 };
      const gas = [...entry.waiting].reduce((sum, index) => sum + (dag.gas[index] ?? 0), 0);
      out.set(group, {
        edges: previous.edges + entry.edges,
        transactions: previous.transactions + entry.touching,
        serializedGas: previous.serializedGas + gas,
      });
    }
  }
  return out;
}

/** Statistics of every location that causes at least one edge in the block, ranked (see file header). */
export function blockHotspots(block: BlockTrace, dag: DependencyDag): LocationStats[] {
  const counters = countEdges(dag);
  countAccesses(block, counters);
  return [...counters.entries()]
    .map(([location, entry]) => ({
      location,
      edges: entry.edges,
      transactions: entry.touching,
      readers: entry.readers,
      writers: entry.writers,
      deltaWriters: entry.deltaWriters,
      serializedGas: [...entry.waiting].reduce((sum, index) => sum + (dag.gas[index] ?? 0), 0),
    }))
    .sort(compareHotspots);
}

/** Sums per-location statistics over several blocks and ranks the result. */
export function mergeHotspots(perBlock: readonly (readonly LocationStats[])[]): LocationStats[] {
  const merged = new Map<LocationKey, LocationStats>();
  for (const list of perBlock) {
    for (const stats of list) {
      const previous = merged.get(stats.location);
      merged.set(
        stats.location,
        previous === undefined
          ? { ...stats }
          : {
              location: stats.location,
              edges: previous.edges + stats.edges,
              transactions: previous.transactions + stats.transactions,
              readers: previous.readers + stats.readers,
              writers: previous.writers + stats.writers,
              deltaWriters: previous.deltaWriters + stats.deltaWriters,
              serializedGas: previous.serializedGas + stats.serializedGas,
            },
      );
    }
  }
  return [...merged.values()].sort(compareHotspots);
}

/**
 * Critical path: the longest gas-weighted chain of dependencies in a block.
 *
 * Whatever the number of threads, the transactions of a dependency chain run one after another, so the
 * chain's total gas bounds the parallel makespan from below and `totalGas / criticalPathGas` bounds every
 * speedup from above. Polygon Bor reports the same figure (longest dependency path against the serial
 * total) from the dependency lists in its block headers.
 *
 * Edges go from lower to higher indices, so one pass in index order computes, for each transaction, the
 * heaviest chain ending at it (top level); one pass in reverse computes the heaviest chain starting at it
 * (bottom level), which list scheduling uses as its priority. Ties pick the lowest index, so the reported
 * path is deterministic.
 */
import { type DependencyDag } from "./dependency-dag.js";

/** The heaviest dependency chain of a block. */
export interface CriticalPath {
  /** Gas along the path. */
  readonly gas: number;
  /** Transaction indices on the path, in execution order. */
  readonly transactions: readonly number[];
  /** `gas / totalGas` (1 for a fully serial block, 1/n for n independent equal transactions, 0 when empty). */
  readonly ratio: number;
  /** Total gas of the block. */
  readonly totalGas: number;
}

/** Gas of the heaviest chain starting at each transaction, itself included. */
export function bottomLevels(dag: DependencyDag): number[] {
  const levels = new Array<number>(dag.size).fill(0);
  for (let index = dag.size - 1; index >= 0; index--) {
    let longestAfter = 0;
    for (const next of dag.successors[index] ?? []) longestAfter = Math.max(longestAfter, levels[next] ?? 0);
    levels[index] = (dag.gas[index] ?? 0) + longestAfter;
  }
  return levels;
}

/** Longest gas-weighted path of the DAG, ties broken towards lower indices. */
export function criticalPath(dag: DependencyDag): CriticalPath {
  const top = new Array<number>(dag.size).fill(0);
  const via = new Array<number>(dag.size).fill(-1);
  let end = -1;
  for (let index = 0; index < dag.size; index++) {
    for (const previous of dag.predecessors[index] ?? []) {
      // Predecessors are ascending, so a strict comparison keeps the lowest index on ties.
      if (via[index] === -1 || (top[previous] ?? 0) > (top[via[index] ?? 0] ?? 0)) via[index] = previous;
    }
    const before = via[index] === -1 ? 0 : (top[via[index] ?? 0] ?? 0);
    top[index] = (dag.gas[index] ?? 0) + before;
    if (end === -1 || (top[index] ?? 0) > (top[end] ?? 0)) end = index;
  }
  const transactions: number[] = [];
  for (let at = end; at !== -1; at = via[at] ?? -1) transactions.push(at);
  transactions.reverse();
  const gas = end === -1 ? 0 : (top[end] ?? 0);
  const totalGas = dag.gas.reduce((sum, value) => sum + value, 0);
  return { gas, transactions, ratio: totalGas === 0 ? 0 : gas / totalGas, totalGas };
}

/** Upper bound on any schedule's speedup with `threads` processors: min(threads, totalGas / criticalPathGas). */
export function speedupBound(path: CriticalPath, threads: number): number {
  if (path.gas === 0) return 1;
  return Math.min(threads, path.totalGas / path.gas);
}

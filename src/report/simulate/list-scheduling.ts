/**
 * Ideal DAG list scheduling: the speedup a perfect scheduler that knew the dependency DAG in advance would
 * reach, with no validation, no aborts and no overhead.
 *
 * Each transaction takes time equal to its gas. Greedy list scheduling (Graham) keeps every processor busy
 * whenever some transaction is ready (all its predecessors finished); among ready transactions it picks the
 * one with the heaviest remaining chain (bottom level, see critical-path.ts), ties by lowest index. The
 * result is within a factor 2 − 1/P of the optimal makespan and never below max(totalGas / P, critical
 * path), so its speedup never exceeds min(P, totalGas / criticalPathGas).
 *
 * This is the "ideal DAG" model of the report: what Block-STM could reach if it never guessed wrong. Time
 * is gas, so the figures are deterministic and need no measurement.
 */
import { bottomLevels } from "./critical-path.js";
import { type DependencyDag } from "./dependency-dag.js";
import { PriorityQueue } from "./priority-queue.js";

/** Result of scheduling one block on `threads` processors. */
export interface ScheduleResult {
  /** Number of processors. */
  readonly threads: number;
  /** Total gas of the block (the sequential time). */
  readonly sequentialGas: number;
  /** Time, in gas, when the last transaction finishes. */
  readonly makespanGas: number;
  /** `sequentialGas / makespanGas` (1 for an empty or zero-gas block). */
  readonly speedup: number;
}

interface Running {
  readonly finish: number;
  readonly index: number;
}

/** Starts ready transactions on free processors at time `now`. */
function startReady(
  now: number,
  free: number,
  ready: PriorityQueue<number>,
  running: PriorityQueue<Running>,
  dag: DependencyDag,
): number {
  let idle = free;
  while (idle > 0 && ready.size > 0) {
    const index = ready.pop() as number;
    running.push({ finish: now + (dag.gas[index] ?? 0), index });
    idle--;
  }
  return idle;
}

/** Finishes every transaction ending at the earliest finish time; returns that time and freed processors. */
function finishNext(
  running: PriorityQueue<Running>,
  waiting: number[],
  ready: PriorityQueue<number>,
  dag: DependencyDag,
): { now: number; freed: number } {
  const now = running.peek()?.finish ?? 0;
  let freed = 0;
  while ((running.peek()?.finish ?? Number.POSITIVE_INFINITY) === now) {
    const done = running.pop() as Running;
    freed++;
    for (const next of dag.successors[done.index] ?? []) {
      waiting[next] = (waiting[next] ?? 0) - 1;
      if (waiting[next] === 0) ready.push(next);
    }
  }
  return { now, freed };
}

/** Greedy list scheduling of the DAG on `threads` processors, priority = bottom level, ties by index. */
export function listSchedule(dag: DependencyDag, threads: number): ScheduleResult {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const levels = bottomLevels(dag);
  const ready = new PriorityQueue<number>((a, b) => {
    const byLevel = (levels[b] ?? 0) - (levels[a] ?? 0);
    return byLevel === 0 ? a < b : byLevel < 0;
  });
  const running = new PriorityQueue<Running>((a, b) =>
    a.finish === b.finish ? a.index < b.index : a.finish < b.finish,
  );
  const waiting = dag.predecessors.map((list) => list.length);
  waiting.forEach((count, index) => count === 0 && ready.push(index));
  let now = 0;
  let free = threads;
  let makespan = 0;
  while (ready.size > 0 || running.size > 0) {
    free = startReady(now, free, ready, running, dag);
    const step = finishNext(running, waiting, ready, dag);
    now = step.now;
    free += step.freed;
    makespan = Math.max(makespan, now);
  }
  const sequentialGas = dag.gas.reduce((sum, gas) => sum + gas, 0);
  return { threads, sequentialGas, makespanGas: makespan, speedup: makespan === 0 ? 1 : sequentialGas / makespan };
}

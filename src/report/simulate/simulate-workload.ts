/**
 * simulateWorkload: every simulation of this folder over the blocks of one workload, as plain JSON data.
 *
 * Per block: the dependency DAG, its critical path, the hotspots, and the three speedup models at each
 * thread count (ideal DAG list scheduling, the Block-STM simulation, the sharded chain with as many shards
 * as threads). Over the workload:
 *
 * - speedups are total gas over the sum of the blocks' makespans (blocks run one after another), which
 *   weighs every block by its gas;
 * - conflict density is the gas-weighted mean of the blocks' densities; the critical path ratio is the sum
 *   of the critical paths over the total gas; executions per transaction count every transaction once;
 * - hotspots and function pairs are summed over blocks and ranked (contention-hotspots.ts, function-conflicts.ts);
 * - what-if re-simulates the workload with each of the top hotspots made commutative, then partitioned
 *   (nonces excluded: see what-if.ts).
 *
 * The output holds no Map, no bigint, no undefined: gas is a JS number (exact up to 2^53, far above any
 * workload's gas), ratios and speedups are rounded to 4 decimals (`roundFigure`) so the JSON reads well
 * and baselines compare cleanly. Everything derives from gas, never from wall time: the same blocks and
 * options give deep-equal output.
 */
import { type BlockTrace, validateBlockTrace } from "../record/block-trace.js";
import { DEFAULT_VALIDATION_COST_FRACTION, simulateBlockStm, type BlockStmResult } from "./block-stm-simulation.js";
import { criticalPath, speedupBound, type CriticalPath } from "./critical-path.js";
import { buildDependencyDag, conflictDensity, type DependencyDag } from "./dependency-dag.js";
import { functionPairConflicts } from "./function-conflicts.js";
import { blockHotspots, mergeHotspots, type LocationStats } from "./contention-hotspots.js";
import { listSchedule } from "./list-scheduling.js";
import { DEFAULT_CROSS_SHARD_COST_FACTOR, simulateSharded, type ShardedResult } from "./sharded-model.js";
import {
  figuresOf,
  isFixable,
  whatIf,
  whatIfTogether,
  workloadFigures,
  type WhatIfResult,
  type WorkloadFigures,
} from "./what-if.js";
import {
  DEFAULT_THREADS,
  roundFigure,
  type BlockSimulation,
  type SimulationOptions,
  type SpeedupPoint,
  type WorkloadSimulation,
} from "./simulation-model.js";

type Resolved = WorkloadSimulation["parameters"] & { readonly partition: Readonly<Record<string, number>> };

function resolveOptions(options: SimulationOptions): Resolved {
  const partition = options.partition ?? {};
  return {
    threads: [...(options.threads ?? DEFAULT_THREADS)],
    validationCostFraction: options.validationCostFraction ?? DEFAULT_VALIDATION_COST_FRACTION,
    crossShardCostFactor: options.crossShardCostFactor ?? DEFAULT_CROSS_SHARD_COST_FACTOR,
    countDeltas: options.countDeltas ?? false,
    partitionedAccounts: Object.keys(partition).length,
    whatIfTop: options.whatIfTop ?? 5,
    whatIfParts: options.whatIfParts ?? 16,
    whatIfThreads: options.whatIfThreads ?? 16,
    partition,
  };
}

/** Raw (unrounded) model results of one block at every thread count. */
interface BlockRun {
  readonly dag: DependencyDag;
  readonly path: CriticalPath;
  readonly list: readonly number[];
  readonly stm: readonly BlockStmResult[];
  readonly sharded: readonly ShardedResult[];
}

function runBlock(block: BlockTrace, settings: Resolved): BlockRun {
  const dag = buildDependencyDag(block);
  const sharding = {
    crossShardCostFactor: settings.crossShardCostFactor,
    partition: settings.partition,
    countDeltas: settings.countDeltas,
  };
  return {
    dag,
    path: criticalPath(dag),
    list: settings.threads.map((threads) => listSchedule(dag, threads).makespanGas),
    stm: settings.threads.map((threads) =>
      simulateBlockStm(block, threads, { validationCostFraction: settings.validationCostFraction }),
    ),
    sharded: settings.threads.map((threads) => simulateSharded(block, threads, sharding)),
  };
}

/** Combines block runs at thread position `at` into one point (one run gives that block's point). */
function speedupPoint(runs: readonly BlockRun[], threads: number, at: number): SpeedupPoint {
  const sum = (pick: (run: BlockRun) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  const gas = sum((run) => run.path.totalGas);
  const speedup = (time: number): number => roundFigure(time === 0 ? 1 : gas / time);
  const transactions = sum((run) => run.dag.size);
  const critical = sum((run) => run.path.gas);
  return {
    threads,
    dag: speedup(sum((run) => run.list[at] ?? 0)),
    blockStm: speedup(sum((run) => run.stm[at]?.makespanGas ?? 0)),
    sharded: speedup(sum((run) => run.sharded[at]?.makespanGas ?? 0)),
    bound: roundFigure(speedupBound({ gas: critical, totalGas: gas, ratio: 0, transactions: [] }, threads)),
    blockStmExecutionsPerTx: roundFigure(
      transactions === 0 ? 0 : sum((run) => run.stm[at]?.executions ?? 0) / transactions,
    ),
    blockStmAborts: sum((run) => run.stm[at]?.aborts ?? 0),
    blockStmSuspensions: sum((run) => run.stm[at]?.suspensions ?? 0),
    blockStmWastedGas: roundFigure(sum((run) => run.stm[at]?.wastedGas ?? 0)),
    shardedCrossShardRatio: roundFigure(
      transactions === 0 ? 0 : sum((run) => run.sharded[at]?.crossShardTransactions ?? 0) / transactions,
    ),
  };
}

function blockAnalysis(
  block: BlockTrace,
  position: number,
  run: BlockRun,
  threads: readonly number[],
): BlockSimulation {
  return {
    number: block.number ?? position,
    transactions: run.dag.size,
    gas: run.path.totalGas,
    edges: run.dag.edges.length,
    conflictDensity: roundFigure(conflictDensity(run.dag)),
    criticalPath: { gas: run.path.gas, ratio: roundFigure(run.path.ratio), transactions: [...run.path.transactions] },
    speedups: threads.map((count, at) => speedupPoint([run], count, at)),
  };
}

function roundHotspot(stats: LocationStats): LocationStats {
  return { ...stats, serializedGas: roundFigure(stats.serializedGas) };
}

function roundWhatIf(result: WhatIfResult): WhatIfResult {
  const round = (change: WhatIfResult["dag"]): WhatIfResult["dag"] => ({
    before: roundFigure(change.before),
    after: roundFigure(change.after),
    gain: roundFigure(change.gain),
  });
  const { before, after } = result.criticalPathRatio;
  return {
    ...result,
    dag: round(result.dag),
    blockStm: round(result.blockStm),
    criticalPathRatio: { before: roundFigure(before), after: roundFigure(after) },
  };
}

/**
 * The what-if step's figures of the unchanged workload at `threads`, from the block runs when they simulated
 * that thread count (summed in block order, as `workloadFigures` does), else undefined.
 */
function figuresAt(runs: readonly BlockRun[], threads: readonly number[], at: number): WorkloadFigures | undefined {
  const index = threads.indexOf(at);
  if (index < 0) return undefined;
  let gas = 0;
  let critical = 0;
  let dagTime = 0;
  let stmTime = 0;
  for (const run of runs) {
    gas += run.path.totalGas;
    critical += run.path.gas;
    dagTime += run.list[index] ?? 0;
    stmTime += run.stm[index]?.makespanGas ?? 0;
  }
  return figuresOf({ gas, critical, dagTime, stmTime });
}

/** Summary over all blocks (see the file header for the weights). */
function summarize(blocks: readonly BlockTrace[], runs: readonly BlockRun[]): WorkloadSimulation["summary"] {
  const gas = runs.reduce((sum, run) => sum + run.path.totalGas, 0);
  const critical = runs.reduce((sum, run) => sum + run.path.gas, 0);
  const weightedDensity = runs.reduce((sum, run) => sum + run.path.totalGas * conflictDensity(run.dag), 0);
  return {
    blocks: blocks.length,
    transactions: runs.reduce((sum, run) => sum + run.dag.size, 0),
    gas,
    edges: runs.reduce((sum, run) => sum + run.dag.edges.length, 0),
    conflictDensity: roundFigure(gas === 0 ? 0 : weightedDensity / gas),
    criticalPathGas: critical,
    criticalPathRatio: roundFigure(gas === 0 ? 0 : critical / gas),
  };
}

/**
 * Analyzes the recorded blocks of one workload. Throws on a malformed trace (index out of place, gas not a
 * safe integer, bad location key) with a message naming the block and transaction.
 */
export function simulateWorkload(blocks: readonly BlockTrace[], options: SimulationOptions = {}): WorkloadSimulation {
  blocks.forEach((block, position) => validateBlockTrace(block, position));
  const settings = resolveOptions(options);
  const runs = blocks.map((block) => runBlock(block, settings));
  const ranked = mergeHotspots(blocks.map((block, position) => blockHotspots(block, (runs[position] as BlockRun).dag)));
  const fixes = [{ kind: "commutative" as const }, { kind: "partitioned" as const, parts: settings.whatIfParts }];
  const fixable = options.fixable ?? (() => true);
  const tried = ranked
    .map((stats) => stats.location)
    .filter((location) => isFixable(location) && fixable(location))
    .slice(0, settings.whatIfTop);
  const { partition: _partition, ...parameters } = settings;
  const stm = { validationCostFraction: settings.validationCostFraction };
  const before =
    figuresAt(runs, settings.threads, settings.whatIfThreads) ?? workloadFigures(blocks, settings.whatIfThreads, stm);
  const together = whatIfTogether(blocks, tried, settings.whatIfThreads, stm, before);
  return {
    version: 1,
    parameters,
    summary: summarize(blocks, runs),
    speedups: settings.threads.map((threads, at) => speedupPoint(runs, threads, at)),
    blocks: blocks.map((block, position) =>
      blockAnalysis(block, position, runs[position] as BlockRun, settings.threads),
    ),
    hotspots: ranked.slice(0, options.hotspotLimit ?? 20).map(roundHotspot),
    functionPairs: functionPairConflicts(blocks)
      .slice(0, options.functionPairLimit ?? 50)
      .map((pair) => ({ ...pair, rate: roundFigure(pair.rate) })),
    whatIf: [
      ...whatIf(blocks, tried, fixes, settings.whatIfThreads, stm, before),
      ...(together === undefined ? [] : [together]),
    ].map(roundWhatIf),
  };
}

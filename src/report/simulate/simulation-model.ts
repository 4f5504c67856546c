/**
 * The data shapes of the workload simulation (simulate-workload.ts): its options, the speedup models at one
 * thread count, one block's and one workload's results, and the rounding of every figure. Split from
 * simulate-workload.ts by concept; simulate-workload.ts re-exports every name here.
 */
import type { LocationKey } from "../record/block-trace.js";
import type { LocationStats } from "./contention-hotspots.js";
import type { FunctionPairConflict } from "./function-conflicts.js";
import type { WhatIfResult } from "./what-if.js";

/** Thread counts the report simulates by default. */
export const DEFAULT_THREADS: readonly number[] = [1, 2, 4, 8, 16, 32, 64];

/** Options of {@link simulateWorkload}; every field has a default. */
export interface SimulationOptions {
  /** Thread (and shard) counts to simulate. Default {@link DEFAULT_THREADS}. */
  readonly threads?: readonly number[];
  /** Validation cost of the Block-STM simulation, fraction of a transaction's gas. Default 0.05. */
  readonly validationCostFraction?: number;
  /** Sharded model: cross-shard cost factor (default 1), explicit partition, deltas binding shards. */
  readonly crossShardCostFactor?: number;
  readonly partition?: Readonly<Record<string, number>>;
  readonly countDeltas?: boolean;
  /** Hotspots listed. Default 20. */
  readonly hotspotLimit?: number;
  /** Function pairs listed. Default 50. */
  readonly functionPairLimit?: number;
  /** Hotspots tried by the what-if step (0 turns it off). Default 5. */
  readonly whatIfTop?: number;
  /** Parts of the partitioned fix. Default 16. */
  readonly whatIfParts?: number;
  /** Thread count of the what-if figures. Default 16. */
  readonly whatIfThreads?: number;
  /**
   * Which locations a contract change could fix (default: all but nonces). The report leaves out a sender's
   * own balance and the coinbase: no contract change touches them.
   */
  readonly fixable?: (location: LocationKey) => boolean;
}

/** The three models at one thread count. */
export interface SpeedupPoint {
  readonly threads: number;
  /** Ideal DAG list scheduling. */
  readonly dag: number;
  /** Block-STM simulation. */
  readonly blockStm: number;
  /** Sharded chain with `threads` shards. */
  readonly sharded: number;
  /** min(threads, totalGas / criticalPathGas): no model can beat it. */
  readonly bound: number;
  readonly blockStmExecutionsPerTx: number;
  readonly blockStmAborts: number;
  readonly blockStmSuspensions: number;
  readonly blockStmWastedGas: number;
  readonly shardedCrossShardRatio: number;
}

/** Analysis of one block. */
export interface BlockSimulation {
  /** Block number when the trace has one, else its position in the workload. */
  readonly number: number;
  readonly transactions: number;
  readonly gas: number;
  readonly edges: number;
  readonly conflictDensity: number;
  readonly criticalPath: { readonly gas: number; readonly ratio: number; readonly transactions: readonly number[] };
  readonly speedups: readonly SpeedupPoint[];
}

/** Result of {@link simulateWorkload}: plain JSON data. */
export interface WorkloadSimulation {
  /** Version of this data shape; bumped on any incompatible change. */
  readonly version: 1;
  readonly parameters: {
    readonly threads: readonly number[];
    readonly validationCostFraction: number;
    readonly crossShardCostFactor: number;
    readonly countDeltas: boolean;
    readonly partitionedAccounts: number;
    readonly whatIfTop: number;
    readonly whatIfParts: number;
    readonly whatIfThreads: number;
  };
  readonly summary: {
    readonly blocks: number;
    readonly transactions: number;
    readonly gas: number;
    readonly edges: number;
    readonly conflictDensity: number;
    readonly criticalPathGas: number;
    readonly criticalPathRatio: number;
  };
  readonly speedups: readonly SpeedupPoint[];
  readonly blocks: readonly BlockSimulation[];
  readonly hotspots: readonly LocationStats[];
  readonly functionPairs: readonly FunctionPairConflict[];
  readonly whatIf: readonly WhatIfResult[];
}

/** Rounds a ratio or speedup to 4 decimals (the precision of the output). */
export function roundFigure(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

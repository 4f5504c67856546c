/**
 * What-if: how much a fix to one hotspot would gain, by rewriting the recording and simulating it again.
 *
 * Two fixes, the ones Garamvölgyi et al. (ICSE'22) found to double the ceiling of real contracts:
 *
 * - commutative: the location becomes a commutative counter (an aggregator, a lazy balance). Every
 *   transaction that wrote it now applies a delta instead, and no longer reads it: the read was the "read"
 *   of a read-modify-write. A transaction that only read it still reads it, and now depends on every delta
 *   before it: real reads keep their edges.
 * - partitioned into N parts: the location becomes N sub-locations (`key#0` … `key#N−1`), as a sharded
 *   counter or per-user buckets would do. The k-th transaction writing it (block order) uses part k mod N
 *   for all its accesses to it (round-robin); a transaction that only reads it reads all N parts (summing a
 *   partitioned counter needs every part).
 *
 * Nonces are never candidates ({@link isFixable}): a sender's nonce orders its own transactions by
 * protocol, and no contract change can make it commutative or split it.
 *
 * The gain of a fix is the workload speedup after it over the speedup before it, at one thread count, for
 * the ideal DAG model and for the Block-STM simulation. The workload speedup is total gas over the sum of
 * the blocks' makespans, so large blocks weigh more.
 */
import { isNonceKey } from "../../runtime/vocabulary.js";
import { type BlockTrace, type LocationKey, partKey, type TxTrace } from "../record/block-trace.js";
import { simulateBlockStm, type BlockStmOptions } from "./block-stm-simulation.js";
import { criticalPath } from "./critical-path.js";
import { buildDependencyDag } from "./dependency-dag.js";
import { listSchedule } from "./list-scheduling.js";

/** A fix to try on one location. */
export type WhatIfFix = { readonly kind: "commutative" } | { readonly kind: "partitioned"; readonly parts: number };

/** Speedup of one model before and after a fix. */
export interface SpeedupChange {
  readonly before: number;
  readonly after: number;
  /** `after / before`. */
  readonly gain: number;
}

/** Effect of one fix on one location over the whole workload. */
export interface WhatIfResult {
  readonly location: LocationKey;
  readonly fix: "commutative" | "partitioned";
  /** Number of parts for a partitioned fix, null otherwise. */
  readonly parts: number | null;
  /** Thread count the speedups are computed for. */
  readonly threads: number;
  readonly dag: SpeedupChange;
  readonly blockStm: SpeedupChange;
  /** Gas-weighted critical path ratio (sum of critical paths over total gas) before and after. */
  readonly criticalPathRatio: { readonly before: number; readonly after: number };
}

/** Whether a contract change could fix the location: everything but account nonces. */
export function isFixable(location: LocationKey): boolean {
  return !isNonceKey(location);
}

/** The block with `location` turned into a commutative counter (see the file header). */
export function makeCommutative(block: BlockTrace, location: LocationKey): BlockTrace {
  const transactions = block.transactions.map((tx): TxTrace => {
    if (!tx.writes.includes(location)) return tx;
    return {
      ...tx,
      reads: tx.reads.filter((key) => key !== location),
      writes: tx.writes.filter((key) => key !== location),
      deltas: tx.deltas.includes(location) ? tx.deltas : [...tx.deltas, location],
    };
  });
  return { ...block, transactions };
}

/** The block with `location` split into `parts` sub-locations, writers round-robin (see the file header). */
export function partitionLocation(block: BlockTrace, location: LocationKey, parts: number): BlockTrace {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`parts must be a positive integer, got ${parts}`);
  const all = Array.from({ length: parts }, (_, part) => partKey(location, part));
  let writer = 0;
  const transactions = block.transactions.map((tx): TxTrace => {
    const writes = tx.writes.includes(location) || tx.deltas.includes(location);
    if (!writes && !tx.reads.includes(location)) return tx;
    const replacement = writes ? [partKey(location, writer++ % parts)] : all;
    const swap = (keys: readonly LocationKey[]): LocationKey[] =>
      keys.flatMap((key) => (key === location ? replacement : [key]));
    return { ...tx, reads: swap(tx.reads), writes: swap(tx.writes), deltas: swap(tx.deltas) };
  });
  return { ...block, transactions };
}

/** Applies a fix to a block. */
export function applyFix(block: BlockTrace, location: LocationKey, fix: WhatIfFix): BlockTrace {
  return fix.kind === "commutative" ? makeCommutative(block, location) : partitionLocation(block, location, fix.parts);
}

/** Workload figures of the two models at one thread count. */
export interface WorkloadFigures {
  dag: number;
  blockStm: number;
  criticalPathRatio: number;
}

/** One block's gas, critical path gas and makespans (in gas), the terms of the workload figures. */
interface BlockSums {
  readonly gas: number;
  readonly critical: number;
  readonly dagTime: number;
  readonly stmTime: number;
}

function blockSums(block: BlockTrace, threads: number, options: BlockStmOptions): BlockSums {
  const dag = buildDependencyDag(block);
  const path = criticalPath(dag);
  return {
    gas: path.totalGas,
    critical: path.gas,
    dagTime: listSchedule(dag, threads).makespanGas,
    stmTime: simulateBlockStm(block, threads, options).makespanGas,
  };
}

/** The workload figures of per-block sums, added in block order. */
function figuresOfBlocks(sums: readonly BlockSums[]): WorkloadFigures {
  let gas = 0;
  let critical = 0;
  let dagTime = 0;
  let stmTime = 0;
  for (const s of sums) {
    gas += s.gas;
    critical += s.critical;
    dagTime += s.dagTime;
    stmTime += s.stmTime;
  }
  return figuresOf({ gas, critical, dagTime, stmTime });
}

/** Workload speedups (total gas over summed makespans) and critical path ratio. */
export function workloadFigures(
  blocks: readonly BlockTrace[],
  threads: number,
  options: BlockStmOptions = {},
): WorkloadFigures {
  return figuresOfBlocks(blocks.map((block) => blockSums(block, threads, options)));
}

/** Workload figures from the blocks' summed gas, critical paths and makespans (in gas). */
export function figuresOf(sums: { gas: number; critical: number; dagTime: number; stmTime: number }): WorkloadFigures {
  const { gas, critical, dagTime, stmTime } = sums;
  return {
    dag: dagTime === 0 ? 1 : gas / dagTime,
    blockStm: stmTime === 0 ? 1 : gas / stmTime,
    criticalPathRatio: gas === 0 ? 0 : critical / gas,
  };
}

function change(before: number, after: number): SpeedupChange {
  return { before, after, gain: before === 0 ? 1 : after / before };
}

/**
 * Re-simulates the workload with each fix applied to each location, one at a time. `before`, when given, is
 * {@link workloadFigures} of the unchanged blocks at `threads` (a caller that simulated them already). A block
 * the fix leaves as it was (the location is not in it) is simulated once, not once per fix: same figures.
 */
export function whatIf(
  blocks: readonly BlockTrace[],
  locations: readonly LocationKey[],
  fixes: readonly WhatIfFix[],
  threads: number,
  options: BlockStmOptions = {},
  before: WorkloadFigures = workloadFigures(blocks, threads, options),
): WhatIfResult[] {
  const unchanged: Array<BlockSums | undefined> = [];
  const sumsOf = (block: BlockTrace, fixed: BlockTrace, position: number): BlockSums => {
    if (fixed.transactions.some((tx, i) => tx !== block.transactions[i])) return blockSums(fixed, threads, options);
    return (unchanged[position] ??= blockSums(block, threads, options));
  };
  return locations.flatMap((location) =>
    fixes.map((fix): WhatIfResult => {
      const after = figuresOfBlocks(blocks.map((block, i) => sumsOf(block, applyFix(block, location, fix), i)));
      return {
        location,
        fix: fix.kind,
        parts: fix.kind === "partitioned" ? fix.parts : null,
        threads,
        dag: change(before.dag, after.dag),
        blockStm: change(before.blockStm, after.blockStm),
        criticalPathRatio: { before: before.criticalPathRatio, after: after.criticalPathRatio },
      };
    }),
  );
}

/** Joins the locations of a {@link whatIfTogether} row's `location`. */
export const TOGETHER = " + ";

/**
 * The workload re-simulated with every one of `locations` made commutative at once: when several hotspots
 * serialize the same transactions, fixing any one alone gains nothing and only fixing them together shows what
 * the contract could reach. The row's `location` is the keys joined by {@link TOGETHER}; undefined for fewer
 * than two locations.
 */
export function whatIfTogether(
  blocks: readonly BlockTrace[],
  locations: readonly LocationKey[],
  threads: number,
  options: BlockStmOptions,
  before: WorkloadFigures,
): WhatIfResult | undefined {
  if (locations.length < 2) return undefined;
  const fixed = blocks.map((block) => locations.reduce((b, location) => makeCommutative(b, location), block));
  const after = workloadFigures(fixed, threads, options);
  return {
    location: locations.join(TOGETHER),
    fix: "commutative",
    parts: null,
    threads,
    dag: change(before.dag, after.dag),
    blockStm: change(before.blockStm, after.blockStm),
    criticalPathRatio: { before: before.criticalPathRatio, after: after.criticalPathRatio },
  };
}

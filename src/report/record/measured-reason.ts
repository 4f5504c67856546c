/**
 * Why a workload's measured speedup is below 1.0× or more than ±15 % off the simulator's prediction — the
 * report states it next to the figure instead of leaving a bare number (issue 14, E4). From what the measured
 * re-run saw: blocks the executor ran sequentially and why (the fallback policy and loss guard judged parallel
 * would not pay there), blocks too small for the per-block parallel overhead the gas-only simulation leaves
 * out, a machine busier than its cores, or plain timing noise of a short single run.
 */

/** One block of the measured parallel re-run. */
export interface MeasuredBlock {
  readonly transactions: number;
  /** The executor's strategy and its reason (`sequential` + `measured-loss: …`, `block-stm` + `parallel: …`). */
  readonly strategy: string;
  readonly reason: string;
  /** The block's fixed parallel costs (probe, dispatch, waiting, applying; 0 when sequential), ms. */
  readonly overheadMs: number;
  /** Its wall time (mining: the executor, then block assembly, receipts and the state root), ms. */
  readonly ms: number;
  /** The executor's part of it, ms. */
  readonly executorMs: number;
}

/** What the explanation is built from. */
export interface MeasuredFacts {
  readonly speedup: number;
  readonly predicted: number;
  readonly workers: number;
  readonly blocks: readonly MeasuredBlock[];
  /** One-minute load average and the machine's cores while measuring. */
  readonly load: number;
  readonly cores: number;
}

/** The agreement with the prediction the report expects without a reason. */
export const PREDICTION_TOLERANCE = 0.15;
/** Blocks below this many transactions are "small" for a parallel lane (bench: break-even ≈ 64 ERC20 transfers). */
const SMALL_BLOCK = 256;

/** The reason for a measured speedup below 1.0× or off the prediction by more than 15 %; undefined when neither. */
export function explainMeasured(facts: MeasuredFacts): string | undefined {
  const off = Math.abs(facts.speedup / facts.predicted - 1) > PREDICTION_TOLERANCE;
  if (facts.speedup >= 1 && !off) return undefined;
  const reasons: string[] = [];
  const fallbacks = facts.blocks.filter((b) => b.strategy === "sequential");
  const why = [...new Set(fallbacks.map((b) => b.reason.split(":")[0] ?? b.reason))].join(", ");
  if (fallbacks.length > 0 && fallbacks.length === facts.blocks.length)
    reasons.push(
      `every block ran the sequential executor (${why}: parallel would not pay there), so both sides ran the ` +
        `same code and the difference from 1.0x is timing noise`,
    );
  else if (fallbacks.length > 0)
    reasons.push(
      `${fallbacks.length} of ${facts.blocks.length} blocks ran sequentially (${why}): parallel would not pay there`,
    );
  const parallel = facts.blocks.filter((b) => b.strategy !== "sequential");
  const small = parallel.filter((b) => b.transactions < SMALL_BLOCK);
  if (small.length > 0) {
    const overhead = sum(parallel.map((b) => b.overheadMs));
    const share = Math.round((overhead / Math.max(1e-9, sum(parallel.map((b) => b.ms)))) * 100);
    reasons.push(
      `blocks of ${Math.min(...small.map((b) => b.transactions))} transactions are small: the per-block parallel costs ` +
        `(probe, dispatch, waiting, commit) took ${share} % of their time, which the gas-only prediction leaves out`,
    );
  }
  const outside = sum(facts.blocks.map((b) => Math.max(0, b.ms - b.executorMs)));
  const share = Math.round((outside / Math.max(1e-9, sum(facts.blocks.map((b) => b.ms)))) * 100);
  if (facts.speedup < facts.predicted && share >= 10)
    reasons.push(
      `${share} % of the mining time is outside the executor (block assembly, receipts, state root) and runs sequentially`,
    );
  if (facts.load > facts.cores)
    reasons.push(`the machine was busy (load ${facts.load.toFixed(1)} on ${facts.cores} cores): wall times are noisy`);
  if (reasons.length === 0) reasons.push("timing noise of one short run (no fallback, no overhead found)");
  return reasons.join("; ");
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

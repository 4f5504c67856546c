/**
 * Why a workload's measured speedup is below 1.0× or more than ±15 % off the simulator's prediction — the
 * report states it next to the figure instead of leaving a bare number (issue 14, E4). From what the measured
 * re-run saw: blocks the executor ran sequentially and why (the fallback policy and loss guard judged parallel
 * would not pay there), transactions the parallel block ran again on the main thread (the executor's lanes run a
 * block's two halves over the pre-block state, so a transaction that reads what the other lane's earlier ones
 * wrote runs again at its commit point — where the simulated Block-STM re-runs it on any free thread), blocks too
 * small for the per-block parallel overhead the gas-only simulation leaves out, a machine busier than its cores,
 * or plain timing noise of a short single run. A block the executor ran sequentially was mined once (measure-block.ts):
 * its speedup is 1.0× by construction, and the fallback's reason is the whole explanation.
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
  /** Transactions run again at their commit point (0 when sequential). */
  readonly reExecutions?: number;
  /** Of those, the ones whose speculative run could not run at all (a nonce or funds from the other lane). */
  readonly invalid?: number;
  /** Where validation failed most, with counts (raw location keys). */
  readonly conflicts?: readonly { readonly location: string; readonly count: number }[];
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
  /** Names a location key for the reader (the report's labels); the raw key when absent. */
  readonly labelOf?: (location: string) => string;
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
  // The measured re-run then was the block's sequential mining (measure-block.ts): nothing else to explain.
  if (fallbacks.length > 0 && fallbacks.length === facts.blocks.length)
    return (
      `the executor ran the block sequentially (${why}: parallel would not pay there), so it was mined once and ` +
      `that mining is both figures: 1.0x by construction`
    );
  if (fallbacks.length > 0)
    reasons.push(
      `${fallbacks.length} of ${facts.blocks.length} blocks ran sequentially (${why}): parallel would not pay there`,
    );
  const parallel = facts.blocks.filter((b) => b.strategy !== "sequential");
  const again = reExecuted(parallel, facts.labelOf ?? ((location) => location));
  if (again !== undefined) reasons.push(again);
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

/** Share of a parallel block's transactions run again above which the re-runs are named as a reason. */
const RE_RUN_SHARE = 0.1;

/** The re-run transactions of the parallel blocks in words, when they are at least {@link RE_RUN_SHARE}. */
function reExecuted(parallel: readonly MeasuredBlock[], labelOf: (location: string) => string): string | undefined {
  const again = sum(parallel.map((b) => b.reExecutions ?? 0));
  const txs = sum(parallel.map((b) => b.transactions));
  if (txs === 0 || again / txs < RE_RUN_SHARE) return undefined;
  const invalid = Math.min(again, sum(parallel.map((b) => b.invalid ?? 0)));
  const counts = new Map<string, number>();
  for (const c of parallel.flatMap((b) => b.conflicts ?? [])) {
    const label = labelOf(c.location);
    counts.set(label, (counts.get(label) ?? 0) + c.count);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
  const why: string[] = [];
  if (again > invalid)
    why.push(
      `${again - invalid} read what the other lane's earlier transactions wrote` +
        (top.length === 0 ? "" : `, most often ${top.map(([label]) => label).join(", ")}`),
    );
  if (invalid > 0)
    why.push(
      `${invalid} could not run over the pre-block state (a sender's earlier transaction, or the funds it needed, came from the other lane)`,
    );
  return (
    `${again} of ${txs} transactions ran again on the main thread at their commit point (${why.join("; ")}), ` +
    `where the simulated Block-STM re-runs them on any free thread`
  );
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

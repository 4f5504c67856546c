/**
 * Which of a block's transactions the sharded executor's partitioner learns from. Learning from every one (the
 * touched addresses of each, linked pairwise, then a repartition) cost the main thread 10–19 ms per
 * 1,000-transaction block, measured 2026-12-06 on a loaded machine: ≈ 7–15 % of a dependent chain that falls
 * back, and as much again on a sharded block. A sample of evenly spaced transactions whose offset moves every
 * block sees every position within a few blocks; addresses new to the partitioner are learnt from every
 * envelope before the block anyway (`Partitioner.prepare`). The partition only decides where transactions
 * run: every result is still validated in order, so learning less can cost speed, never a divergence.
 */

/** Transactions of a block the partitioner learns from (see the header). */
export const LEARN_SAMPLE = 128;

/**
 * Positions of an `n`-transaction block to learn from: all when `n` ≤ LEARN_SAMPLE, else LEARN_SAMPLE evenly
 * spaced ones starting at an offset that rotates with `round`.
 */
export function learningSample(n: number, round: number): number[] {
  if (n <= LEARN_SAMPLE) return Array.from({ length: n }, (_, k) => k);
  const step = n / LEARN_SAMPLE;
  const offset = (round * 0.618034 * step) % step;
  return Array.from({ length: LEARN_SAMPLE }, (_, k) => Math.min(n - 1, Math.floor(offset + k * step)));
}

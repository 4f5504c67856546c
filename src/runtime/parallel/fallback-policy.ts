/**
 * When not to run a block in parallel — a normal, tagged outcome, never an error. Chosen per block:
 * - one execution thread (`workers: 1`): nothing to run beside the main thread;
 * - small blocks: a worker lane costs a fixed ≈ 5–12 ms (task and reply cloning, replica sync, tx decoding)
 *   and the probe ≈ 1 ms, more than a few transactions take; pevm uses "fewer transactions than threads or
 *   < 4M gas";
 * - dense conflicts: a conflict probe (a few sampled transactions run over the pre-block state) finds most
 *   of them depending on an earlier one; speculative lanes would then be thrown away and the main thread
 *   would re-execute nearly everything after them.
 *
 * Break-even, measured during development (bench/executor.ts measures the 1,000-transaction case;
 * independent ERC20 transfers ≈ 0.27 ms each, 2 threads, adaptive split, medians of 14 rounds, state root
 * included, load ≈ 1.1): 8 txs 0.56×, 16 0.50×, 24 0.76×, 32 0.77–1.00×, 48 0.76–0.96×, 64 0.98–1.10×,
 * 96 1.14–1.16×, 128 1.16–1.18×, 256 1.34×, 1,000 1.32–1.36×.
 * So a block pays off from ≈ 64 ERC20 transfers, that is ≈ 15 ms of sequential work. Cheap transactions
 * (ETH transfers ≈ 0.07 ms) need proportionally more, so the size test is on *estimated work*: the probe's
 * time per transaction × the block's length must reach `minSequentialMs` (15 ms); `minTransactions` (32) only
 * skips the probe for blocks that can never reach it. The probe itself samples 1 transaction in 16 (4 to 16):
 * a fixed 16 cost ≈ 4 ms, a quarter of a 64-transaction block.
 *
 * Cheap transactions do not pay off at all on 2 threads: a worker lane adds ≈ 40–50 µs per transaction
 * (decoding ≈ 25 µs, serializing on the main thread ≈ 8 µs, cloning the answer, validating it), as much as a
 * plain ETH transfer takes (≈ 60 µs). Measured, 1,000 ETH transfers: 0.87× (warm, 15 rounds) and 0.55× (the
 * 3-round benchmark); 400: 0.97×. So blocks whose probe shows < `minMsPerTx` (0.1 ms) per transaction run
 * sequentially.
 */
import type { ConflictProbe } from "./conflict-probe.js";

/** Thresholds of the policy. */
export interface FallbackPolicyOptions {
  /** Blocks with fewer transactions run sequentially. */
  readonly minTransactions: number;
  /** Sampled dependency ratio at or above which a block runs sequentially. */
  readonly denseConflictRatio: number;
  /** Transactions sampled by the conflict probe (0 disables it). */
  readonly probeSize: number;
  /** Blocks whose sequential time, estimated from the probe's time per transaction, is lower run sequentially. */
  readonly minSequentialMs: number;
  /** Blocks whose transactions take less on average (probe time per transaction) run sequentially. */
  readonly minMsPerTx: number;
  /**
   * After a parallel block slower than its predicted sequential time, run the next blocks sequentially
   * (loss-guard.ts). Only with work-based decisions on (`minSequentialMs` > 0): a policy that asks for parallel
   * whatever it costs (tests, the fuzzer) gets parallel.
   */
  readonly lossGuard?: boolean;
  /**
   * Sharded strategy: blocks with a larger share of cross-shard transactions run sequentially (default 0.2,
   * sharded/shard-plan.ts); 1 never falls back for it.
   */
  readonly maxCrossShardRatio?: number;
}

/** Defaults, from the break-even measurement in the header. */
export const DEFAULT_FALLBACK_POLICY: FallbackPolicyOptions = {
  minTransactions: 32,
  denseConflictRatio: 0.75,
  probeSize: 16,
  minSequentialMs: 15,
  minMsPerTx: 0.1,
  lossGuard: true,
};

/**
 * No fallback: every block long enough to split over the lanes (2 transactions per lane) runs with the
 * configured strategy, whatever the probe or the clock says (the `parallel.fallback: "never"` setting).
 */
export const NEVER_FALL_BACK: FallbackPolicyOptions = {
  minTransactions: 2,
  denseConflictRatio: 2,
  probeSize: 0,
  minSequentialMs: 0,
  minMsPerTx: 0,
  lossGuard: false,
  maxCrossShardRatio: 1,
};

/** Whether `policy` lets the loss guard send blocks to the sequential executor. */
export function lossGuardActive(policy: FallbackPolicyOptions): boolean {
  return policy.lossGuard !== false && policy.minSequentialMs > 0;
}

/**
 * The probe samples one transaction in this many (it runs on the main thread, before the lanes or — for a
 * block shape that last ran in parallel — beside the worker lanes).
 */
const PROBE_EVERY = 16;

/** The decision for one block. */
export interface FallbackDecision {
  readonly parallel: boolean;
  readonly reason: string;
}

/** Transactions the conflict probe samples in an `n`-transaction block: 1 in 16, at least 4, at most `probeSize`. */
export function probeSizeFor(n: number, policy: FallbackPolicyOptions): number {
  return Math.min(policy.probeSize, Math.max(4, Math.floor(n / PROBE_EVERY)));
}

/** The decision before anything ran. */
export function decideBeforeExecution(txCount: number, lanes: number, policy: FallbackPolicyOptions): FallbackDecision {
  if (lanes < 2) return { parallel: false, reason: "single-thread: workers is 1" };
  if (txCount < Math.max(policy.minTransactions, lanes * 2)) {
    return { parallel: false, reason: `small-block: ${txCount} transactions < ${policy.minTransactions}` };
  }
  return { parallel: true, reason: "parallel" };
}

/** The decision once the conflict probe ran over a block of `n` transactions. */
export function decideFromProbe(probe: ConflictProbe, policy: FallbackPolicyOptions, n = 0): FallbackDecision {
  if (probe.sampled >= 4 && probe.ratio >= policy.denseConflictRatio) {
    const pct = Math.round(probe.ratio * 100);
    return {
      parallel: false,
      reason: `dense-conflicts: ${pct}% of ${probe.sampled} sampled transactions depend on an earlier one`,
    };
  }
  const estimatedMs = n > 0 && probe.sampled > 0 ? (n * probe.ms) / probe.sampled : Infinity;
  if (estimatedMs < (policy.minSequentialMs ?? 0)) {
    const ms = Math.round(estimatedMs * 10) / 10;
    return { parallel: false, reason: `small-block: ≈ ${ms} ms of sequential work < ${policy.minSequentialMs} ms` };
  }
  const perTx = probe.sampled > 0 ? probe.ms / probe.sampled : Infinity;
  if (n > 0 && perTx < policy.minMsPerTx) {
    const ms = Math.round(perTx * 1000) / 1000;
    return { parallel: false, reason: `cheap-transactions: ≈ ${ms} ms per transaction < ${policy.minMsPerTx} ms` };
  }
  return { parallel: true, reason: `parallel: probe found ${Math.round(probe.ratio * 100)}% dependent` };
}

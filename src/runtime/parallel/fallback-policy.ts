/**
 * When not to run a block in parallel — a normal, tagged outcome, never an error. Chosen per block:
 * - one execution thread (`workers: 1`): nothing to run beside the main thread;
 * - small blocks: dispatching a lane costs a message round trip and a replica sync (≈ 1 ms here), more than
 *   a few transactions take (0.1–0.7 ms each); pevm uses "fewer transactions than threads or < 4M gas";
 * - dense conflicts: a conflict probe (a few sampled transactions run over the pre-block state) finds most
 *   of them depending on an earlier one; speculative lanes would then be thrown away and the main thread
 *   would re-execute nearly everything after them.
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
}

/** Defaults. `minTransactions` is an estimate (lane dispatch ≈ 1 ms vs 0.1–0.7 ms per transaction), not yet measured. */
export const DEFAULT_FALLBACK_POLICY: FallbackPolicyOptions = {
  minTransactions: 24,
  denseConflictRatio: 0.75,
  probeSize: 16,
};

/** The decision for one block. */
export interface FallbackDecision {
  readonly parallel: boolean;
  readonly reason: string;
}

/** The decision before anything ran. */
export function decideBeforeExecution(txCount: number, lanes: number, policy: FallbackPolicyOptions): FallbackDecision {
  if (lanes < 2) return { parallel: false, reason: "single-thread: workers is 1" };
  if (txCount < Math.max(policy.minTransactions, lanes * 2)) {
    return { parallel: false, reason: `small-block: ${txCount} transactions < ${policy.minTransactions}` };
  }
  return { parallel: true, reason: "parallel" };
}

/** The decision once the conflict probe ran. */
export function decideFromProbe(probe: ConflictProbe, policy: FallbackPolicyOptions): FallbackDecision {
  if (probe.sampled >= 4 && probe.ratio >= policy.denseConflictRatio) {
    const pct = Math.round(probe.ratio * 100);
    return {
      parallel: false,
      reason: `dense-conflicts: ${pct}% of ${probe.sampled} sampled transactions depend on an earlier one`,
    };
  }
  return { parallel: true, reason: `parallel: probe found ${Math.round(probe.ratio * 100)}% dependent` };
}

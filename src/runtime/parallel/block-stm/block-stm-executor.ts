/**
 * The Block-STM executor: a block is cut into contiguous segments, one per execution thread (the main
 * thread's first, sized from measured lane speeds so that both lanes end together — see lane-balance.ts;
 * before the first measurement slightly shorter: it also validates and commits), each a lane; the first
 * runs in place at its commit points (exact: nothing below it is left), the others speculatively;
 * the in-order commit then validates each speculative result (by run, else by value: run-writers.ts) and re-executes
 * the invalid ones at their commit point. Contiguous segments make the first segment exact and keep each
 * lane's own chain of dependencies (a sender's nonces, a hot slot) inside the lane.
 *
 * Why not per-transaction scheduling across threads as in the paper: a message round trip costs 0.2–0.4 ms
 * here (measured during development), as much as an ERC20 transfer, so work moves in lane-sized batches and re-execution
 * happens on the main thread, where the committed state lives. On a fully dependent chain the second lane is wasted but the
 * main thread re-executes it right after its own, so the block costs about its sequential time (and the
 * conflict probe usually sends such blocks to the sequential executor before any lane starts).
 *
 * The conflict probe runs first for a block shape without a parallel history (loss-guard.ts); for a shape whose
 * last block ran in parallel it runs on the main thread right after the worker lanes are dispatched, so the
 * workers do not wait for it (≈ 1–2 % of the block, measured 4–8 ms on 1,000 ERC20 transfers); when it then
 * says sequential the worker lanes are stopped and their answers dropped. A shape whose parallel blocks
 * re-executed nothing since its last probe reuses that probe for a few blocks (loss-guard.ts: reusableProbe).
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecution, BlockExecutionInput, BlockExecutor } from "../../exec/block-execution.js";
import type { TxIndex } from "../../vocabulary.js";

import { probeConflicts, type ConflictProbe } from "../conflict-probe.js";
import { StatsRecorder, type ParallelExecutionStats } from "../execution-stats.js";
import type { CommitResult } from "./in-order-commit.js";
import { firstOfSender, prefixForMainWork, previousOfSender, senderChainLanes } from "./sender-chains.js";
import {
  decideBeforeExecution,
  decideFromProbe,
  lossGuardActive,
  probeSizeFor,
  type FallbackDecision,
  type FallbackPolicyOptions,
} from "../fallback-policy.js";
import type { LaneEngine, LanePlan } from "../lanes/lane-engine.js";
import { blockShape, LossGuard } from "../loss-guard.js";

/** Share of the main thread's segment relative to a worker's, before any lane speed was measured. */
export const MAIN_LANE_WEIGHT = 0.9;

/**
 * Contiguous segments for `lanes` threads: the first `mainCount` transactions (default: weighted by
 * `mainWeight`) for the main thread, the rest split evenly.
 */
export function contiguousSegments(
  n: number,
  lanes: number,
  mainWeight = MAIN_LANE_WEIGHT,
  mainCount = Math.round((n * mainWeight) / (mainWeight + lanes - 1)),
): TxIndex[][] {
  const segments: TxIndex[][] = [];
  let start = 0;
  for (let k = 0; k < lanes; k++) {
    const share = k === 0 ? mainCount : Math.round((n - mainCount) / (lanes - 1));
    const end = k === lanes - 1 ? n : Math.min(n, start + share);
    segments.push(Array.from({ length: end - start }, (_, i) => start + i));
    start = end;
  }
  return segments;
}

/** Runs a block sequentially as the fallback and tags the statistics. */
export async function runFallback(
  sequential: BlockExecutor,
  input: BlockExecutionInput,
  decision: FallbackDecision,
  extra: Record<string, unknown>,
): Promise<BlockExecution> {
  const started = performance.now();
  const result = await sequential.execute(input);
  const stats = { ...result.stats, strategy: "sequential" as const, reason: decision.reason, ...extra };
  return {
    ...result,
    stats: { ...stats, timings: { totalMs: Math.round((performance.now() - started) * 100) / 100 } },
  };
}

/** Block-STM over lanes. */
export class BlockStmExecutor implements BlockExecutor {
  constructor(
    private readonly engine: LaneEngine,
    private readonly sequential: BlockExecutor,
    private readonly policy: FallbackPolicyOptions,
    private readonly guard: LossGuard = new LossGuard(),
  ) {}

  async execute(input: BlockExecutionInput): Promise<BlockExecution> {
    const n = input.transactions.length;
    const lanes = this.engine.lanes;
    const before = decideBeforeExecution(n, lanes, this.policy);
    if (!before.parallel) return runFallback(this.sequential, input, before, { requested: "block-stm" });
    const guarding = lossGuardActive(this.policy);
    const shape = guarding ? blockShape(input.transactions) : "";
    const guarded = guarding ? this.guard.decide(input.state, shape) : undefined;
    if (guarded !== undefined) return this.#sequential(input, guarded, shape, {});
    const started = performance.now();
    const stats = new StatsRecorder(n);
    const reused = guarding ? this.#reusable(input, shape) : undefined;
    const { result, probe, decision } =
      reused === undefined
        ? await this.#runProbed(input, stats, guarding ? shape : undefined)
        : await this.#runReused(input, stats, reused);
    if (result === undefined) {
      if (guarding) this.guard.recordProbeFallback(input.state, shape, decision.reason);
      return this.#sequential(input, decision, guarding ? shape : undefined, { probe });
    }
    stats.timings.probeMs = reused === undefined ? probe.ms : 0;
    if (guarding) {
      const predicted = probe.sampled > 0 ? (probe.ms / probe.sampled) * n : Infinity;
      this.guard.record(input.state, shape, n, performance.now() - started, predicted);
    }
    const final: ParallelExecutionStats = stats.finish(
      { strategy: "block-stm", reason: decision.reason, lanes },
      result.finals,
      { probe, ...(reused === undefined ? {} : { probeReused: true }) },
    );
    if (guarding) this.guard.recordProbe(input.state, shape, probe, reused !== undefined, final.reExecutions);
    return { executed: result.executed, skipped: result.skipped, gasUsed: result.gasUsed, stats: final };
  }

  /** The shape's remembered probe (LossGuard.reusableProbe) if it still says parallel for a block this long. */
  #reusable(input: BlockExecutionInput, shape: string): ConflictProbe | undefined {
    const probe = this.guard.reusableProbe(input.state, shape);
    if (probe === undefined) return undefined;
    return decideFromProbe(probe, this.policy, input.transactions.length).parallel ? probe : undefined;
  }

  /**
   * Runs the lanes without probing: `probe` is the block shape's last one, whose parallel blocks since
   * re-executed nothing (LossGuard.reusableProbe); the reason says so.
   */
  async #runReused(
    input: BlockExecutionInput,
    stats: StatsRecorder,
    probe: ConflictProbe,
  ): Promise<{ result: CommitResult | undefined; probe: ConflictProbe; decision: FallbackDecision }> {
    const reason = `${decideFromProbe(probe, this.policy, input.transactions.length).reason} (an earlier block of this shape; none re-executed since)`;
    const result = await this.engine.run(input, this.#plan(input.transactions), stats);
    return { result, probe, decision: { parallel: true, reason } };
  }

  /** Contiguous segments, each sender's chain kept on one lane (sender-chains.ts). */
  #plan(txs: readonly TypedTransaction[]): LanePlan {
    const n = txs.length;
    const previous = previousOfSender(txs);
    const first = firstOfSender(previous);
    const mainCount = prefixForMainWork(first, this.engine.mainShare(n, MAIN_LANE_WEIGHT));
    const contiguous = contiguousSegments(n, this.engine.lanes, MAIN_LANE_WEIGHT, mainCount);
    return { lanes: senderChainLanes(first, contiguous), steal: true, previousOfSender: previous };
  }

  /**
   * Runs the lanes behind the conflict probe: first, or — for a block shape whose last block ran in parallel
   * (`shape` given when guarding) — beside the worker lanes, so they do not wait for it. No result when the
   * probe says sequential.
   */
  async #runProbed(
    input: BlockExecutionInput,
    stats: StatsRecorder,
    shape: string | undefined,
  ): Promise<{ result: CommitResult | undefined; probe: ConflictProbe; decision: FallbackDecision }> {
    const n = input.transactions.length;
    const common = input.envBlock.common;
    const { lane } = await this.engine.contexts(common.chainId(), common.hardfork());
    const verdict: { probe?: ConflictProbe; decision?: FallbackDecision } = {};
    const gate = async (): Promise<boolean> => {
      verdict.probe = await probeConflicts(lane, input, probeSizeFor(n, this.policy));
      verdict.decision = decideFromProbe(verdict.probe, this.policy, n);
      return verdict.decision.parallel;
    };
    const overlap = shape !== undefined && this.guard.ranParallel(input.state, shape);
    const result =
      overlap || (await gate())
        ? await this.engine.run(input, this.#plan(input.transactions), stats, overlap ? gate : undefined)
        : undefined;
    const { probe, decision } = verdict;
    if (probe === undefined || decision === undefined) throw new Error("Block-STM: the conflict probe did not run");
    return { result, probe, decision };
  }

  /** The sequential fallback; its time is the guard's measured sequential cost of `shape` (when guarding). */
  async #sequential(
    input: BlockExecutionInput,
    decision: FallbackDecision,
    shape: string | undefined,
    extra: Record<string, unknown>,
  ): Promise<BlockExecution> {
    const started = performance.now();
    const result = await runFallback(this.sequential, input, decision, { requested: "block-stm", ...extra });
    if (shape !== undefined)
      this.guard.recordSequential(input.state, shape, input.transactions.length, performance.now() - started);
    return result;
  }
}

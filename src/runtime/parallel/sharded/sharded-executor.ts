/**
 * Sharded execution: accounts and contracts belong to shards (see partitioner.ts); a transaction whose
 * sender and target fall in one shard (or whose target is shared) is *single-shard* and runs in that shard's
 * lane with no coordination; a transaction spanning shards is *cross-shard* and is coordinated: it runs only
 * at its commit point, after every lower transaction is final, so it sees all shards consistently. Shards are
 * packed onto execution threads by measured lane speed (shard-plan.ts); a worker lane runs group by group
 * (lane-groups.ts) so that the main thread, when it ends first, takes back whole groups of a late worker's
 * tail (tail stealing, as in Block-STM). Every single-shard result still passes the in-order validation, so a
 * wrong guess costs a re-execution, never a divergence.
 *
 * Falls back to the sequential executor, with the reason in the statistics, for a block that is too small,
 * whose transactions mostly span shards (`cross-shard: …`), or that the conflict probe finds densely
 * dependent (`dense-conflicts: …`, naming the hot contract most transactions call); and, like Block-STM, for a
 * block shape whose sharded blocks measured slower than sequential (the loss guard, loss-guard.ts: tagged
 * `measured-loss`, re-probed with backoff). The probe overlaps the worker lanes for a shape that last ran
 * sharded, as in Block-STM.
 *
 * {@link ShardedExecutor.verdict} says, without running a block, whether this executor would run it sequentially
 * and why (the report skips the mining of a block it would only run sequentially: that mining is the block's
 * sequential mining, already measured).
 *
 * Statistics: per-shard load (transactions, gas), cross-shard ratio, time spent coordinating (executing
 * cross-shard transactions at the commit point), "escaped" single-shard transactions whose final execution
 * touched another shard, and "spanning" transactions (any) whose final execution touched two shards or more —
 * the observed cross-shard count, next to the predicted one; the block's partition (`partition`: each transaction's shard, null for
 * cross-shard ones, the cross-shard transactions, each shard's thread, the shared addresses), served by
 * `parallel_getBlockStatistics`.
 */
import type { BlockExecution, BlockExecutionInput, BlockExecutor, ExecutedTx } from "../../exec/block-execution.js";
import { toHex } from "../../util/hex.js";
import type { AddressHex } from "../../vocabulary.js";

import { MAIN_LANE_WEIGHT, runFallback } from "../block-stm/block-stm-executor.js";
import { StatsRecorder } from "../execution-stats.js";
import type { CommitResult } from "../block-stm/in-order-commit.js";
import { probeConflicts, type ConflictProbe } from "../conflict-probe.js";
import { blockShape, LossGuard } from "../loss-guard.js";
import {
  decideBeforeExecution,
  decideFromProbe,
  lossGuardActive,
  probeSizeFor,
  type FallbackDecision,
  type FallbackPolicyOptions,
} from "../fallback-policy.js";
import type { LaneEngine, LanePlan } from "../lanes/lane-engine.js";
import { groupLane } from "./lane-groups.js";
import { learningSample } from "./learning-sample.js";
import { spanCounts, withLazySpans } from "./touched-shards.js";
import type { Envelope, Partitioner } from "./partitioner.js";
import {
  MAX_CROSS_SHARD_RATIO,
  crossShardProbe,
  crossShardReason,
  denseReason,
  envelopesOf,
  planShards,
  threadShares,
  type ShardPlan,
} from "./shard-plan.js";

/** Contracts the probe's counted dependencies went through, most first. */
type Through = ReadonlyArray<{ address: string; count: number }>;

/** Why a block would run sequentially, with what its fallback block's statistics would carry besides. */
export interface SequentialVerdict {
  readonly reason: string;
  readonly stats: Readonly<Record<string, unknown>>;
}

/** A block cut for the lanes, before any decision on it. */
interface PlannedBlock {
  readonly envelopes: Envelope[];
  readonly plan: ShardPlan;
}

/** The conflict probe as this executor reads it, and the decision on it. */
interface ProbeVerdict {
  readonly probe: ConflictProbe;
  readonly through: Through;
  readonly decision: FallbackDecision;
}

/** Sharded execution over lanes. */
export class ShardedExecutor implements BlockExecutor {
  /** Blocks learnt from so far (rotates the learning sample). */
  #learned = 0;

  constructor(
    private readonly engine: LaneEngine,
    private readonly sequential: BlockExecutor,
    private readonly partitioner: Partitioner,
    private readonly policy: FallbackPolicyOptions,
    private readonly guard: LossGuard = new LossGuard(),
  ) {}

  async execute(input: BlockExecutionInput): Promise<BlockExecution> {
    const n = input.transactions.length;
    const lanes = Math.min(this.engine.lanes, this.partitioner.shards);
    const before = decideBeforeExecution(n, lanes, this.policy);
    if (!before.parallel) return runFallback(this.sequential, input, before, { requested: "sharded" });
    const shape = lossGuardActive(this.policy) ? blockShape(input.transactions) : undefined;
    const guarded = shape === undefined ? undefined : this.guard.decide(input.state, shape);
    // A shape the guard holds back was learnt from when it last ran (or was probed): nothing new to learn.
    if (guarded !== undefined) return this.#fallback(input, guarded.reason, { requested: "sharded" }, shape, false);
    const started = performance.now();
    const { envelopes, plan } = this.#plan(input, this.partitioner);
    const cross = crossShardReason(plan, this.policy.maxCrossShardRatio ?? MAX_CROSS_SHARD_RATIO);
    if (cross !== undefined) return this.#fallback(input, cross, this.#planned(plan), shape);
    const stats = new StatsRecorder(n);
    const probed = await this.#runProbed(input, plan, envelopes, stats, shape);
    const { result, probe } = probed;
    if (result === undefined) {
      const reason = denseReason(probed.reason, envelopes, probed.through);
      if (shape !== undefined) this.guard.recordProbeFallback(input.state, shape, reason);
      return this.#fallback(input, reason, { ...this.#planned(plan), probe }, shape);
    }
    stats.timings.probeMs = probe.ms;
    if (shape !== undefined) {
      const predicted = probe.sampled > 0 ? (probe.ms / probe.sampled) * n : Infinity;
      this.guard.record(input.state, shape, n, performance.now() - started, predicted);
    }
    const coinbase = toHex(input.envBlock.header.coinbase.bytes);
    // The statistics read the partition this block ran with: frozen before it learns from the block.
    const extra = this.#shardStats(plan, result, stats);
    const partition = this.partitioner.frozen();
    this.#learn(result.executed, coinbase);
    const base = stats.finish({ strategy: "sharded", reason: "sharded", lanes }, result.finals, { probe, ...extra });
    const final = withLazySpans(base, () => spanCounts(result.finals, plan.homes, partition, coinbase));
    return { executed: result.executed, skipped: result.skipped, gasUsed: result.gasUsed, stats: final };
  }

  /**
   * Whether this executor would run `input` sequentially, and why — decided as {@link execute} decides (the block's
   * size, its cross-shard share, the conflict probe as this executor reads it) without running the block: the
   * probe's few sampled transactions run over the pre-block state as in a mining (they change nothing), and a copy
   * of the partition learns the block's envelopes. Neither the state, the partition nor the loss guard changes.
   * The loss guard's history is not consulted: a shape it holds back is said to run sharded, and its mining then
   * falls back. A reason from the probe's timing (a small block's estimated work, cheap transactions) is this
   * probe's, as a mining's would be its own. Undefined when the block would run sharded.
   */
  async verdict(input: BlockExecutionInput): Promise<SequentialVerdict | undefined> {
    const n = input.transactions.length;
    const lanes = Math.min(this.engine.lanes, this.partitioner.shards);
    const before = decideBeforeExecution(n, lanes, this.policy);
    if (!before.parallel) return { reason: before.reason, stats: { requested: "sharded" } };
    const partitioner = this.partitioner.fork();
    const { envelopes, plan } = this.#plan(input, partitioner);
    const cross = crossShardReason(plan, this.policy.maxCrossShardRatio ?? MAX_CROSS_SHARD_RATIO);
    if (cross !== undefined) return { reason: cross, stats: this.#planned(plan, partitioner) };
    const { probe, through, decision } = await this.#probe(input, plan, envelopes, partitioner);
    if (decision.parallel) return undefined;
    const reason = denseReason(decision.reason, envelopes, through);
    return { reason, stats: { ...this.#planned(plan, partitioner), probe } };
  }

  /**
   * Cuts `input` for the lanes with `partitioner`, which first learns the block's new addresses from its
   * envelopes and, with one shard per thread, sizes the shards to the threads' measured speeds.
   */
  #plan(input: BlockExecutionInput, partitioner: Partitioner): PlannedBlock {
    const n = input.transactions.length;
    const lanes = Math.min(this.engine.lanes, partitioner.shards);
    const envelopes = envelopesOf(input.transactions);
    const mainShare = this.engine.mainShare(n, MAIN_LANE_WEIGHT);
    if (partitioner.shards === lanes) partitioner.balance(threadShares(mainShare / n, lanes));
    partitioner.prepare(envelopes);
    return { envelopes, plan: planShards(partitioner, envelopes, lanes, mainShare) };
  }

  /** Runs the conflict probe over the pre-block state and reads it for `plan` (crossShardProbe). */
  async #probe(
    input: BlockExecutionInput,
    plan: ShardPlan,
    envelopes: readonly Envelope[],
    partitioner: Partitioner,
  ): Promise<ProbeVerdict> {
    const n = input.transactions.length;
    const common = input.envBlock.common;
    const { lane } = await this.engine.contexts(common.chainId(), common.hardfork());
    const sampled = await probeConflicts(lane, input, probeSizeFor(n, this.policy));
    const { through, ...probe } = crossShardProbe(sampled, plan.homes, partitioner, envelopes);
    return { probe, through, decision: decideFromProbe(probe, this.policy, n) };
  }

  /**
   * Runs the lanes behind the conflict probe as this executor reads it (crossShardProbe): first, or — for a
   * shape whose last block ran sharded — beside the worker lanes. No result when the probe says sequential.
   */
  async #runProbed(
    input: BlockExecutionInput,
    plan: ShardPlan,
    envelopes: readonly Envelope[],
    stats: StatsRecorder,
    shape: string | undefined,
  ): Promise<{ result: CommitResult | undefined; probe: ConflictProbe; reason: string; through: Through }> {
    const verdict: { probe?: ConflictProbe; reason?: string; through?: Through } = {};
    const gate = async (): Promise<boolean> => {
      const { probe, through, decision } = await this.#probe(input, plan, envelopes, this.partitioner);
      Object.assign(verdict, { probe, through, reason: decision.reason });
      return decision.parallel;
    };
    const overlap = shape !== undefined && this.guard.ranParallel(input.state, shape);
    const lanePlan = this.#lanePlan(plan, envelopes);
    const result =
      overlap || (await gate()) ? await this.engine.run(input, lanePlan, stats, overlap ? gate : undefined) : undefined;
    const { probe, reason, through } = verdict;
    if (probe === undefined || reason === undefined || through === undefined)
      throw new Error("sharded: the conflict probe did not run");
    return { result, probe, reason, through };
  }

  /**
   * Runs the block sequentially for `reason`; the partitioner still learns from what it executed (unless `learn`
   * is false), and the loss guard measures the shape's sequential time.
   */
  async #fallback(
    input: BlockExecutionInput,
    reason: string,
    extra: Record<string, unknown>,
    shape: string | undefined,
    learn = true,
  ): Promise<BlockExecution> {
    const started = performance.now();
    const result = await runFallback(this.sequential, input, { parallel: false, reason }, extra);
    if (shape !== undefined)
      this.guard.recordSequential(input.state, shape, input.transactions.length, performance.now() - started);
    if (learn) this.#learn(result.executed, toHex(input.envBlock.header.coinbase.bytes));
    return result;
  }

  /** Teaches the partitioner what a block executed, from a sample of its transactions (learning-sample.ts). */
  #learn(executed: readonly ExecutedTx[], coinbase: AddressHex): void {
    const picked = learningSample(executed.length, this.#learned++);
    this.partitioner.observe(
      picked.map((k) => executed[k] as ExecutedTx),
      coinbase,
    );
  }

  /**
   * The lanes as the engine runs them: worker lanes group by group, so that a late one's tail can be taken
   * back by the main thread in whole groups (lane-groups.ts).
   */
  #lanePlan(plan: ShardPlan, envelopes: readonly Envelope[]): LanePlan {
    const shared = (address: string): boolean => this.partitioner.shardOf(address) === undefined;
    const grouped = plan.lanes.map((txs, k) => (k === 0 ? undefined : groupLane(txs, envelopes, shared)));
    return {
      lanes: plan.lanes.map((txs, k) => grouped[k]?.txs ?? txs),
      steal: true,
      groupStarts: grouped.map((g) => g?.starts),
    };
  }

  /** What a fallback block reports of the plan it did not run. */
  #planned(plan: ShardPlan, partitioner: Partitioner = this.partitioner): Record<string, unknown> {
    return {
      requested: "sharded",
      shards: partitioner.shards,
      partitioner: partitioner.kind,
      crossShard: plan.crossShard,
      crossShardRatio: ratio(plan.crossShard, plan.homes.length),
    };
  }

  /**
   * Per-shard load, cross-shard ratio, coordination time and partition of one block; its escaped and spanning
   * counts are computed when first read, over the partition as the block ran it (touched-shards.ts).
   */
  #shardStats(plan: ShardPlan, result: CommitResult, stats: StatsRecorder): Record<string, unknown> {
    const homes = plan.homes;
    let coordinationMs = 0;
    for (const j of stats.commitExecuted) if (homes[j] === undefined) coordinationMs += stats.commitMsOf(j);
    const load = Array.from({ length: this.partitioner.shards }, (_, shard) => ({ shard, transactions: 0, gas: 0 }));
    for (const [j, executed] of result.finals) {
      const entry = load[homes[j] ?? -1];
      if (entry === undefined) continue;
      entry.transactions++;
      entry.gas += Number(executed.gasUsed);
    }
    const crossShardTxs = homes.flatMap((h, j) => (h === undefined ? [j] : []));
    return {
      shards: this.partitioner.shards,
      partitioner: this.partitioner.kind,
      shardLoad: load,
      crossShard: plan.crossShard,
      crossShardRatio: ratio(plan.crossShard, homes.length),
      coordinationMs: Math.round(coordinationMs * 100) / 100,
      partition: {
        txShards: homes.map((h) => h ?? null),
        crossShardTxs,
        laneOfShard: plan.laneOfShard,
        shared: this.partitioner.sharedAddresses(),
      },
    };
  }
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}

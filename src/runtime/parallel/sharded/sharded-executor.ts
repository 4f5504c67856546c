/**
 * Sharded execution: accounts and contracts belong to shards (see partitioner.ts); a transaction whose
 * sender and target fall in one shard (or whose target is shared) is *single-shard* and runs in that shard's
 * lane with no coordination; a transaction spanning shards is *cross-shard* and is coordinated: it runs only
 * at its commit point, after every lower transaction is final, so it sees all shards consistently. Shards map
 * onto execution threads round-robin (shard 0 on the main thread). Every single-shard result still passes the
 * in-order validation, so a wrong guess costs a re-execution, never a divergence.
 *
 * Statistics: per-shard load (transactions, gas), cross-shard ratio, time spent coordinating (executing
 * cross-shard transactions at the commit point), and "escaped" single-shard transactions whose final
 * execution touched another shard.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecution, BlockExecutionInput, BlockExecutor, ExecutedTx } from "../../exec/block-execution.js";
import { toHex } from "../../util/hex.js";
import type { TxIndex } from "../../vocabulary.js";

import { runFallback } from "../block-stm/block-stm-executor.js";
import { StatsRecorder } from "../execution-stats.js";
import type { CommitResult } from "../block-stm/in-order-commit.js";
import { probeConflicts } from "../conflict-probe.js";
import {
  decideBeforeExecution,
  decideFromProbe,
  probeSizeFor,
  type FallbackPolicyOptions,
} from "../fallback-policy.js";
import type { LaneEngine } from "../lanes/lane-engine.js";
import { touchedAddresses, type Partitioner } from "./partitioner.js";

/** The shard a transaction is confined to, or undefined when it is cross-shard. */
export function homeShard(partitioner: Partitioner, tx: TypedTransaction): number | undefined {
  const sender = toHex(tx.getSenderAddress().bytes);
  const from = partitioner.shardOf(sender) ?? 0;
  if (tx.to === undefined) return from;
  const to = partitioner.shardOf(toHex(tx.to.bytes));
  return to === undefined || to === from ? from : undefined;
}

/** Sharded execution over lanes. */
export class ShardedExecutor implements BlockExecutor {
  constructor(
    private readonly engine: LaneEngine,
    private readonly sequential: BlockExecutor,
    private readonly partitioner: Partitioner,
    private readonly policy: FallbackPolicyOptions,
  ) {}

  async execute(input: BlockExecutionInput): Promise<BlockExecution> {
    const n = input.transactions.length;
    const lanes = Math.min(this.engine.lanes, this.partitioner.shards);
    const before = decideBeforeExecution(n, lanes, this.policy);
    if (!before.parallel) return runFallback(this.sequential, input, before, { requested: "sharded" });
    const common = input.envBlock.common;
    const { lane } = await this.engine.contexts(common.chainId(), common.hardfork());
    const probe = await probeConflicts(lane, input, probeSizeFor(n, this.policy));
    const decision = decideFromProbe(probe, this.policy, n);
    if (!decision.parallel) return runFallback(this.sequential, input, decision, { requested: "sharded", probe });
    const homes = input.transactions.map((tx) => homeShard(this.partitioner, tx));
    const laneTxs: TxIndex[][] = Array.from({ length: lanes }, () => []);
    homes.forEach((shard, j) => {
      if (shard !== undefined) laneTxs[shard % laneTxs.length]?.push(j);
    });
    const stats = new StatsRecorder(n);
    stats.timings.probeMs = probe.ms;
    const result = await this.engine.run(input, { lanes: laneTxs }, stats);
    const coinbase = toHex(input.envBlock.header.coinbase.bytes);
    const extra = this.#shardStats(homes, result, stats, coinbase);
    this.partitioner.observe(result.executed, coinbase);
    const final = stats.finish({ strategy: "sharded", reason: "sharded", lanes: laneTxs.length }, result.finals, extra);
    return { executed: result.executed, skipped: result.skipped, gasUsed: result.gasUsed, stats: final };
  }

  /** Per-shard load, cross-shard ratio, escaped transactions and coordination time of one block. */
  #shardStats(
    homes: ReadonlyArray<number | undefined>,
    result: CommitResult,
    stats: StatsRecorder,
    coinbase: string,
  ): Record<string, unknown> {
    let coordinationMs = 0;
    for (const j of stats.commitExecuted) if (homes[j] === undefined) coordinationMs += stats.commitMsOf(j);
    const load = Array.from({ length: this.partitioner.shards }, (_, shard) => ({ shard, transactions: 0, gas: 0 }));
    let escaped = 0;
    for (const [j, executed] of result.finals) {
      const home = homes[j];
      if (home === undefined) continue;
      const entry = load[home];
      if (entry !== undefined) {
        entry.transactions++;
        entry.gas += Number(executed.gasUsed);
      }
      if (this.#escapes(executed, home, coinbase)) escaped++;
    }
    const cross = homes.filter((h) => h === undefined).length;
    return {
      shards: this.partitioner.shards,
      partitioner: this.partitioner.kind,
      shardLoad: load,
      crossShard: cross,
      crossShardRatio: homes.length === 0 ? 0 : cross / homes.length,
      escaped,
      coordinationMs: Math.round(coordinationMs * 100) / 100,
    };
  }

  /** Whether a single-shard transaction's final execution touched another shard. */
  #escapes(executed: ExecutedTx, home: number, coinbase: string): boolean {
    for (const a of touchedAddresses(executed, coinbase)) {
      const s = this.partitioner.shardOf(a);
      if (s !== undefined && s !== home) return true;
    }
    return false;
  }
}

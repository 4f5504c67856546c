/**
 * The parallel runtime as the chain sees it: from the `parallel` settings (strategy, workers, shards) an
 * `ExecutorChooser` for `Chain.create` — every block with more than one transaction goes to the Block-STM or
 * sharded executor, which fall back to the chain's sequential executor per block when that is better — plus
 * `close` for the worker pool and the partition export of the sharded mode; and, for the sharded mode, the
 * verdict on a block without running it (would it run sequentially?).
 */
import type { ExecutorChooser } from "../chain/chain.js";
import type { BlockExecutionInput, BlockExecutor } from "../exec/block-execution.js";
import type { FlatState } from "../state/flat-state.js";
import type { ExecutionStrategy } from "../vocabulary.js";

import { BlockStmExecutor } from "./block-stm/block-stm-executor.js";
import { DEFAULT_FALLBACK_POLICY, type FallbackPolicyOptions } from "./fallback-policy.js";
import { LaneEngine, type LaneEngineOptions } from "./lanes/lane-engine.js";
import { LossGuard } from "./loss-guard.js";
import { GraphPartitioner } from "./sharded/graph-partitioner.js";
import { HashPartitioner, type PartitionExport, type Partitioner } from "./sharded/partitioner.js";
import { ShardedExecutor, type SequentialVerdict } from "./sharded/sharded-executor.js";

/** Settings of the parallel runtime. */
export interface ParallelExecutionOptions extends LaneEngineOptions {
  readonly strategy: ExecutionStrategy;
  /** Shard count of the sharded strategy (default: workers). */
  readonly shards?: number;
  /** How the sharded strategy assigns addresses (default `graph`: the access graph, hash bits for unseen ones). */
  readonly partitioner?: "hash" | "graph";
  readonly policy?: Partial<FallbackPolicyOptions>;
}

function freshPartitioner(options: ParallelExecutionOptions): Partitioner {
  const shards = Math.max(1, options.shards ?? options.workers);
  return options.partitioner === "hash" ? new HashPartitioner(shards) : new GraphPartitioner(shards);
}

/** A configured parallel runtime. */
export class ParallelExecution {
  readonly engine: LaneEngine;
  readonly #options: ParallelExecutionOptions;
  readonly #policy: FallbackPolicyOptions;
  #partitioner: Partitioner;
  /** Shared by the per-block executors: whether the last parallel block of a shape lost. */
  readonly #guard = new LossGuard();

  constructor(options: ParallelExecutionOptions) {
    this.#options = options;
    this.engine = new LaneEngine(options);
    this.#policy = { ...DEFAULT_FALLBACK_POLICY, ...options.policy };
    this.#partitioner = freshPartitioner(options);
  }

  /** Forgets the partition learnt so far (the next blocks start from a fresh access graph). */
  resetPartition(): void {
    this.#partitioner = freshPartitioner(this.#options);
  }

  /** The executor for one block, falling back to `sequential`. */
  executorFor(sequential: BlockExecutor): BlockExecutor {
    return this.#executor(sequential, this.#policy, this.#guard);
  }

  /**
   * An executor over the same workers and partition that runs every block it can in parallel whatever the
   * clock says (no loss guard; the probe's verdicts stay), with a guard of its own so the real one learns
   * nothing from it. For warming the workers up: a worker thread runs only its lane of each block, and its CPU
   * time per transaction measured 1.5–2.5× the main lane's over its first blocks and ≈ 1.1–1.2× from about the
   * tenth on (JIT tiers; bench/block-sampling.ts) — blocks the loss guard sends to sequential warm nothing.
   */
  warmUpExecutor(sequential: BlockExecutor): BlockExecutor {
    return this.#executor(sequential, { ...this.#policy, lossGuard: false }, new LossGuard());
  }

  #executor(sequential: BlockExecutor, policy: FallbackPolicyOptions, guard: LossGuard): BlockExecutor {
    switch (this.#options.strategy) {
      case "block-stm":
        return new BlockStmExecutor(this.engine, sequential, policy, guard);
      case "sharded":
        return new ShardedExecutor(this.engine, sequential, this.#partitioner, policy, guard);
      default:
        return sequential;
    }
  }

  /**
   * Whether this runtime would run the block `input` sequentially, and why, without running it (read-only:
   * `ShardedExecutor.verdict`) — for the sharded strategy. Undefined when the block would run in parallel, and
   * for the other strategies, whose verdict only a mining gives.
   */
  async sequentialVerdict(input: BlockExecutionInput): Promise<SequentialVerdict | undefined> {
    if (this.#options.strategy !== "sharded") return undefined;
    const none: BlockExecutor = { execute: () => Promise.reject(new Error("a verdict runs no block")) };
    return new ShardedExecutor(this.engine, none, this.#partitioner, this.#policy, this.#guard).verdict(input);
  }

  /** The chooser to give `Chain.create`. */
  get chooseExecutor(): ExecutorChooser {
    return (_count, sequential) => this.executorFor(sequential);
  }

  /** The sharded strategy's current partition. */
  exportPartition(): PartitionExport {
    return this.#partitioner.exportPartition();
  }

  /** Starts the workers with their EVMs and replicas of `state` before the first block (see LaneEngine). */
  prepare(state: FlatState, chainId: bigint, hardfork: string): Promise<void> {
    return this.#options.strategy === "sequential" ? Promise.resolve() : this.engine.prepare(state, chainId, hardfork);
  }

  /** Stops the worker pool. */
  close(): Promise<void> {
    return this.engine.close();
  }
}

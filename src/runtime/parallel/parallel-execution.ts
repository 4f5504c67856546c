/**
 * The parallel runtime as the chain sees it: from the `parallel` settings (strategy, workers, shards) an
 * `ExecutorChooser` for `Chain.create` — every block with more than one transaction goes to the Block-STM or
 * sharded executor, which fall back to the chain's sequential executor per block when that is better — plus
 * `close` for the worker pool and the partition export of the sharded mode.
 */
import type { ExecutorChooser } from "../chain/chain.js";
import type { BlockExecutor } from "../exec/block-execution.js";
import type { FlatState } from "../state/flat-state.js";
import type { ExecutionStrategy } from "../vocabulary.js";

import { BlockStmExecutor } from "./block-stm/block-stm-executor.js";
import { DEFAULT_FALLBACK_POLICY, type FallbackPolicyOptions } from "./fallback-policy.js";
import { LaneEngine, type LaneEngineOptions } from "./lanes/lane-engine.js";
import { LossGuard } from "./loss-guard.js";
import { GraphPartitioner, HashPartitioner, type PartitionExport, type Partitioner } from "./sharded/partitioner.js";
import { ShardedExecutor } from "./sharded/sharded-executor.js";

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
    switch (this.#options.strategy) {
      case "block-stm":
        return new BlockStmExecutor(this.engine, sequential, this.#policy, this.#guard);
      case "sharded":
        return new ShardedExecutor(this.engine, sequential, this.#partitioner, this.#policy, this.#guard);
      default:
        return sequential;
    }
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

/**
 * What the executor benchmarks share: timing one block on an executor (state root included), and sampling
 * every configuration on the same block from the same pre-state — interleaved and rotated per round
 * (`stats.ts`) — leaving the world's state and nonces as they were.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import type { ParallelExecutionStats } from "../src/runtime/parallel/execution-stats.js";
import { runBlock, type FuzzWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

import { interleaved } from "./stats.js";

/** One timed block. */
export interface BlockSample {
  readonly ms: number;
  readonly stats: ParallelExecutionStats | undefined;
}

/** Where and how large the benchmark's blocks are. */
export interface BlockSettings {
  readonly coinbase: string;
  readonly gasLimit: bigint;
}

/** Runs `txs` as one block on `executor` and computes the state root; every transaction must execute. */
export async function timeBlock(
  w: FuzzWorld,
  executor: BlockExecutor,
  txs: TypedTransaction[],
  block: BlockSettings,
): Promise<BlockSample> {
  const started = performance.now();
  const result = await runBlock(w, executor, txs, block.coinbase, block.gasLimit);
  w.state.stateRoot();
  const ms = performance.now() - started;
  if (result.executed.length !== txs.length)
    throw new Error(`only ${result.executed.length} of ${txs.length} executed: ${result.skipped[0]?.message}`);
  return { ms, stats: result.stats as ParallelExecutionStats | undefined };
}

/**
 * Samples each named configuration `rounds` times on the block `make` builds, every sample from the same
 * pre-state; `sample` runs one configuration (its block already rolled back to the pre-state).
 */
export async function sampleConfigurations(
  w: FuzzWorld,
  make: (w: FuzzWorld) => TypedTransaction[],
  names: readonly string[],
  rounds: number,
  sample: (name: string, txs: TypedTransaction[]) => Promise<BlockSample>,
): Promise<Map<string, BlockSample[]>> {
  const mark = w.state.mark();
  const nonces = new Map(w.nonces);
  const txs = make(w);
  const samples = await interleaved(names, rounds, 1, async (name): Promise<BlockSample> => {
    w.state.rollback(mark);
    return sample(name, txs);
  });
  w.state.rollback(mark);
  w.nonces.clear();
  for (const [k, v] of nonces) w.nonces.set(k, v);
  return samples;
}

/**
 * A cheap look at a block's conflict density before committing threads to it (the adaptive fallback's
 * input): a few transactions spread over the block run one by one over the pre-block state, and the probe
 * counts those that read something an earlier sampled one wrote — or could not run at all at the pre-block
 * state (a later nonce of a sender, funds an earlier transaction brings), which is a dependency too.
 * About 1–2 % of a 1,000-transaction block.
 */
import type { BlockExecutionInput } from "../exec/block-execution.js";
import { isSkipped, runTransaction } from "../exec/run-transaction.js";
import type { AccessSets } from "../vocabulary.js";

import type { LaneContext } from "./lanes/speculative-lane.js";

/** What the probe saw. */
export interface ConflictProbe {
  readonly sampled: number;
  readonly dependent: number;
  /** dependent / (sampled - 1): the share of sampled transactions that depend on an earlier sampled one. */
  readonly ratio: number;
  readonly ms: number;
  /**
   * [i, j]: sampled transaction j (block position) depends on sampled transaction i < j; i is -1 when j could
   * not run at the pre-block state (its cause is not among the samples).
   */
  readonly edges?: Array<[number, number]>;
  /** The location key each edge went through (the first one read that the earlier sample wrote), "" for i = -1. */
  readonly via?: string[];
}

/** Samples `size` transactions of the block and measures how many depend on an earlier sample. */
export async function probeConflicts(
  lane: LaneContext,
  input: BlockExecutionInput,
  size: number,
): Promise<ConflictProbe> {
  const started = performance.now();
  const n = input.transactions.length;
  const count = Math.min(size, n);
  const written = new Map<string, number>();
  const edges: Array<[number, number]> = [];
  const via: string[] = [];
  let dependent = 0;
  for (let k = 0; k < count; k++) {
    const j = Math.floor((k * n) / count);
    const tx = input.transactions[j];
    if (tx === undefined) continue;
    const outcome = await runTransaction(lane.evm, input.state, tx, input.envBlock, 0n, input.lazyCoinbase, true);
    if (isSkipped(outcome)) {
      if (k > 0) dependent++;
      if (k > 0) edges.push([-1, j]);
      if (k > 0) via.push("");
      continue;
    }
    const from = k > 0 ? writersRead(outcome.access, written) : [];
    if (from.length > 0) dependent++;
    for (const [i, key] of from) {
      edges.push([i, j]);
      via.push(key);
    }
    for (const key of outcome.access.writes.keys()) written.set(key, j);
    for (const key of outcome.access.deltas.keys()) written.set(key, j);
  }
  const ratio = count > 1 ? dependent / (count - 1) : 0;
  return { sampled: count, dependent, ratio, ms: performance.now() - started, edges, via };
}

/** The sampled transactions whose writes `access` read, ascending, each with the first such key. */
function writersRead(access: AccessSets, written: ReadonlyMap<string, number>): Array<[number, string]> {
  const from = new Map<number, string>();
  for (const key of access.reads.keys()) {
    const i = written.get(key);
    if (i !== undefined && !from.has(i)) from.set(i, key);
  }
  return [...from].sort((a, b) => a[0] - b[0]);
}

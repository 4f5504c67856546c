/**
 * Random blocks for executed ground truth: seeded transaction mixes built by actions (sender, another account,
 * an amount, a picker), run on the runtime and compared pair by pair with the analyzer's verdicts.
 */
import type { AnalysisResult, Immutables } from "../../../src/analyzer/index.js";
import { rng } from "../../runtime/parallel/helpers/fuzz-world.js";
import { type GroundTruth, compareWithExecution, figures } from "./ground-truth-check.js";
import { type Call, type GroundWorld, runCalls } from "./ground-truth.js";

/** Builds one call from a sender, another account, an amount (1..1000) and a seeded picker. */
export type Action = (from: string, other: string, amount: bigint, pick: <T>(xs: readonly T[]) => T) => Call;

/** Options of a random-block run. */
export interface RandomBlocks {
  seeds?: readonly number[];
  block?: number;
  label?: string;
  /** Count ETH balances as locations (`runCalls`' `balances`). */
  balances?: boolean;
  /** The deployments' immutable values (`mayConflict`'s `immutables`). */
  immutables?: Immutables;
}

/** Seeds and block size every ground-truth scenario uses unless told otherwise. */
export const SEEDS = [1, 2, 3];
export const BLOCK = 36;

/** Confirmed share of all predicted-conflicting pairs of a scenario (1 when nothing was predicted). */
export function overall(truth: GroundTruth): number {
  const all = [...truth.byContracts.values()];
  const predicted = all.reduce((n, t) => n + t.predicted, 0);
  return predicted === 0 ? 1 : all.reduce((n, t) => n + t.confirmed, 0) / predicted;
}

/** Runs one random block per seed (each call built by a random action) and compares every pair of it. */
export async function randomBlocks(
  g: GroundWorld,
  result: AnalysisResult,
  actions: Action[],
  options: RandomBlocks = {},
): Promise<GroundTruth> {
  let truth: GroundTruth | undefined;
  for (const seed of options.seeds ?? SEEDS) {
    const random = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const calls = Array.from({ length: options.block ?? BLOCK }, () => {
      const from = pick(g.accounts);
      const other = pick(g.accounts);
      return pick(actions)(from, other, BigInt(1 + Math.floor(random() * 1000)), pick);
    });
    const observed = await runCalls(g, calls, { balances: options.balances === true });
    truth = compareWithExecution(result, g.deployments, observed, truth, options.immutables);
  }
  if (truth === undefined) throw new Error("no seeds");
  if (process.env.GROUND_TRUTH_REPORT === "1") console.log(`${options.label ?? ""}${figures(truth)}`);
  return truth;
}

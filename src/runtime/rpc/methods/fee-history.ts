/**
 * `eth_feeHistory` as Hardhat's network answers it: base fees, gas used ratios and miner rewards at
 * percentiles of a range of blocks, the pending block counted when it is the newest.
 */
import type { Chain, StoredBlock } from "../../chain/chain.js";
import { nextBaseFeeAfter } from "../../chain/next-environment.js";
import { quantity } from "../../util/hex.js";
import { resolveBlock } from "../block-resolution.js";
import { blockSpecParam, quantityParam } from "../params.js";
import { invalidParams, refused } from "../rpc-error.js";

/**
 * The miner reward at percentile `p` of a block, as EDR computes it: transactions sorted by reward, the first
 * whose cumulative gas reaches `p` % of the block's gas *limit* (so mostly the highest reward), 0 for an
 * empty block.
 */
function rewardAt(stored: StoredBlock, p: number): bigint {
  const baseFee = stored.block.header.baseFeePerGas ?? 0n;
  const sorted = stored.executed
    .map((e) => ({ gas: e.gasUsed, reward: e.effectiveGasPrice - baseFee }))
    .sort((a, b) => (a.reward < b.reward ? -1 : a.reward > b.reward ? 1 : 0));
  const target = BigInt(Math.floor((p / 100) * Number(stored.block.header.gasLimit)));
  let gas = 0n;
  for (const { gas: used, reward } of sorted) {
    gas += used;
    if (target <= gas) return reward;
  }
  return sorted[sorted.length - 1]?.reward ?? 0n;
}

/** Runs the mining of a throwaway pending block. */
export type Mining = <R>(run: () => Promise<R>) => Promise<R>;

/** The percentiles param of eth_feeHistory as parsed (-32602 when missing or not numbers). */
function percentilesParam(params: unknown[]): number[] {
  if (params[2] === undefined) throw invalidParams("invalid value for parameter 2 (rewardPercentiles): missing");
  // null is refused as EDR refuses it (an empty array asks for no rewards).
  const percentiles = params[2];
  if (!Array.isArray(percentiles) || percentiles.some((p) => typeof p !== "number")) {
    throw invalidParams("invalid value for parameter 2 (rewardPercentiles): expected an array of numbers");
  }
  return percentiles as number[];
}

/** The percentiles' values, checked in EDR's order and words (after the block count). */
function rewardPercentiles(all: number[]): number[] {
  // Hardhat's network numbers the percentiles from 1 in its messages.
  const outOfRange = all.findIndex((p) => p < 0 || p > 100);
  if (outOfRange >= 0) {
    throw refused(
      `The reward percentile number ${outOfRange + 1} is invalid. It must be a float between 0 and 100, but is ${String(all[outOfRange])} instead.`,
    );
  }
  const decreasing = all.findIndex((p, i) => i + 1 < all.length && p > (all[i + 1] ?? p));
  if (decreasing >= 0) {
    throw refused(
      `The reward percentiles should be in non-decreasing order, but the percentile number ${decreasing + 1} is greater than the next one`,
    );
  }
  return all;
}

/**
 * `eth_feeHistory`. With `pending` as the newest block, Hardhat's network counts the pending block (mined and
 * thrown away) as the newest, with its gas used ratio, rewards of zero, and the base fee after it.
 */
export function feeHistory(chain: Chain, params: unknown[], mining: Mining): unknown {
  const count = Number(quantityParam(params, 0, "blockCount", true));
  const ref = blockSpecParam(params, 1, "newestBlock", true);
  // Every param is read (a malformed or missing one refused) before the count or the block is checked, as on EDR.
  const parsed = percentilesParam(params);
  if (count < 1) throw refused("blockCount should be at least 1");
  if (count > 1024) throw refused("blockCount should be at most 1024");
  const percentiles = rewardPercentiles(parsed);
  const newest = resolveBlock(chain, ref);
  if (ref.kind === "tag" && ref.tag === "pending") {
    return chain.withPendingStoredBlock((pending) => feeHistoryOf(chain, count, newest, percentiles, pending), mining);
  }
  return feeHistoryOf(chain, count, newest, percentiles, undefined);
}

/**
 * The base fee of the block after the newest, as EDR answers it: when that block is mined, its own (a reserved
 * block of a long hardhat_mine keeps the base fee before it; an override by hardhat_setNextBlockBaseFeePerGas
 * counts); when it is the next block, as it will be; after the pending block, computed from it.
 */
function baseFeeAfter(chain: Chain, mined: StoredBlock, pending: StoredBlock | undefined): bigint {
  if (pending !== undefined) return nextBaseFeeAfter(pending.block.header);
  if (mined.number === chain.latest.number) return chain.nextEnvironment().baseFeePerGas;
  const next = chain.blockByNumber(mined.number + 1n);
  return next?.block.header.baseFeePerGas ?? nextBaseFeeAfter(mined.block.header);
}

function feeHistoryOf(
  chain: Chain,
  count: number,
  mined: StoredBlock,
  percentiles: number[],
  pending: StoredBlock | undefined,
): Record<string, unknown> {
  const newestNumber = pending === undefined ? mined.number : mined.number + 1n;
  const first = newestNumber - BigInt(count) + 1n < 0n ? 0n : newestNumber - BigInt(count) + 1n;
  const baseFees: string[] = [];
  const ratios: number[] = [];
  const rewards: string[][] = [];
  for (let n = first; n <= newestNumber; n++) {
    const stored = n > mined.number ? pending : chain.blockByNumber(n);
    if (stored === undefined) continue;
    const h = stored.block.header;
    baseFees.push(quantity(h.baseFeePerGas ?? 0n));
    // EDR's (and Hardhat 2's) float arithmetic, to the last bit.
    ratios.push((Number(h.gasUsed) * 100_000) / Number(h.gasLimit) / 100_000);
    rewards.push(percentiles.map((p) => quantity(stored === pending ? 0n : rewardAt(stored, p))));
  }
  baseFees.push(quantity(baseFeeAfter(chain, mined, pending)));
  const result: Record<string, unknown> = {
    oldestBlock: quantity(first),
    baseFeePerGas: baseFees,
    gasUsedRatio: ratios,
  };
  if (percentiles.length > 0) result.reward = rewards;
  return result;
}

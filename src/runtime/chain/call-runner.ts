/**
 * Running a transaction request without mining it: `eth_call`, `eth_estimateGas`, `eth_createAccessList`.
 * The request runs through the same `runTx` path as mined transactions (intrinsic gas, value transfer,
 * refunds), as an impersonated transaction over a state view, with nonce checks off; the overlay is thrown
 * away afterwards, so a call never changes state.
 */
import type { Block } from "@ethereumjs/block";
import { runTx } from "@ethereumjs/vm";

import type { StateView } from "../state/account-data.js";
import { toHex } from "../util/hex.js";
import type { AccessSets } from "../vocabulary.js";

import { createEnvironmentBlock, type BlockEnvironment } from "./block-assembly.js";
import type { Chain } from "./chain.js";
import { impersonatedTransaction, type TxRequest } from "./transaction-factory.js";

/** What running a request gave. */
export interface CallOutcome {
  readonly returnValue: Uint8Array;
  readonly gasUsed: bigint;
  /** Gas refunded at the end (SSTORE clears): the limit must cover gasUsed + refund while running. */
  readonly gasRefund: bigint;
  /** EVM error (`revert`, `out of gas`, ...), undefined on success. */
  readonly error: string | undefined;
  readonly createdAddress: string | undefined;
  readonly access: AccessSets;
}

/**
 * Runs `request` in a block with environment `env` over `view`; throws when the request cannot run at all.
 * `block` is the environment block when the caller already built it (estimation runs several times).
 */
export async function runCall(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
  block: Block = createEnvironmentBlock(chain.common, env),
): Promise<CallOutcome> {
  const tx = impersonatedTransaction(chain.common, request);
  const { txState, vm } = chain.context;
  txState.begin(view, { sender: request.from });
  const result = await runTx(vm, {
    tx,
    block,
    skipNonce: true,
    skipBalance: true,
    skipHardForkValidation: true,
    skipBlockGasLimitValidation: true,
  });
  const access = txState.finish();
  return {
    returnValue: result.execResult.returnValue,
    gasUsed: result.totalGasSpent,
    gasRefund: result.gasRefund ?? 0n,
    error: result.execResult.exceptionError?.error,
    createdAddress: result.createdAddress === undefined ? undefined : toHex(result.createdAddress.bytes),
    access,
  };
}

/** EDR's (and Hardhat 2's) stopping distance of the binary search, by the lower bound. */
function minDifference(lower: bigint): bigint {
  if (lower >= 4_000_000n) return 50_000n;
  if (lower >= 1_000_000n) return 10_000n;
  if (lower >= 100_000n) return 1_000n;
  if (lower >= 50_000n) return 500n;
  if (lower >= 30_000n) return 300n;
  return 200n;
}

/**
 * `eth_estimateGas` exactly as Hardhat's network computes it, so that a transaction sent without `gas` gets
 * the same limit (and hash) on both networks: one run at `cap` (its failure is the caller's error to report);
 * its gas used (after refunds), at least the intrinsic cost + 1, is the answer if the transaction succeeds
 * with it; otherwise (refunds, the 63/64 rule of nested calls, the 2,300-gas SSTORE sentry need headroom) a
 * binary search between it and `cap` — first probe at 3 × the lower bound, at most 20 probes, stopping when
 * the bounds are closer than EDR's minimum difference — answers the upper bound.
 */
export async function estimateGas(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
  cap: bigint,
): Promise<{ gas: bigint } | { failure: CallOutcome }> {
  const block = createEnvironmentBlock(chain.common, env);
  const first = await runCall(chain, view, env, { ...request, gas: cap }, block);
  if (first.error !== undefined) return { failure: first };
  const succeeds = async (gas: bigint) =>
    (await runCall(chain, view, env, { ...request, gas }, block)).error === undefined;
  const intrinsic = impersonatedTransaction(chain.common, { ...request, gas: cap }).getIntrinsicGas();
  const initial = first.gasUsed > intrinsic ? first.gasUsed : intrinsic + 1n;
  if (await succeeds(initial)) return { gas: initial };
  let lower = initial;
  let upper = cap;
  for (let i = 0; upper - lower > minDifference(lower) && i < 20; i++) {
    let mid = lower + (upper - lower) / 2n;
    if (i === 0 && 3n * lower < mid) mid = 3n * lower;
    if (await succeeds(mid)) upper = mid;
    else lower = mid + 1n;
  }
  return { gas: upper };
}

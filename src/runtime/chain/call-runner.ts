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

/**
 * The smallest gas limit with which `request` succeeds (to within 1/1024): one run at `cap` (its failure is the
 * caller's error to report); then the gas it used, which is enough unless refunds or the 63/64 rule of nested
 * calls need headroom; then growing limits from gasUsed·64/63 until one succeeds, and a binary search below it.
 * A handful of runs instead of a search over the whole cap.
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
  // Candidates that are usually enough: what it used, plus what was refunded at the end, plus the 1/64 kept
  // back from every nested call and the 2,300 SSTORE needs left. Then doubling, then a short binary search.
  const needed = first.gasUsed + first.gasRefund;
  if (needed < cap && (await succeeds(needed))) return { gas: needed };
  let lo = needed;
  const headroom = ((needed + 2300n) * 64n) / 63n;
  if (headroom < cap && (await succeeds(headroom))) return { gas: await narrow(succeeds, lo, headroom) };
  lo = headroom;
  let hi = lo * 2n > cap ? cap : lo * 2n;
  while (hi < cap && !(await succeeds(hi))) {
    lo = hi;
    hi = hi * 2n > cap ? cap : hi * 2n;
  }
  return { gas: await narrow(succeeds, lo, hi) };
}

/** Binary search for the smallest succeeding limit in (lo, hi], to within 1/256 of it (a few runs). */
async function narrow(
  succeeds: (gas: bigint) => Promise<boolean>,
  failing: bigint,
  succeeding: bigint,
): Promise<bigint> {
  let lo = failing;
  let hi = succeeding;
  while (hi - lo > hi / 256n + 1n) {
    const mid = (lo + hi) / 2n;
    if (await succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Running a transaction request without mining it: `eth_call`, `eth_estimateGas`, `eth_createAccessList`.
 * The request runs through the same `runTx` path as mined transactions (intrinsic gas, value transfer,
 * refunds), as an impersonated transaction over a state view, with nonce checks off; the overlay is thrown
 * away afterwards, so a call never changes state.
 */
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
  /** EVM error (`revert`, `out of gas`, ...), undefined on success. */
  readonly error: string | undefined;
  readonly createdAddress: string | undefined;
  readonly access: AccessSets;
}

/** Runs `request` in a block with environment `env` over `view`; throws when the request cannot run at all. */
export async function runCall(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
): Promise<CallOutcome> {
  const tx = impersonatedTransaction(chain.common, request);
  const block = createEnvironmentBlock(chain.common, env);
  const { txState, vm } = chain.context;
  txState.begin(view);
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
  const first = await runCall(chain, view, env, { ...request, gas: cap });
  if (first.error !== undefined) return { failure: first };
  const succeeds = async (gas: bigint) => (await runCall(chain, view, env, { ...request, gas })).error === undefined;
  if (await succeeds(first.gasUsed)) return { gas: first.gasUsed };
  let lo = first.gasUsed;
  let hi = ((first.gasUsed + 2300n) * 64n) / 63n;
  while (hi < cap && !(await succeeds(hi))) {
    lo = hi;
    hi = hi * 2n > cap ? cap : hi * 2n;
  }
  if (hi > cap) hi = cap;
  while (hi - lo > hi / 1024n + 1n) {
    const mid = (lo + hi) / 2n;
    if (await succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return { gas: hi };
}

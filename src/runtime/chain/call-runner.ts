/**
 * Running a transaction request without mining it: `eth_call`, `eth_estimateGas`, `eth_createAccessList`.
 * The request runs through the same `runTx` path as mined transactions (intrinsic gas, value transfer,
 * refunds), as an impersonated transaction over a state view, with nonce checks off; the overlay is thrown
 * away afterwards, so a call never changes state.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import { runTx } from "@ethereumjs/vm";

import { watchGasLeft, type Frame, type GasLeftObservation } from "../evm/gas-left-watch.js";
import type { StateView } from "../state/account-data.js";
import { toHex } from "../util/hex.js";
import type { AccessSets } from "../vocabulary.js";

import { createEnvironmentBlock, type BlockEnvironment } from "./block-assembly.js";
import type { Chain } from "./chain.js";
import { watchInternalOutOfGas } from "./internal-out-of-gas.js";
import { impersonatedTransaction, type TxRequest } from "./transaction-factory.js";

/** What running a request gave. */
export interface CallOutcome {
  readonly returnValue: Uint8Array;
  readonly gasUsed: bigint;
  /** Gas refunded at the end (SSTORE clears): the limit must cover gasUsed + refund while running. */
  readonly gasRefund: bigint;
  /** Gas the execution itself used before refunds (intrinsic gas not included). */
  readonly executionGasUsed: bigint;
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
  tx: TypedTransaction = impersonatedTransaction(chain.common, request, chain.config.allowUnlimitedContractSize),
): Promise<CallOutcome> {
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
    executionGasUsed: result.execResult.executionGasUsed,
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

/** EIPs under which gas is charged or the gas left read in ways {@link outcomeWithLimit} does not reason about. */
const UNMODELLED_GAS_EIPS = [6800, 7864, 7928, 8037, 8038];

/** How a run's frames would fare with less gas, if all before went the same. */
interface Shortfalls {
  /** The frames that would run out of gas. */
  readonly short: readonly Frame[];
  /** Whether every SSTORE would still have more than EIP-2200's sentry left. */
  readonly sentryClear: boolean;
}

/**
 * How the frames of a run at some limit would fare with `shortfall` less gas, if all before went the same. The
 * transaction's frame has `shortfall` less; a frame a caller began gets min(what it got, all but 1/64 of its
 * caller's gas left then, less the caller's shortfall) — the 63/64 rule, whatever the call asked for — and runs
 * short iff the gas it had left at its end is below its own shortfall: with no stipend (no call with value) a
 * frame's gas left only goes down (a call's gas is charged when it returns), so its end is its least. Its SSTOREs
 * have its own shortfall less gas left.
 */
function shortfalls(frames: readonly Frame[], shortfall: bigint, sentry: bigint): Shortfalls {
  const own: bigint[] = [];
  const short: Frame[] = [];
  let sentryClear = true;
  for (const frame of frames) {
    let less = shortfall;
    if (frame.parent >= 0) {
      const left = frame.callerGasLeft - (own[frame.parent] ?? 0n);
      less = left < 0n ? frame.gasLimit + 1n : frame.gasLimit - min(frame.gasLimit, left - left / 64n);
    }
    own.push(less);
    if (frame.gasLimit - (frame.gasUsed ?? 0n) < less) short.push(frame);
    if (frame.minSstoreGasLeft !== undefined && frame.minSstoreGasLeft - less <= sentry) sentryClear = false;
  }
  return { short, sentryClear };
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Whether any frame below the transaction's own ended in an exceptional halt (which burns all its gas). */
const innerHalt = (frames: readonly Frame[]): boolean =>
  frames.some((f) => f.depth > 0 && f.error !== undefined && f.error !== "revert");

/**
 * How a transaction whose run at `cap` succeeded (`first`, watched: `observation`) would end with the gas limit
 * `limit`, when that is certain without running it: true (the very same run), false (it fails), or undefined
 * (only a run can tell). Nothing may read the gas left but SSTORE (its 2,300-gas sentry), the calls and creates
 * without value (the 63/64 rule) and a GAS right before a call, and there are no EIP-7702 authorizations: then
 * every step costs what it cost at `cap`, and the run at `limit` is the same run if no frame runs short and every
 * SSTORE keeps more than the sentry ({@link shortfalls}; the sentry is EIP-2200's, Istanbul on, as @ethereumjs
 * applies it). Otherwise the first difference is a frame running out of gas: the transaction's own frame (from
 * Homestead on, it fails), or an inner frame — a failure only when `watchInner` (Hardhat's `noInternalOutOfGas`)
 * and no precompile, whose failures are not all out-of-gas ones, runs short. Frames that halted exceptionally at
 * `cap` leave it undefined.
 */
export function outcomeWithLimit(
  chain: Chain,
  tx: TypedTransaction,
  first: CallOutcome,
  observation: GasLeftObservation,
  cap: bigint,
  limit: bigint,
  watchInner = true,
): boolean | undefined {
  const common = chain.context.common;
  const { frames } = observation;
  if (!observation.observed || observation.sensitive || frames === undefined) return undefined;
  if ("authorizationList" in tx || UNMODELLED_GAS_EIPS.some((eip) => common.isActivatedEIP(eip))) return undefined;
  const inner = frames.length > 1;
  if (inner && (!common.gteHardfork("tangerineWhistle") || innerHalt(frames))) return undefined;
  const sentry = common.gteHardfork("istanbul") ? common.param("sstoreSentryEIP2200Gas") : -1n << 256n;
  const { short, sentryClear } = shortfalls(frames, cap - limit, sentry);
  // An inner frame's SSTORE may fail first: only `watchInner` makes that a failure too.
  if (inner && !sentryClear && !watchInner) return undefined;
  if (short.some((f) => f.depth > 0)) return watchInner && !short.some((f) => f.precompile) ? false : undefined;
  if (limit < tx.getIntrinsicGas() + first.executionGasUsed) return common.gteHardfork("homestead") ? false : undefined;
  return sentryClear;
}

/**
 * `eth_estimateGas` exactly as Hardhat's network computes it, so that a transaction sent without `gas` gets
 * the same limit (and hash) on both networks: one run at `cap` (its failure is the caller's error to report);
 * its gas used (after refunds), at least the intrinsic cost + 1, is the answer if the transaction succeeds
 * with it; otherwise (refunds, the 63/64 rule of nested calls, the 2,300-gas SSTORE sentry need headroom) a
 * binary search between it and `cap` — first probe at 3 × the lower bound, at most 20 probes, stopping when
 * the bounds are closer than EDR's minimum difference — answers the upper bound. A run (at the gas used, or a
 * probe of the search) is skipped when the first run shows how it would end ({@link outcomeWithLimit}): the
 * answer is the same, with fewer EVM runs — one instead of about ten for a transaction with a refund or the
 * SSTORE sentry that makes no call (`runs` counts them; `exactRunShortcut: false` makes them all). In Hardhat's
 * default mode, `noInternalOutOfGas`, a run counts as successful only when no inner call ran out of gas, and an
 * inner call out of gas at the cap answers `internalOutOfGas` (see internal-out-of-gas.ts).
 */
export async function estimateGas(
  chain: Chain,
  view: StateView,
  env: BlockEnvironment,
  request: TxRequest,
  cap: bigint,
  options: { readonly exactRunShortcut?: boolean } = {},
): Promise<{ gas: bigint; runs: number } | { failure: CallOutcome } | { internalOutOfGas: true }> {
  const { vm } = chain.context;
  const watchInner = chain.config.gasEstimationMode !== "topLevelSuccess";
  const block = createEnvironmentBlock(chain.common, env);
  const capTx = impersonatedTransaction(
    chain.common,
    { ...request, gas: cap },
    chain.config.allowUnlimitedContractSize,
  );
  const watched = await watchGasLeft(vm.evm, () =>
    watchInternalOutOfGas(vm, () => runCall(chain, view, env, { ...request, gas: cap }, block, capTx)),
  );
  const first = watched.result.result;
  if (first.error !== undefined) return { failure: first };
  // Even the cap leaves an inner call out of gas: no limit is good (Hardhat's InternalCallOutOfGas).
  if (watchInner && watched.result.internalOutOfGas) return { internalOutOfGas: true };
  let runs = 1;
  const shortcut = options.exactRunShortcut !== false;
  const succeeds = async (gas: bigint) => {
    const known = shortcut
      ? outcomeWithLimit(chain, capTx, first, watched.observation, cap, gas, watchInner)
      : undefined;
    if (known !== undefined) return known;
    runs++;
    const run = await watchInternalOutOfGas(vm, () => runCall(chain, view, env, { ...request, gas }, block));
    return run.result.error === undefined && !(watchInner && run.internalOutOfGas);
  };
  const intrinsic = capTx.getIntrinsicGas();
  const initial = first.gasUsed > intrinsic ? first.gasUsed : intrinsic + 1n;
  if (await succeeds(initial)) return { gas: initial, runs };
  let lower = initial;
  let upper = cap;
  for (let i = 0; upper - lower > minDifference(lower) && i < 20; i++) {
    let mid = lower + (upper - lower) / 2n;
    if (i === 0 && 3n * lower < mid) mid = 3n * lower;
    if (await succeeds(mid)) upper = mid;
    else lower = mid + 1n;
  }
  return { gas: upper, runs };
}

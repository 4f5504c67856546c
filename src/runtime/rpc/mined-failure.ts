/**
 * The error of a failed run as Hardhat's network answers it (failed-run.ts), and of a failed mined
 * transaction: the one an automined send answers, and the one the request log prints under each failed
 * transaction of a mined block — the block's first or not (its run retraced in its block by
 * `traceTransaction`, not replayed as a call in the parent state, which is exact only for the first).
 */
import type { Chain } from "../chain/chain.js";
import { toHex } from "../util/hex.js";

import { targetOf, type FailedExecution, type FailedTarget } from "./execution-error.js";
import type { ExecutionHooks } from "./execution-hooks.js";
import { failedRunError, type Retrace } from "./failed-run.js";
import type { Quietly } from "./method-context.js";
import { traceTransaction } from "./methods/trace-transaction.js";
import { withTransactionHash, type RpcError } from "./rpc-error.js";

/** What a failure's wording reads: the chain (its VM), the project's contracts (hooks), the quiet runner. */
export interface FailureContext {
  readonly chain: Chain;
  readonly hooks: ExecutionHooks;
  readonly quietly: Quietly;
}

/** The error of a failed run (see failed-run.ts); `retrace` runs it again when a trace is needed. */
export function failureError(
  ctx: FailureContext,
  outcome: FailedExecution,
  target: FailedTarget,
  retrace: Retrace,
): Promise<RpcError> {
  const lookup = ctx.hooks.contractFacts;
  const explainer = lookup === undefined ? undefined : { lookup, vm: ctx.chain.context.vm };
  return failedRunError(outcome, target, (options) => ctx.quietly(() => retrace(options)), explainer);
}

/** The error of the mined transaction `hash` when it failed (with its hash), else undefined. */
export async function minedFailure(ctx: FailureContext, hash: string): Promise<RpcError | undefined> {
  const where = ctx.chain.txLocation(hash);
  const executed = where === undefined ? undefined : ctx.chain.blockByNumber(where.blockNumber)?.executed[where.index];
  if (executed === undefined || executed.status !== 0) return undefined;
  const target = { ...targetOf(executed.tx), transactionHash: toHex(executed.tx.hash()) };
  const failure = await failureError(ctx, executed, target, (options) => traceTransaction(ctx.chain, hash, options));
  return withTransactionHash(failure, hash);
}

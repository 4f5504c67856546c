/**
 * Introspection methods: `debug_traceTransaction` and `debug_traceCall` (struct logs or a native tracer),
 * `parallel_getBlockStatistics` (how the block was executed) and `parallel_getTransactionFailure` (a mined
 * transaction's failure, as an automined send answers it: what the request log prints under each failed
 * transaction of a block). Block access lists are in `access-list-methods.ts`.
 */
import { findBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { blockParam, blockSpecParam, hashParam, maxParams } from "../params.js";
import { refused } from "../rpc-error.js";

import { feeFreeRequest, traceCall } from "../tracers/trace-call.js";
import { checkTraceOptions, nativeTracerOf } from "../tracers/tracer-options.js";

import { traceTransaction } from "./trace-transaction.js";
import { callRequestParam } from "./tx-request-param.js";

/** Debug and statistics methods. */
export function debugMethods(ctx: MethodContext): Record<string, MethodHandler> {
  return {
    // Traces print no console.log lines (a replay is no execution of its own), as on Hardhat's network.
    debug_traceTransaction: (p) => {
      const hash = hashParam(p, 0, "transactionHash");
      checkTraceOptions(p, 1);
      return ctx.quietly(() => traceTransaction(ctx.chain, hash, p[1]));
    },
    // In the block's context with a zero base fee, like eth_call (Hardhat's network does the same).
    debug_traceCall: (p) => {
      const partial = callRequestParam(p, 0);
      checkTraceOptions(p, 2);
      const tracer = nativeTracerOf(p[2]);
      return ctx.quietly(() =>
        ctx.transactions.inCallContext(partial, blockSpecParam(p, 1), (request, view, env) =>
          traceCall(ctx.chain, tracer, p[2], { request: feeFreeRequest(partial, request), view, env }),
        ),
      );
    },
    // Null for a transaction that succeeded or is not mined; else its failure, thrown (code, message, data).
    parallel_getTransactionFailure: async (p) => {
      maxParams(p, 1);
      const failure = await ctx.transactions.minedFailure(hashParam(p, 0, "transactionHash"));
      if (failure !== undefined) throw failure;
      return null;
    },
    parallel_getBlockStatistics: (p) => {
      const stored = findBlock(ctx.chain, blockParam(p, 0));
      if (stored === undefined) throw refused("Unknown block");
      return {
        number: `0x${stored.number.toString(16)}`,
        transactions: stored.executed.length,
        ...(stored.execution?.stats ?? { strategy: "none", reason: "genesis", executions: 0 }),
      };
    },
  };
}

/**
 * Introspection methods: `debug_traceTransaction` (struct logs) and `parallel_getBlockStatistics` (how the
 * block was executed). Block access lists are in `access-list-methods.ts`.
 */
import { findBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { blockParam, hashParam } from "../params.js";
import { refused } from "../rpc-error.js";

import { traceTransaction } from "./trace-transaction.js";

/** Debug and statistics methods. */
export function debugMethods(ctx: MethodContext): Record<string, MethodHandler> {
  return {
    debug_traceTransaction: (p) => traceTransaction(ctx.chain, hashParam(p, 0, "transactionHash"), p[1]),
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

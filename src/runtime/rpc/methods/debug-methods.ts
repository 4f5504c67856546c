/**
 * Introspection methods: `debug_getBlockAccessList` (the recorded read and write sets of a block in
 * EIP-7928's shape), `debug_traceTransaction` (struct logs), and `parallel_getBlockStatistics` (how the
 * block was executed).
 */
import { findBlock, resolveBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { blockParam, hashParam } from "../params.js";
import { refused } from "../rpc-error.js";

import { blockAccessList } from "./block-access-list.js";
import { traceTransaction } from "./trace-transaction.js";

/** Debug and statistics methods. */
export function debugMethods(ctx: MethodContext): Record<string, MethodHandler> {
  return {
    debug_getBlockAccessList: (p) =>
      blockAccessList(ctx.chain, resolveBlock(ctx.chain, blockParam(p, 0, "block", true))),
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

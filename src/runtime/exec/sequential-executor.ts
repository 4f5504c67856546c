/**
 * The reference executor: transactions one after another, each committed to the flat state before the next
 * runs. Every parallel strategy is checked against it, and it is the fallback they return to.
 */
import type { EvmContext } from "../evm/evm-context.js";

import type { BlockExecution, BlockExecutionInput, BlockExecutor, ExecutedTx, SkippedTx } from "./block-execution.js";
import { isGasLimitUnenforced } from "./block-gas.js";
import { applyAccessSets, isSkipped, runTransaction } from "./run-transaction.js";

/** Executes a block's transactions in order on one EVM. */
export class SequentialExecutor implements BlockExecutor {
  readonly #context: EvmContext;

  constructor(context: EvmContext) {
    this.#context = context;
  }

  async execute(input: BlockExecutionInput): Promise<BlockExecution> {
    const executed: ExecutedTx[] = [];
    const skipped: SkippedTx[] = [];
    const gasLimit = isGasLimitUnenforced(input.envBlock) ? undefined : input.envBlock.header.gasLimit;
    let gasUsed = 0n;
    for (const tx of input.transactions) {
      if (gasLimit !== undefined && gasUsed + tx.gasLimit > gasLimit) {
        skipped.push({ tx, reason: "gas-limit", message: "does not fit in the block's remaining gas" });
        continue;
      }
      const outcome = await runTransaction(this.#context, input.state, tx, input.envBlock, gasUsed, input.lazyCoinbase);
      if (isSkipped(outcome)) {
        skipped.push(outcome);
        continue;
      }
      applyAccessSets(input.state, outcome.access);
      gasUsed += outcome.gasUsed;
      executed.push(outcome);
    }
    return {
      executed,
      skipped,
      gasUsed,
      stats: { strategy: "sequential", reason: "configured", executions: executed.length + skipped.length },
    };
  }
}

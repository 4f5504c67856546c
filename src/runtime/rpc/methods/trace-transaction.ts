/**
 * debug_traceTransaction: the transaction is re-executed over the state it saw (the block's pre-state plus the
 * writes and deltas of the transactions before it, all recorded), traced by a native tracer when the options
 * name one, else by the default struct-log tracer (`trace-execution.ts`).
 */
import { runTx } from "@ethereumjs/vm";

import type { Chain } from "../../chain/chain.js";
import { toHex } from "../../util/hex.js";
import { refused } from "../rpc-error.js";

import { traceNative } from "../tracers/native-tracer.js";
import { nativeTracerOf } from "../tracers/tracer-options.js";

import { stateBefore } from "./replay-state.js";
import { traceExecution } from "./trace-execution.js";

/** Traces a mined transaction: with a native tracer when the options name one, else with struct logs. */
export async function traceTransaction(chain: Chain, hash: string, rawOptions: unknown): Promise<unknown> {
  const tracer = nativeTracerOf(rawOptions);
  const location = chain.txLocation(hash);
  const stored = location === undefined ? undefined : chain.blockByNumber(location.blockNumber);
  const executed = location === undefined ? undefined : stored?.executed[location.index];
  if (location === undefined || stored === undefined || executed === undefined)
    throw refused(`Unable to find a block containing transaction ${hash}`);
  const view = stateBefore(chain.state.viewAt(stored.preStateMark), stored, location.index);
  const { vm, txState } = chain.context;
  const replay = async () => {
    txState.begin(view, { sender: toHex(executed.tx.getSenderAddress().bytes) });
    const result = await runTx(vm, {
      tx: executed.tx,
      block: stored.block,
      skipHardForkValidation: true,
      skipBlockGasLimitValidation: true,
    });
    return { result, access: txState.finish() };
  };
  if (tracer !== undefined) {
    const place = {
      blockHash: stored.hash,
      blockNumber: Number(stored.number),
      transactionHash: toHex(executed.tx.hash()),
      transactionPosition: location.index,
    };
    return traceNative(chain, tracer, { view, place }, async () => {
      const { result, access } = await replay();
      return { gasUsed: result.totalGasSpent, gasLimit: executed.tx.gasLimit, access };
    });
  }
  return traceExecution(chain, rawOptions, async () => {
    const { result } = await replay();
    return {
      gasUsed: result.totalGasSpent,
      failed: result.execResult.exceptionError !== undefined,
      returnValue: result.execResult.returnValue,
    };
  });
}

/**
 * `debug_traceCall`'s run: the request in the named block's context (as `eth_call`), traced with a native
 * tracer or with struct logs. A request that names no fee pays none, as on Hardhat's network (its traces show
 * no fee taken from the sender nor paid to the coinbase).
 */
import { runCall } from "../../chain/call-runner.js";
import type { BlockEnvironment } from "../../chain/block-assembly.js";
import type { Chain } from "../../chain/chain.js";
import type { TxRequest } from "../../chain/transaction-factory.js";
import type { StateView } from "../../state/account-data.js";
import { traceExecution } from "../methods/trace-execution.js";
import type { PartialTxRequest } from "../tx-request.js";

import { traceNative } from "./native-tracer.js";
import type { NativeTracer } from "./tracer-options.js";

/** `request` without fees when `partial` named none. */
export function feeFreeRequest(partial: PartialTxRequest, request: TxRequest): TxRequest {
  if (partial.gasPrice !== undefined || partial.maxFeePerGas !== undefined) return request;
  if (partial.maxPriorityFeePerGas !== undefined) return request;
  if (request.gasPrice !== undefined) return { ...request, gasPrice: 0n };
  return { ...request, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
}

/** Traces `request` over `view` in the block `env` (`tracer` undefined: struct logs, `rawOptions` their options). */
export function traceCall(
  chain: Chain,
  tracer: NativeTracer | undefined,
  rawOptions: unknown,
  call: { readonly request: TxRequest; readonly view: StateView; readonly env: BlockEnvironment },
): Promise<unknown> {
  const { request, view, env } = call;
  if (tracer === undefined) {
    return traceExecution(chain, rawOptions, async () => {
      const outcome = await runCall(chain, view, env, request);
      return { gasUsed: outcome.gasUsed, failed: outcome.error !== undefined, returnValue: outcome.returnValue };
    });
  }
  const place = { blockHash: null, blockNumber: Number(env.number), transactionHash: null, transactionPosition: null };
  return traceNative(chain, tracer, { view, place }, async () => {
    const outcome = await runCall(chain, view, env, request);
    return { gasUsed: outcome.gasUsed, gasLimit: request.gas, access: outcome.access };
  });
}

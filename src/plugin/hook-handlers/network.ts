import type { NetworkHooks } from "hardhat/types/hooks";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import { noteResponse } from "../../testing/sent-transactions.js";
import { backendFor, closeBackend, type RpcBackend } from "../network/connection-backends.js";
import { servedNetworkNames } from "../network/network-entry.js";
import { withHardhatDefaults, type GasSettings } from "../network/transaction-defaults.js";

/** A JSON-RPC error answered while filling a transaction's defaults; becomes the request's answer. */
class AnsweredError extends Error {
  constructor(readonly response: JsonRpcResponse) {
    super("error" in response ? response.error.message : "error");
  }
}

/** The request with Hardhat's request-handler defaults (fees, gas) applied to a sent transaction. */
async function withDefaults(
  request: JsonRpcRequest,
  backend: RpcBackend,
  settings: GasSettings,
): Promise<JsonRpcRequest> {
  const params = Array.isArray(request.params) ? request.params : [];
  const [tx] = params;
  if (request.method !== "eth_sendTransaction" || typeof tx !== "object" || tx === null || Array.isArray(tx)) {
    return request;
  }
  const send = async (method: string, p: unknown[]): Promise<unknown> => {
    const response = await backend.request({ jsonrpc: "2.0", id: request.id, method, params: p });
    if ("error" in response) throw new AnsweredError(response);
    return response.result;
  };
  const filled = await withHardhatDefaults(tx as Record<string, unknown>, settings, send, params);
  return { ...request, params: [filled, ...params.slice(1)] };
}

/** The parallel network's answer, with Hardhat's request-handler defaults applied first. */
async function answer(backend: RpcBackend, request: JsonRpcRequest, settings: GasSettings): Promise<JsonRpcResponse> {
  try {
    return await backend.request(await withDefaults(request, backend, settings));
  } catch (error) {
    if (error instanceof AnsweredError) return { ...error.response, id: request.id };
    throw error;
  }
}

export default async (): Promise<Partial<NetworkHooks>> => ({
  newConnection: async (context, next) => {
    const connection = await next(context);
    const { ParallelTestHelpers } = await import("../../testing/connection-helpers.js");
    const served = servedNetworkNames(context.config.parallel).includes(connection.networkName);
    connection.parallel = new ParallelTestHelpers(connection, served, context.globalOptions.parallelStatsJson);
    return connection;
  },

  onRequest: async (context, connection, request, next) => {
    const served = servedNetworkNames(context.config.parallel).includes(connection.networkName);
    const response = served
      ? await answer(await backendFor(context, connection), request, connection.networkConfig)
      : await next(context, connection, request);
    noteResponse(connection, request.method, response);
    return response;
  },

  closeConnection: async (context, connection, next) => {
    await closeBackend(connection);
    return next(context, connection);
  },
});

/**
 * Creates the backend of one connection: a parallel-network provider (our own EVM runtime — EDR is never
 * involved) configured from the resolved `parallel` section. The runtime is imported lazily, on the first
 * request of a parallel connection.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcResponse } from "hardhat/types/providers";

import type { RpcBackend } from "./connection-backends.js";

/** Builds the backend serving `connection`. */
export async function createBackend(context: HookContext, _connection: NetworkConnection<string>): Promise<RpcBackend> {
  const { ParallelProvider } = await import("../../runtime/rpc/parallel-provider.js");
  const provider = await ParallelProvider.create({ chain: { hardfork: context.config.parallel.hardfork } });
  return {
    async request(request): Promise<JsonRpcResponse> {
      const response = await provider.handle(request);
      return { ...response, id: request.id } as JsonRpcResponse;
    },
    close: () => provider.close(),
  };
}

/**
 * Creates the backend of one connection. Until the parallel runtime lands (network issue), requests are
 * forwarded to a private EDR connection of Hardhat's default network so the wiring can be exercised end to
 * end; the hook placement and the per-connection lifecycle are the final ones.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcResponse } from "hardhat/types/providers";

import { pluginError } from "../errors.js";

import type { RpcBackend } from "./connection-backends.js";

/** Builds the backend serving `connection`. */
export async function createBackend(context: HookContext, connection: NetworkConnection<string>): Promise<RpcBackend> {
  if (connection.networkName === "default") {
    throw pluginError("NOT_IMPLEMENTED", {
      feature: "parallel.replaceDefault",
      alternative: "Use `--network parallel` until the parallel runtime lands.",
    });
  }
  const edr = await context.network.create({ network: "default" });
  return {
    async request(request): Promise<JsonRpcResponse> {
      try {
        const result: unknown = await edr.provider.request({ method: request.method, params: request.params });
        return { jsonrpc: "2.0", id: request.id, result };
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown; data?: unknown };
        const code = typeof e.code === "number" ? e.code : -32603;
        const message = typeof e.message === "string" ? e.message : String(error);
        return { jsonrpc: "2.0", id: request.id, error: { code, message, data: e.data } };
      }
    },
    close: () => edr.close(),
  };
}

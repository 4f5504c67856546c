import type { NetworkHooks } from "hardhat/types/hooks";

import { backendFor, closeBackend } from "../network/connection-backends.js";
import { servedNetworkNames } from "../network/network-entry.js";

export default async (): Promise<Partial<NetworkHooks>> => ({
  onRequest: async (context, connection, request, next) => {
    if (!servedNetworkNames(context.config.parallel).includes(connection.networkName)) {
      return next(context, connection, request);
    }
    const backend = await backendFor(context, connection);
    return backend.request(request);
  },

  closeConnection: async (context, connection, next) => {
    await closeBackend(connection);
    return next(context, connection);
  },
});

import type { NetworkHooks } from "hardhat/types/hooks";

import { noteResponse, requestBlockedByRecording } from "../../testing/sent-transactions.js";
import { backendFor, closeBackend, noteOpened } from "../network/connection-backends.js";
import { connectionNetworkConfig, servedNetworkNames } from "../network/network-entry.js";
import { solidityErrorOf } from "../network/solidity-error.js";

export default async (): Promise<Partial<NetworkHooks>> => ({
  newConnection: async (context, next) => {
    const connection = await next(context);
    noteOpened(connection);
    const { ParallelTestHelpers } = await import("../../testing/connection-helpers.js");
    const served = servedNetworkNames(context.config.parallel).includes(connection.networkName);
    connection.parallel = new ParallelTestHelpers(connection, served, context.globalOptions.parallelStatsJson);
    if (served) {
      // Other plugins see a simulated network (Ignition then keeps no deployment journal): see network-entry.ts.
      Object.assign(connection, { networkConfig: connectionNetworkConfig(context.config, connection.networkConfig) });
    }
    return connection;
  },

  onRequest: async (context, connection, request, next) => {
    const blocked = requestBlockedByRecording(connection, request.method, request.params);
    if (blocked !== undefined) throw blocked;
    const served = servedNetworkNames(context.config.parallel).includes(connection.networkName);
    const response = served
      ? await (await backendFor(context, connection)).request(request)
      : await next(context, connection, request);
    noteResponse(connection, request.method, response);
    // Reverts are thrown as Hardhat's network throws them (a SolidityError, not a ProviderError).
    const reverted = served ? await solidityErrorOf(response, context) : undefined;
    if (reverted !== undefined) throw reverted;
    return response;
  },

  closeConnection: async (context, connection, next) => {
    await closeBackend(connection);
    return next(context, connection);
  },
});

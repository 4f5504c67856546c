/**
 * Creates the backend of one connection: a parallel network (our own EVM runtime — EDR is never involved,
 * see src/runtime/network/parallel-network.ts) configured from the resolved `parallel` section: the block
 * execution strategy (`block-stm`, `sharded` or `sequential`), the worker count and the shard count. The
 * runtime is imported lazily (from its single-file build when there is one: `runtime-loader.ts`), on the
 * first request of a parallel connection; closing the connection stops the worker pool. With `parallel.profile` (or `HARDHAT_PARALLEL_PROFILE_DIR`) every mined transaction's access
 * sets are recorded for the report.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import type { NetworkConfig } from "hardhat/types/config";

import type {
  NetworkSubscriptions,
  ParallelNetwork,
  ParallelNetworkOptions,
} from "../../runtime/network/parallel-network.js";
import type { AccessDescriber } from "../../runtime/rpc/methods/access-methods.js";

import { openedAtOf } from "./connection-backends.js";
import { projectContractFacts, projectRegistry } from "./contract-registry.js";
import { networkSettings } from "./network-settings.js";
import { loadNetworkModule } from "./runtime-loader.js";
import { defaultsPreparer } from "./request-defaults.js";
import { loggedHandle, RequestLogger } from "./request-logger.js";
import { settingsNetworkOf } from "./connection-overrides.js";
import { checkChainType, isSimulatedNetwork, parallelChainSettings } from "./simulated-network.js";
import { TestReports, withCoverageOverrides } from "./test-reports.js";

/** What answers the JSON-RPC requests of one connection. */
export interface RpcBackend {
  /** Answers one request; never throws for a bad request (it answers a JSON-RPC error instead). */
  request(request: JsonRpcRequest): Promise<JsonRpcResponse>;
  /** Releases the chain and its workers. */
  close(): Promise<void>;
}

/** Labels from the project's storage layouts, loaded on the first `parallel_get*Accesses` request. */
function lazyDescriber(context: HookContext): AccessDescriber {
  let loaded: Promise<AccessDescriber> | undefined;
  return {
    describe: async (chain, block, preimages) => {
      loaded ??= import("./access-describer.js").then((m) => new m.ProjectAccessDescriber(context));
      return (await loaded).describe(chain, block, preimages);
    },
  };
}

/** The runtime hooks of a connection: its reports' observers and the project's contracts for revert messages. */
function runtimeHooks(
  context: HookContext,
  reports: TestReports,
  logger: RequestLogger,
): ParallelNetworkOptions["hooks"] {
  return {
    ...reports.executionHooks,
    onIntervalMined: (blockNumber) => logger.logIntervalMined(blockNumber),
    // Reverts without data worded from the project's ABIs, as Hardhat's network does (loaded on the first).
    contractFacts: projectContractFacts(context),
  };
}

/** Builds the backend serving one connection. */
export async function createBackend(context: HookContext, connection: NetworkConnection<string>): Promise<RpcBackend> {
  const { createParallelNetwork } = await loadNetworkModule();
  const settingsNetwork = settingsNetworkOf(context.config, connection.networkConfig);
  // A connection asked for as an OP chain (`network.create({ chainType: "op" })`) is refused like an OP network.
  checkChainType(connection.chainType, connection.networkName);
  const reports = await TestReports.create(context, () => network.provider.chain);
  const settings = await parallelChainSettings(context.config, settingsNetwork);
  const chain = {
    ...(reports.coverage ? withCoverageOverrides(settings, settingsNetwork) : settings),
    clockStartedAt: openedAtOf(connection),
  };
  // The request log of `loggingEnabled` (request-logger.ts); it also places console.log lines while logging.
  const handle = (request: JsonRpcRequest) => network.provider.handle(request);
  const registry = () => projectRegistry(context);
  const resolved = networkSettings(context.config.parallel, chain);
  const logger = new RequestLogger(
    settingsNetwork?.loggingEnabled === true,
    handle,
    registry,
    resolved.chain?.hardfork,
  );
  const network = await createParallelNetwork({
    ...resolved,
    log: (line) => logger.consoleLine(line),
    describer: lazyDescriber(context),
    hooks: runtimeHooks(context, reports, logger),
    // Every execution on the main thread's EVM, where the coverage and call-tree observers see it.
    ...(reports.mainThreadOnly ? { parallelWhen: () => false } : {}),
    // Instrumented code is not the project's code: a `--coverage` run records no test-run profile (the
    // last profile of an uninstrumented run stays the report's).
    ...(reports.coverage ? { profileDir: undefined } : {}),
  });
  // `from`, `gas`, `gasPrice` and `gasMultiplier` of the settings network, as Hardhat applies them to it.
  const declared = context.config.networks[connection.networkName] ?? connection.networkConfig;
  const defaultsConfig = isSimulatedNetwork(settingsNetwork) ? settingsNetwork : declared;
  return backendOver(network, defaultsConfig, reports, connection, logger);
}

type SubscriptionMethod = "eth_subscribe" | "eth_unsubscribe";

const isSubscriptionMethod = (method: string): method is SubscriptionMethod =>
  method === "eth_subscribe" || method === "eth_unsubscribe";

/**
 * In-process subscriptions, as Hardhat's network serves them: the connection's provider emits each
 * notification as a `notification` event (`{ subscription, result }`) and an EIP-1193 `message` event
 * (`{ type: "eth_subscription", data: { subscription, result } }`).
 */
function connectionSubscriptions(network: ParallelNetwork, connection: NetworkConnection<string>) {
  const emitter = connection.provider as unknown as { emit(event: string, payload: unknown): boolean };
  return network.subscriptions((message) => {
    const { params } = message as { params: { subscription: string; result: unknown } };
    emitter.emit("notification", params);
    emitter.emit("message", { type: "eth_subscription", data: params });
  });
}

async function answerSubscription(
  subscriptions: NetworkSubscriptions,
  request: JsonRpcRequest & { method: SubscriptionMethod },
): Promise<JsonRpcResponse> {
  const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
  try {
    return { jsonrpc: "2.0", id: request.id, result: await subscriptions.answer(request.method, params) };
  } catch (error) {
    const e = error as { toJson?: () => { code: number; message: string; data?: unknown } };
    const rpc = e.toJson?.() ?? { code: -32603, message: String(error) };
    return { jsonrpc: "2.0", id: request.id, error: rpc } as JsonRpcResponse;
  }
}

/** Answers a connection's requests from `network`, with Hardhat's request defaults and the reports around each. */
function backendOver(
  network: ParallelNetwork,
  defaultsConfig: NetworkConfig,
  reports: TestReports,
  connection: NetworkConnection<string>,
  logger: RequestLogger,
): RpcBackend {
  const { provider } = network;
  let subscriptions: NetworkSubscriptions | undefined;
  // What Hardhat's network would see, logged when `loggingEnabled` (request-logger.ts).
  const logged = loggedHandle((request: JsonRpcRequest) => provider.handle(request), logger);
  const prepare = defaultsPreparer(defaultsConfig, logged);
  const pending = { jsonrpc: "2.0", id: 0, method: "eth_getBlockByNumber", params: ["pending", false] } as const;
  return {
    async request(request): Promise<JsonRpcResponse> {
      if (isSubscriptionMethod(request.method)) {
        subscriptions ??= connectionSubscriptions(network, connection);
        const response = await answerSubscription(subscriptions, { ...request, method: request.method });
        // Hardhat's network prints these in its request log too.
        if (logger.wants(request.method)) await logger.log(request, response);
        return response;
      }
      // Whatever the request ran — the defaults' estimate of a send that then fails included — is reported
      // before it is answered: a test's last request on a connection is often such a refused send.
      reports.attach();
      try {
        const prepared = await prepare(request);
        if ("error" in prepared || "result" in prepared) return { ...prepared, id: request.id } as JsonRpcResponse;
        await reports.beforeRequest(prepared, () => provider.handle(pending));
        const response = await logged(prepared);
        return { ...response, id: request.id } as JsonRpcResponse;
      } finally {
        await reports.afterRequest();
      }
    },
    close: async () => {
      await reports.afterRequest();
      await network.close();
    },
  };
}

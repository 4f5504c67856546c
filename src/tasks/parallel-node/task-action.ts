/**
 * `parallel-node`: serves the parallel network over HTTP JSON-RPC and WebSocket (with eth_subscribe) on
 * 127.0.0.1:8545 by default (0.0.0.0 inside a Docker container, where `/.dockerenv` exists), like `hardhat node`:
 * prints the server address and the accounts listing as `hardhat node` does, then serves until SIGINT (or
 * SIGTERM), when it closes every connection and returns. Every request is printed in the request log Hardhat's
 * network prints for `hardhat node` (src/plugin/network/request-logger.ts, the one the plugin's connections use
 * with `loggingEnabled`): methods in colour, collapsed repeats, call and send summaries, mined blocks,
 * console.log lines; reverts without data are worded from the project's contracts, as there.
 * The network is the one the plugin's connections get (src/plugin/network/network-settings.ts): its chain
 * settings (chain id, accounts, block gas limit, hardfork, mining, ...) come from the project's `default`
 * network or `parallel.settingsFrom` (src/plugin/network/simulated-network.ts), blocks run with the configured
 * `strategy`, `workers` and `shards`, and `profile` records a test-run profile.
 */
import { existsSync } from "node:fs";
import { styleText } from "node:util";

import type { NetworkConfig } from "hardhat/types/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { pluginError } from "../../plugin/errors.js";
import { contractFactsOf, liveProjectRegistry } from "../../plugin/network/contract-registry.js";
import { networkSettings } from "../../plugin/network/network-settings.js";
import { defaultsPreparer } from "../../plugin/network/request-defaults.js";
import { loggedHandle, RequestLogger } from "../../plugin/network/request-logger.js";
import { parallelChainSettings } from "../../plugin/network/simulated-network.js";
import { defaultChainConfig, type GenesisAccount } from "../../runtime/chain/chain-config.js";
import { createParallelNetwork, type ParallelNetwork } from "../../runtime/network/parallel-network.js";
import type { RpcRequest, RpcResponse } from "../../runtime/rpc/parallel-provider.js";
import { RpcServer, type ServerOptions } from "../../runtime/server/rpc-server.js";

import { accountsBanner, isDefaultAccounts } from "./accounts-banner.js";

/** Arguments of `parallel-node`, as declared in src/index.ts. */
export interface ParallelNodeArguments {
  hostname: string | undefined;
  port: number;
}

/** The address the server binds: as given, else `hardhat node`'s default (all interfaces inside Docker). */
export function defaultHostname(hostname: string | undefined, insideDocker = existsSync("/.dockerenv")): string {
  return hostname ?? (insideDocker ? "0.0.0.0" : "127.0.0.1");
}

/** The address the server binds, resolved. */
interface BindArguments {
  readonly hostname: string;
  readonly port: number;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilInterrupted(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

/** A port outside 0–65535 is refused before anything starts. */
function checkPort(args: BindArguments): void {
  if (Number.isInteger(args.port) && args.port >= 0 && args.port <= 65535) return;
  const problem = `--port must be an integer from 0 to 65535, got ${args.port}`;
  throw pluginError("NODE_ADDRESS_INVALID", { hostname: args.hostname, port: args.port, problem });
}

/** Host names that resolve to nothing, or socket errors about the address itself. */
const BAD_ADDRESS = new Set(["ENOTFOUND", "EAI_AGAIN", "ERR_SOCKET_BAD_PORT", "ERR_INVALID_ARG_VALUE"]);

/** The node's answering path: Hardhat's request defaults, then the network, every answer in the request log. */
function answeringPath(
  hre: HardhatRuntimeEnvironment,
  network: ParallelNetwork,
  logger: RequestLogger,
): Pick<ServerOptions, "prepare" | "handle" | "onSubscription"> {
  const handle = loggedHandle((request: RpcRequest) => network.provider.handle(request), logger);
  const onSubscription = async (request: RpcRequest, response: RpcResponse) => {
    if (logger.wants(request.method)) await logger.log(request, response);
  };
  // Hardhat's request defaults (fees, gas, sender), as `hardhat node` applies them to what clients send; their own
  // requests (fee history, estimates) are logged as EDR logs them.
  const config = hre.config.networks[hre.config.parallel.networkName];
  const prepare = config === undefined ? undefined : (defaultsPreparer(config, handle) as ServerOptions["prepare"]);
  return { prepare, handle, onSubscription };
}

/** Starts the server; a port that is taken or not allowed is a plugin error naming it and the fix. */
async function listen(
  network: ParallelNetwork,
  args: BindArguments,
  path: Pick<ServerOptions, "prepare" | "handle" | "onSubscription">,
): Promise<RpcServer> {
  try {
    return await RpcServer.start(network.provider, { hostname: args.hostname, port: args.port, ...path });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const at = { hostname: args.hostname, port: args.port };
    if (BAD_ADDRESS.has(code)) {
      const problem =
        code.startsWith("E") && !code.startsWith("ERR") ? `no such host (${code})` : (error as Error).message;
      throw pluginError("NODE_ADDRESS_INVALID", { ...at, problem }, error as Error);
    }
    if (code !== "EADDRINUSE" && code !== "EACCES" && code !== "EADDRNOTAVAIL") throw error;
    const problem = code === "EADDRINUSE" ? "the port is already in use" : (error as Error).message;
    throw pluginError("PORT_UNAVAILABLE", { ...at, problem }, error as Error);
  }
}

/** The network of the node: the plugin's connections' settings, its console.log lines placed by the log. */
async function nodeNetwork(
  hre: HardhatRuntimeEnvironment,
): Promise<{ network: ParallelNetwork; logger: RequestLogger; accounts: readonly GenesisAccount[] }> {
  // The same chain settings as the plugin's connections: the `default` network's (or `parallel.settingsFrom`'s).
  const settings = networkSettings(hre.config.parallel, await parallelChainSettings(hre.config));
  const { accounts } = defaultChainConfig(settings.chain);
  // `hardhat node` turns its network's request log on (`hardhat_setLoggingEnabled` turns it off and on again).
  const handle = (request: RpcRequest) => network.provider.handle(request);
  // The project's contracts, read again after a compilation made while the node runs (as `hardhat node`).
  const registry = liveProjectRegistry(hre);
  const logger = new RequestLogger(true, handle, registry, settings.chain?.hardfork);
  const network = await createParallelNetwork({
    ...settings,
    log: (line) => logger.consoleLine(line),
    hooks: {
      contractFacts: contractFactsOf(registry),
      // Blocks interval mining makes are printed, as `hardhat node` prints them.
      onIntervalMined: (blockNumber) => logger.logIntervalMined(blockNumber),
    },
  });
  return { network, logger, accounts };
}

/** What `hardhat node` prints once it listens: the address, then the accounts listing. */
async function printBanner(
  server: RpcServer,
  accounts: readonly GenesisAccount[],
  settingsNetwork: NetworkConfig | undefined,
): Promise<void> {
  const { address, port } = server.address;
  // `hardhat node` prints an IPv6 address without brackets, which is not a URL: bracketed here.
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(styleText("green", `Started HTTP and WebSocket JSON-RPC server at http://${host}:${port}/`));
  console.log();
  console.log(accountsBanner(accounts, await isDefaultAccounts(settingsNetwork)));
}

/** Runs the node until interrupted. */
export default async function parallelNode(
  given: ParallelNodeArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const args: BindArguments = { hostname: defaultHostname(given.hostname), port: given.port };
  checkPort(args);
  const { network, logger, accounts } = await nodeNetwork(hre);
  let server: RpcServer;
  try {
    server = await listen(network, args, answeringPath(hre, network, logger));
  } catch (error) {
    await network.close();
    throw error;
  }
  await printBanner(server, accounts, hre.config.networks[hre.config.parallel.settingsFrom]);
  const signal = await untilInterrupted();
  console.log(`\n${signal} received: closing the server.`);
  await server.close();
  await network.close();
  console.log("Server closed.");
}

/**
 * `parallel-node`: serves the parallel network over HTTP JSON-RPC and WebSocket (with eth_subscribe) on
 * 127.0.0.1:8545 by default (0.0.0.0 inside a Docker container, where `/.dockerenv` exists), like `hardhat node`: prints the server address and the funded accounts with
 * their private keys, then serves (printing each request's method, as `hardhat node` does: request-log.ts) until
 * SIGINT (or SIGTERM), when it closes every connection and returns.
 * The network is the one the plugin's connections get (src/plugin/network/network-settings.ts): its chain
 * settings (chain id, accounts, block gas limit, hardfork, mining, ...) come from the project's `default`
 * network or `parallel.settingsFrom` (src/plugin/network/simulated-network.ts), blocks run with the configured
 * `strategy`, `workers` and `shards`, and `profile` records a test-run profile.
 */
import { existsSync } from "node:fs";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { pluginError } from "../../plugin/errors.js";
import { networkSettings } from "../../plugin/network/network-settings.js";
import { defaultsPreparer } from "../../plugin/network/request-defaults.js";
import { parallelChainSettings } from "../../plugin/network/simulated-network.js";
import { defaultChainConfig, type GenesisAccount } from "../../runtime/chain/chain-config.js";
import { createParallelNetwork } from "../../runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";
import { RpcServer, type ServerOptions } from "../../runtime/server/rpc-server.js";

import { requestLogger } from "./request-log.js";

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

const WEI_PER_ETH = 10n ** 18n;

/** The account listing `hardhat node` prints. */
export function accountsBanner(accounts: readonly GenesisAccount[], checksum: (a: string) => string): string {
  const lines = [
    "Accounts",
    "========",
    "",
    "WARNING: These accounts, and their private keys, are publicly known.",
    "Any funds sent to them on Mainnet or any other live network WILL BE LOST.",
    "",
  ];
  accounts.forEach((account, i) => {
    lines.push(`Account #${i}: ${checksum(account.address)} (${account.balance / WEI_PER_ETH} ETH)`);
    lines.push(`Private Key: ${account.privateKey}`, "");
  });
  return lines.join("\n");
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

/** Starts the server; a port that is taken or not allowed is a plugin error naming it and the fix. */
async function listen(
  provider: ParallelProvider,
  args: BindArguments,
  prepare: ServerOptions["prepare"],
): Promise<RpcServer> {
  try {
    const onAnswer = requestLogger((line) => console.log(line));
    return await RpcServer.start(provider, { hostname: args.hostname, port: args.port, prepare, onAnswer });
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

/** Runs the node until interrupted. */
export default async function parallelNode(
  given: ParallelNodeArguments,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  const args: BindArguments = { hostname: defaultHostname(given.hostname), port: given.port };
  checkPort(args);
  const { getAddress } = await import("ethers");
  // The same chain settings as the plugin's connections: the `default` network's (or `parallel.settingsFrom`'s).
  const settings = networkSettings(hre.config.parallel, await parallelChainSettings(hre.config));
  const { accounts } = defaultChainConfig(settings.chain);
  const network = await createParallelNetwork(settings);
  let server: RpcServer;
  try {
    // Hardhat's request defaults (fees, gas, sender), as `hardhat node` applies them to what clients send.
    const config = hre.config.networks[hre.config.parallel.networkName];
    const prepare =
      config === undefined
        ? undefined
        : (defaultsPreparer(config, (request) => network.provider.handle(request)) as ServerOptions["prepare"]);
    server = await listen(network.provider, args, prepare);
  } catch (error) {
    await network.close();
    throw error;
  }
  const { address, port } = server.address;
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(`Started HTTP and WebSocket JSON-RPC server at http://${host}:${port}/\n`);
  console.log(accountsBanner(accounts, getAddress));
  const signal = await untilInterrupted();
  console.log(`\n${signal} received: closing the server.`);
  await server.close();
  await network.close();
  console.log("Server closed.");
}

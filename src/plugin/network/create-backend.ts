/**
 * Creates the backend of one connection: a parallel-network provider (our own EVM runtime — EDR is never
 * involved) configured from the resolved `parallel` section: the block execution strategy (`block-stm`,
 * `sharded` or `sequential`), the worker count and the shard count. The runtime is imported lazily, on the
 * first request of a parallel connection; closing the connection stops the worker pool. With `parallel.profile`
 * (or `HARDHAT_PARALLEL_PROFILE_DIR`) every mined transaction's access sets are recorded for the report.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcResponse } from "hardhat/types/providers";

import type { ChainConfig } from "../../runtime/chain/chain-config.js";
import type { AccessDescriber } from "../../runtime/rpc/methods/access-methods.js";

import type { RpcBackend } from "./connection-backends.js";
import { chainSettingsOf, isSimulatedNetwork, supportedHardfork } from "./network-settings.js";

/** The chain settings: the settings network's (Hardhat's defaults when there is none), `parallel.hardfork` first. */
async function settingsForChain(context: HookContext): Promise<Partial<ChainConfig>> {
  const { settingsFrom, hardfork, hardforkSet } = context.config.parallel;
  const network = context.config.networks[settingsFrom];
  if (!isSimulatedNetwork(network)) return { hardfork };
  const chosen = hardforkSet ? hardfork : supportedHardfork(network.hardfork, settingsFrom);
  return chainSettingsOf(network, settingsFrom, chosen);
}

/** Labels from the project's storage layouts, loaded on the first `parallel_get*Accesses` request. */
function lazyDescriber(context: HookContext): AccessDescriber {
  let loaded: Promise<AccessDescriber> | undefined;
  return {
    describe: async (chain, block) => {
      loaded ??= import("./access-describer.js").then((m) => new m.ProjectAccessDescriber(context));
      return (await loaded).describe(chain, block);
    },
  };
}

/** Builds the backend serving `connection`. */
export async function createBackend(context: HookContext, _connection: NetworkConnection<string>): Promise<RpcBackend> {
  const { ParallelProvider } = await import("../../runtime/rpc/parallel-provider.js");
  const { ParallelExecution } = await import("../../runtime/parallel/parallel-execution.js");
  const { ConsolePrinter } = await import("../../runtime/rpc/console-printer.js");
  const settings = context.config.parallel;
  const chainSettings = await settingsForChain(context);
  const holder: { provider?: Awaited<ReturnType<typeof ParallelProvider.create>> } = {};
  const printer = new ConsolePrinter((line) => console.log(line));
  const execution = new ParallelExecution({
    strategy: settings.strategy,
    workers: settings.workers,
    shards: settings.shards,
    unlimitedContractSize: chainSettings.allowUnlimitedContractSize === true,
    blockHash: (n) => holder.provider?.chain.blockByNumber(n)?.block.hash(),
    onConsoleCall: (data) => printer.print(data),
  });
  const profileDir = process.env.HARDHAT_PARALLEL_PROFILE_DIR ?? (settings.profile ? settings.profileDir : undefined);
  const provider = await ParallelProvider.create({
    chain: chainSettings,
    chainOptions: { chooseExecutor: execution.chooseExecutor },
    profileDir,
    describer: lazyDescriber(context),
  });
  holder.provider = provider;
  return {
    async request(request): Promise<JsonRpcResponse> {
      const response = await provider.handle(request);
      return { ...response, id: request.id } as JsonRpcResponse;
    },
    close: async () => {
      await provider.close();
      await execution.close();
    },
  };
}

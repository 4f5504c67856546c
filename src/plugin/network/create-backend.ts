/**
 * Creates the backend of one connection: a parallel-network provider (our own EVM runtime — EDR is never
 * involved) configured from the resolved `parallel` section: the block execution strategy (`block-stm`,
 * `sharded` or `sequential`), the worker count and the shard count. The runtime is imported lazily, on the
 * first request of a parallel connection; closing the connection stops the worker pool. With `parallel.profile`
 * (or `HARDHAT_PARALLEL_PROFILE_DIR`) every mined transaction's access sets of a test run are recorded for the report.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcResponse } from "hardhat/types/providers";

import type { RpcBackend } from "./connection-backends.js";
import { isTestRun } from "./test-run.js";

/** Builds the backend serving `connection`. */
export async function createBackend(context: HookContext, _connection: NetworkConnection<string>): Promise<RpcBackend> {
  const { ParallelProvider } = await import("../../runtime/rpc/parallel-provider.js");
  const { ParallelExecution } = await import("../../runtime/parallel/parallel-execution.js");
  const { ConsolePrinter } = await import("../../runtime/rpc/console-printer.js");
  const settings = context.config.parallel;
  const holder: { provider?: Awaited<ReturnType<typeof ParallelProvider.create>> } = {};
  const printer = new ConsolePrinter((line) => console.log(line));
  const execution = new ParallelExecution({
    strategy: settings.strategy,
    workers: settings.workers,
    shards: settings.shards,
    blockHash: (n) => holder.provider?.chain.blockByNumber(n)?.block.hash(),
    onConsoleCall: (data) => printer.print(data),
  });
  // Profiles record test runs only: a `hardhat run` script must not replace the last test run's profile.
  const profileDir =
    process.env.HARDHAT_PARALLEL_PROFILE_DIR ?? (settings.profile && isTestRun() ? settings.profileDir : undefined);
  const provider = await ParallelProvider.create({
    chain: { hardfork: settings.hardfork },
    chainOptions: { chooseExecutor: execution.chooseExecutor },
    profileDir,
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

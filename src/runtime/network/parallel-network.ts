/**
 * The one place a parallel network is put together — provider, block executor, BLOCKHASH source, console
 * printer, test-run profile recorder — for every host: the plugin's network connections, `parallel-node` and
 * the report's workload runner.
 *
 * A {@link ParallelRuntime} is the parallel execution (worker pool) with its BLOCKHASH source, the chain of
 * the provider it currently serves; a network owns one, or shares one with networks created one after
 * another (the report runs every workload on a fresh chain over one worker pool).
 */
import { createEnvironmentBlock } from "../chain/block-assembly.js";
import type { Chain } from "../chain/chain.js";
import type { ChainConfig } from "../chain/chain-config.js";
import type { BlockExecutionInput, BlockExecutor } from "../exec/block-execution.js";
import { markGasLimitUnenforced } from "../exec/block-gas.js";
import { ParallelExecution, type ParallelExecutionOptions } from "../parallel/parallel-execution.js";
import type { PartitionExport } from "../parallel/sharded/partitioner.js";
import type { SequentialVerdict } from "../parallel/sharded/sharded-executor.js";
import { isEmptyAccount } from "../state/account-data.js";
import type { AddressHex } from "../vocabulary.js";
import { ConsolePrinter } from "../rpc/console-printer.js";
import { takeSyncStepCounts } from "../evm/sync-steps.js";
import type { ExecutionHooks } from "../rpc/execution-hooks.js";
import { ParallelProvider, type ParallelProviderOptions } from "../rpc/parallel-provider.js";
import { Subscriptions, type Send } from "../server/subscriptions.js";

// Genesis accounts from the same module (the single-file bundle, for the plugin), so that the first request of a
// test run does not load a second copy of the chain settings, the keccak and secp256k1 modules and ethers.
export { deriveAccounts } from "../chain/chain-config.js";
export { privateKeyAddress } from "../crypto/hd-accounts.js";

/**
 * How many opcodes this runtime's interpreter ran without a promise since the last call (see
 * `evm/sync-steps.ts`): the proof, also for the single-file bundle, that its own interpreter copy is patched.
 */
export const interpreterStepCounts = takeSyncStepCounts;

/** The synchronous interpreter loop's switch (`evm/sync-steps.ts`), of this runtime's own copy: benchmarks' A/B. */
export { setSyncStepsEnabled } from "../evm/sync-steps.js";

/** Settings of a parallel runtime. */
export interface ParallelRuntimeSettings {
  /** How blocks with several transactions run. */
  readonly strategy: ParallelExecutionOptions["strategy"];
  /** Execution threads (main thread included). */
  readonly workers: number;
  /** Shard count of the sharded strategy (default: workers). */
  readonly shards?: number;
  /** How the sharded strategy assigns addresses to shards (default `graph`). */
  readonly partitioner?: ParallelExecutionOptions["partitioner"];
  /** Thresholds of the per-block fallback to sequential execution (defaults: the measured break-even). */
  readonly policy?: ParallelExecutionOptions["policy"];
  /** Where Solidity console.log lines of transactions run on worker lanes go (default: console.log). */
  readonly log?: (line: string) => void;
  /** No contract and initcode size limits on the worker lanes (the chain's `allowUnlimitedContractSize`). */
  readonly unlimitedContractSize?: boolean;
}

/** The parallel execution of blocks, with the chain it serves as BLOCKHASH source. */
export class ParallelRuntime {
  readonly #execution: ParallelExecution;
  #provider: ParallelProvider | undefined;

  constructor(settings: ParallelRuntimeSettings) {
    const printer = new ConsolePrinter(settings.log ?? ((line) => console.log(line)));
    this.#execution = new ParallelExecution({
      strategy: settings.strategy,
      workers: settings.workers,
      shards: settings.shards,
      partitioner: settings.partitioner,
      policy: settings.policy,
      unlimitedContractSize: settings.unlimitedContractSize,
      blockHash: (n) => this.#provider?.chain.blockByNumber(n)?.block.hash(),
      // Through the served provider's printer, so that its muting (estimates, throwaway pending blocks) holds.
      onConsoleCall: (data) =>
        this.#provider === undefined ? printer.print(data) : this.#provider.printConsoleCall(data),
    });
  }

  /** Makes `provider`'s chain the BLOCKHASH source of the blocks executed from now on. */
  serve(provider: ParallelProvider): void {
    this.#provider = provider;
  }

  /** The executor for one block, falling back to `sequential` (always `sequential` for that strategy). */
  executorFor(sequential: BlockExecutor): BlockExecutor {
    return this.#execution.executorFor(sequential);
  }

  /**
   * Starts the worker threads with their EVMs and replicas of `provider`'s chain state before its first
   * parallel block (otherwise that block pays for them; see LaneEngine.prepare).
   */
  prepare(provider: ParallelProvider): Promise<void> {
    const { chain } = provider;
    return this.#execution.prepare(chain.state, chain.common.chainId(), chain.common.hardfork());
  }

  /**
   * Whether this runtime would run sequentially the block `provider`'s chain would mine next from its pool, and
   * why, without mining it (read-only: `ParallelExecution.sequentialVerdict`, over the block's input as
   * `Chain.mine` makes it). Undefined when the block would run in parallel, and when only a mining tells: the
   * block-stm strategy, and a block the chain itself runs sequentially (one transaction, or more gas than an
   * unenforced block gas limit).
   */
  async sequentialVerdict(provider: ParallelProvider): Promise<SequentialVerdict | undefined> {
    const input = nextBlockInput(provider.chain);
    return input === undefined ? undefined : this.#execution.sequentialVerdict(input);
  }

  /** Forgets the sharded strategy's partition (see `ParallelExecution.resetPartition`). */
  resetPartition(): void {
    this.#execution.resetPartition();
  }

  /** The sharded strategy's current partition (see `ParallelExecution.exportPartition`). */
  exportPartition(): PartitionExport {
    return this.#execution.exportPartition();
  }

  /** Stops the worker pool. */
  close(): Promise<void> {
    return this.#execution.close();
  }
}

/**
 * The input `chain.mine()` would give the block executor now (the pool's transactions in their order over the
 * next block's environment; a lazy coinbase fee when its account exists and is not empty), or undefined when the
 * chain would not ask the runtime (fewer than two transactions, or more gas than an unenforced limit allows).
 */
function nextBlockInput(chain: Chain): BlockExecutionInput | undefined {
  const env = chain.nextEnvironment();
  const nonceOf = (sender: AddressHex): bigint => chain.state.account(sender)?.nonce ?? 0n;
  const transactions = chain.pool.ordered(env.baseFeePerGas, nonceOf, chain.config.minGasPrice);
  const envBlock = createEnvironmentBlock(chain.common, env);
  if (transactions.length < 2 || markGasLimitUnenforced(envBlock, transactions, chain.blockGasLimitEnforced))
    return undefined;
  const coinbase = chain.state.account(env.coinbase);
  const lazy = coinbase !== undefined && !isEmptyAccount(coinbase);
  return { envBlock, transactions, state: chain.state, lazyCoinbase: lazy ? env.coinbase : undefined };
}

/** What a parallel network is made of. */
export interface ParallelNetworkOptions {
  /** Chain settings (hardfork, accounts, clock...); defaults as `hardhat node`. */
  readonly chain?: Partial<ChainConfig>;
  /** The runtime's settings, or a runtime shared with other networks (then not closed with this one). */
  readonly runtime: ParallelRuntimeSettings | ParallelRuntime;
  /** Whether a block goes to the runtime (default: always); otherwise it runs sequentially. */
  readonly parallelWhen?: () => boolean;
  /** Another runtime to send the parallel blocks to for now (the report's sharded measurement), if any. */
  readonly runtimeNow?: () => ParallelRuntime | undefined;
  /** Folder of the test-run profile of every mined transaction (off when undefined). */
  readonly profileDir?: string;
  /** Where Solidity console.log lines go (default: console.log). */
  readonly log?: (line: string) => void;
  /** Labels locations in `parallel_get*Accesses` answers (raw location keys without one). */
  readonly describer?: ParallelProviderOptions["describer"];
  /** Observers of mined blocks and calls (the plugin's `--gas-stats`). */
  readonly hooks?: ExecutionHooks;
}

/** In-process `eth_subscribe` of one client (the plugin's connection), as Hardhat's network serves it. */
export interface NetworkSubscriptions {
  /**
   * Answers `eth_subscribe` (the new id) or `eth_unsubscribe` (whether the id was known), in turn after the
   * requests sent before it; throws an `RpcError` for bad params.
   */
  answer(method: "eth_subscribe" | "eth_unsubscribe", params: unknown[]): Promise<unknown>;
}

/** A served parallel network. */
export interface ParallelNetwork {
  readonly provider: ParallelProvider;
  readonly runtime: ParallelRuntime;
  /**
   * A client's subscriptions: after every mined block its `eth_subscription` notifications (newHeads, logs)
   * go to `send`, in a microtask (never inside the mining).
   */
  subscriptions(send: Send): NetworkSubscriptions;
  /** Closes the provider, and the runtime when the network owns it. */
  close(): Promise<void>;
}

/** Builds a parallel network: a provider over a fresh chain whose blocks run on the runtime. */
export async function createParallelNetwork(options: ParallelNetworkOptions): Promise<ParallelNetwork> {
  const owned = !(options.runtime instanceof ParallelRuntime);
  const runtime =
    options.runtime instanceof ParallelRuntime
      ? options.runtime
      : new ParallelRuntime({ log: options.log, ...options.runtime });
  const parallelWhen = options.parallelWhen ?? (() => true);
  const clients = new Set<Subscriptions>();
  const publish = (): void => {
    for (const client of clients) client.publish(provider.chain);
  };
  const hooks: ExecutionHooks = {
    ...options.hooks,
    onBlockMined: (block) => {
      options.hooks?.onBlockMined?.(block);
      if (clients.size > 0) queueMicrotask(publish);
    },
  };
  let provider: ParallelProvider;
  try {
    provider = await ParallelProvider.create({
      chain: options.chain,
      chainOptions: {
        chooseExecutor: (_count, sequential) =>
          parallelWhen() ? (options.runtimeNow?.() ?? runtime).executorFor(sequential) : sequential,
      },
      profileDir: options.profileDir,
      log: options.log,
      describer: options.describer,
      hooks,
    });
  } catch (error) {
    if (owned) await runtime.close();
    throw error;
  }
  runtime.serve(provider);
  // Pending-transaction notifications go out as the transaction enters the pool, before its block's.
  provider.watchPooledTransactions((hash) => {
    if (clients.size > 0) queueMicrotask(() => clients.forEach((client) => client.pooled(hash)));
  });
  return {
    provider,
    runtime,
    subscriptions: (send) => {
      const client = new Subscriptions(provider.chain, send, () => provider.nextFilterId());
      clients.add(client);
      return {
        answer: async (method, params) => {
          // Queued behind earlier requests: the subscription starts after everything sent before it.
          await provider.request({ method: "eth_blockNumber" });
          return method === "eth_subscribe" ? client.subscribe(provider.chain, params) : client.unsubscribe(params);
        },
      };
    },
    close: async () => {
      await provider.close();
      if (owned) await runtime.close();
    },
  };
}

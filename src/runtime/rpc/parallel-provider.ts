/**
 * The EIP-1193 / JSON-RPC provider of one parallel-network connection. It owns a chain and answers every
 * method from it; EDR is never involved.
 *
 * Requests are executed one at a time, in arrival order: the chain's EVM, pool and clock are shared mutable
 * state, and interleaving two requests at an `await` could corrupt them. A request that fails answers a
 * JSON-RPC error and changes nothing (validation happens before any state change; execution errors roll
 * back), and the next request is served normally.
 */
import { PACKAGE_VERSION } from "../../shared/package-version.js";
import { Chain, type ChainOptions, type StoredBlock } from "../chain/chain.js";
import { defaultChainConfig, type ChainConfig } from "../chain/chain-config.js";

import { ConsolePrinter } from "./console-printer.js";
import type { ExecutionHooks } from "./execution-hooks.js";
import { FilterRegistry } from "./filter-registry.js";
import { ProfileRecorder } from "./profile-recorder.js";
import type { MethodContext, MethodHandler, Quietly } from "./method-context.js";
import { accessListMethods } from "./methods/access-list-methods.js";
import { accessMethods, type AccessDescriber } from "./methods/access-methods.js";
import { debugMethods } from "./methods/debug-methods.js";
import { devMethods, type IntervalMining } from "./methods/dev-methods.js";
import { ethQueryMethods } from "./methods/eth-query-methods.js";
import { ethSendMethods } from "./methods/eth-send-methods.js";
import { filterMethods } from "./methods/filter-methods.js";
import { refuseExtraParams } from "./param-counts.js";
import { paramsArray } from "./params.js";
import { RpcError, internalError, invalidParams, methodNotFound } from "./rpc-error.js";
import { TransactionService } from "./transaction-service.js";

/** Version string answered by web3_clientVersion. */
export const CLIENT_VERSION = `HardhatParallel/${PACKAGE_VERSION}/@ethereumjs/vm/10`;

/** Options of a provider. */
export interface ParallelProviderOptions {
  readonly chain?: Partial<ChainConfig>;
  readonly chainOptions?: ChainOptions;
  /** Folder where a test-run profile of every mined transaction is written (off when undefined). */
  readonly profileDir?: string;
  /** Where Solidity console.log lines go (default: console.log). */
  readonly log?: (line: string) => void;
  /** Labels locations in `parallel_get*Accesses` answers (raw location keys without one). */
  readonly describer?: AccessDescriber;
  /** Observers of mined blocks and calls (none by default). */
  readonly hooks?: ExecutionHooks;
}

/** A JSON-RPC request object. */
export interface RpcRequest {
  readonly jsonrpc?: string;
  readonly id?: number | string | null;
  readonly method: string;
  readonly params?: unknown;
}

/** A JSON-RPC response object. */
export type RpcResponse =
  | { jsonrpc: "2.0"; id: number | string | null; result: unknown }
  | { jsonrpc: "2.0"; id: number | string | null; error: { code: number; message: string; data?: unknown } };

/** EIP-1193 provider over a parallel-network chain. */
export class ParallelProvider {
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #methods: Map<string, MethodHandler>;

  private constructor(
    private readonly ctx: MethodContext,
    private readonly config: ChainConfig,
    private readonly options: ParallelProviderOptions,
    private readonly printer: ConsolePrinter,
    private readonly pooledWatchers: Set<(hash: string) => void>,
  ) {
    const interval: IntervalMining = { set: (ms) => this.#startInterval(ms), stop: () => this.#stopInterval() };
    this.#methods = new Map(
      Object.entries({
        ...ethQueryMethods(ctx),
        ...ethSendMethods(ctx),
        ...filterMethods(ctx),
        ...devMethods(ctx, interval),
        ...debugMethods(ctx),
        ...accessListMethods(ctx),
        ...accessMethods(ctx, options.describer),
      }),
    );
  }

  /** Creates a provider with a fresh chain. */
  static async create(options: ParallelProviderOptions = {}): Promise<ParallelProvider> {
    const config = defaultChainConfig(options.chain);
    const printer = new ConsolePrinter(options.log ?? ((line) => console.log(line)));
    const recorder = options.profileDir === undefined ? undefined : new ProfileRecorder(options.profileDir);
    const filters = new FilterRegistry();
    const observers = [options.chainOptions?.onBlockMined, options.hooks?.onBlockMined];
    if (recorder !== undefined) observers.push((block: StoredBlock) => recorder.record(block));
    const onBlockMined = observers.filter((o) => o !== undefined);
    const chainOptions: ChainOptions = {
      ...options.chainOptions,
      onConsoleCall: (data: Uint8Array) => printer.print(data),
      onPendingBlockMined: options.chainOptions?.onPendingBlockMined ?? options.hooks?.onPendingBlockMined,
      onBlockMined: (block) => {
        filters.onBlockMined(block);
        for (const observe of onBlockMined) observe(block);
      },
    };
    const chain = await Chain.create(config, chainOptions);
    recorder?.attach(chain);
    const keys = new Map(config.accounts.map((a) => [a.address, a.privateKey]));
    const quietly: Quietly = (fn, printIf) => (printIf === undefined ? printer.muted(fn) : printer.held(fn, printIf));
    const pooledWatchers = new Set<(hash: string) => void>();
    const onPooled = (hash: string): void => {
      filters.onTransactionPooled(hash);
      for (const watch of pooledWatchers) watch(hash);
    };
    const ctx: MethodContext = {
      chain,
      transactions: new TransactionService(chain, keys, quietly, options.hooks, onPooled),
      keys,
      quietly,
      filters,
      clientVersion: CLIENT_VERSION,
      reset: async () => {
        ctx.chain = await Chain.create(config, chainOptions);
        recorder?.attach(ctx.chain);
        ctx.transactions = new TransactionService(ctx.chain, keys, quietly, options.hooks, onPooled);
        ctx.filters.clear();
      },
    };
    const provider = new ParallelProvider(ctx, config, options, printer, pooledWatchers);
    const { interval } = config.mining;
    if (interval !== 0) provider.#startInterval(interval);
    return provider;
  }

  /**
   * Calls `watch` with the hash of every transaction entering the pool (automined ones too), synchronously, as
   * it enters (before it is mined); answers the function that stops watching.
   */
  watchPooledTransactions(watch: (hash: string) => void): () => void {
    this.pooledWatchers.add(watch);
    return () => this.pooledWatchers.delete(watch);
  }

  /** Prints one console.log call through this provider's printer (silent while it is muted). */
  printConsoleCall(data: Uint8Array): void {
    this.printer.print(data);
  }

  /** The next filter or subscription id (one counter for both, as on Hardhat's network). */
  nextFilterId(): string {
    return this.ctx.filters.nextId();
  }

  /** The chain currently served (changes on hardhat_reset). */
  get chain(): Chain {
    return this.ctx.chain;
  }

  /** EIP-1193 `request`: resolves with the result or rejects with an `RpcError`. */
  request(args: { method: string; params?: unknown }): Promise<unknown> {
    return this.#queued(() => this.#dispatch(args.method, args.params));
  }

  /** Runs `fn` after every request queued before it, and before any queued after it. */
  #queued<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Answers one JSON-RPC request object; never rejects. */
  async handle(request: RpcRequest): Promise<RpcResponse> {
    const id = request.id ?? null;
    try {
      if (typeof request !== "object" || request === null || typeof request.method !== "string") {
        throw new RpcError(-32600, "Invalid request: expected an object with a string `method`");
      }
      return { jsonrpc: "2.0", id, result: await this.request({ method: request.method, params: request.params }) };
    } catch (error) {
      const rpc = error instanceof RpcError ? error : internalError(error);
      return { jsonrpc: "2.0", id, error: withRequest(rpc, request).toJson() };
    }
  }

  /** Stops interval mining; further requests are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopInterval();
    await this.#queue;
  }

  async #dispatch(method: string, rawParams: unknown): Promise<unknown> {
    if (this.#closed) throw new RpcError(-32603, "The parallel network connection is closed");
    const handler = this.#methods.get(method);
    if (handler === undefined) throw methodNotFound(method);
    const params = paramsArray(rawParams);
    refuseExtraParams(method, params);
    try {
      return await handler(params);
    } catch (error) {
      if (error instanceof RpcError) throw error;
      if (error instanceof SyntaxError || error instanceof RangeError || error instanceof TypeError) {
        throw invalidParams(`invalid params for ${method}: ${error.message}`);
      }
      throw internalError(error);
    }
  }

  #startInterval(ms: number | [number, number]): void {
    this.#stopInterval();
    const next = (): number => (typeof ms === "number" ? ms : ms[0] + Math.floor(Math.random() * (ms[1] - ms[0] + 1)));
    const tick = (): void => {
      this.#timer = setTimeout(() => {
        // The block's number is read in the same turn of the queue as its mining; the host is told of it after
        // that turn (its request log reads the block back through the queue).
        const onMined = this.options.hooks?.onIntervalMined;
        void this.#queued(async () => {
          await this.#dispatch("evm_mine", []);
          return this.ctx.chain.latest.number;
        })
          .then((number) => onMined?.(number))
          .catch(() => undefined)
          .finally(tick);
      }, next());
      this.#timer.unref();
    };
    tick();
  }

  #stopInterval(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * An unsupported method's error carries the request as its `data`, as Hardhat's network answers it; so does a
 * refusal raised while parsing a param, whose message also ends with the position after that param in the
 * request's JSON text (as serde reports it: line 1, the column after the param and its delimiter). A -32004 raised
 * for a param (a block tag EDR does not read) is worded as EDR's, followed by the param and what it expected.
 */
function withRequest(error: RpcError, request: RpcRequest): RpcError {
  const { afterParam } = error.extras;
  if ((error.code !== -32004 && afterParam === undefined) || error.data !== undefined) return error;
  const { method, params } = request;
  const data =
    params === undefined
      ? { jsonrpc: "2.0", id: request.id, method }
      : { jsonrpc: "2.0", id: request.id, method, params };
  // A param EDR does not read makes the request unsupported there: its words first, then which param and why.
  const message =
    error.code === -32004 && !error.message.startsWith("Method ")
      ? `Method ${method} is not supported: ${error.message}`
      : error.message;
  if (afterParam === undefined || !Array.isArray(params)) return new RpcError(error.code, message, data, error.extras);
  // The request's text up to its params' opening bracket, then the params up to `afterParam`.
  const head = JSON.stringify({ jsonrpc: "2.0", id: request.id, method, params: [] }).slice(0, -2);
  const column =
    `${head}${params
      .slice(0, afterParam + 1)
      .map((p) => JSON.stringify(p))
      .join(",")}`.length + 1;
  return new RpcError(error.code, `${error.message} at line 1 column ${column}`, data, error.extras);
}

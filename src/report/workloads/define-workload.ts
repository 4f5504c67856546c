/**
 * The public API for workloads (`parallel/workloads/*.ts` files and built-in templates): a workload deploys
 * and funds what it needs in `setup`, then yields a deterministic stream of transactions from its seed in
 * `next`. Everything here is types plus an identity helper, so importing it from `hardhat-parallel` in a
 * workload file costs nothing.
 *
 * ```ts
 * import { defineWorkload } from 'hardhat-parallel';
 * export default defineWorkload({
 *   name: "my-token",
 *   async setup(api) {
 *     const token = await api.deploy("MyToken");
 *     for (const a of api.accounts) api.queue(token, "mint", [a, 10n ** 21n]);
 *     await api.flush();
 *     return { token };
 *   },
 *   next(api, { token }) {
 *     const from = api.pick();
 *     return { from, to: token, function: "transfer", args: [api.pickOther(from), 1n] };
 *   },
 * });
 * ```
 */

/** Parameters every workload has (defaults from the `parallel.workloads` config or the template). */
export interface WorkloadParams {
  readonly accounts: number;
  readonly transactions: number;
  readonly blockSize: number;
  readonly hotRatio: number;
  readonly zipf: number;
  readonly seed: number;
}

/** Parameters a workload gets when neither its config entry nor its file sets them. */
export const WORKLOAD_DEFAULTS: WorkloadParams = {
  accounts: 100,
  transactions: 1000,
  blockSize: 100,
  hotRatio: 0,
  zipf: 0,
  seed: 1,
};

/** A deployed contract a workload talks to. */
export interface ContractHandle {
  /** Artifact name. */
  readonly name: string;
  readonly address: string;
}

/** One transaction of the stream. */
export interface WorkloadTx {
  readonly from: string;
  readonly to: ContractHandle;
  readonly function: string;
  readonly args?: readonly unknown[];
  readonly value?: bigint;
}

/** What a workload can do while setting up and generating. */
export interface WorkloadApi {
  /** Funded sender accounts, in a fixed order (the first ones form the hot set). */
  readonly accounts: readonly string[];
  /** Account that deploys and owns the workload's contracts. */
  readonly deployer: string;
  readonly params: WorkloadParams;
  /** Template-specific options from the config. */
  readonly options: Readonly<Record<string, unknown>>;
  /** A float in [0, 1) from the workload's seeded stream. */
  random(): number;
  /** An integer in [0, n). */
  randomInt(n: number): number;
  /** A sender following the workload's hot ratio / Zipf law. */
  pick(): string;
  /** Another account than `other`, following the same law. */
  pickOther(other: string): string;
  /** Deploys an artifact of the project (by contract name) from the deployer. */
  deploy(contract: string, args?: readonly unknown[]): Promise<ContractHandle>;
  /** Attaches to a contract deployed at `address` (for example by a factory). */
  at(contract: string, address: string): Promise<ContractHandle>;
  /** Queues a setup call (mined in bulk by `flush`; every queued call must succeed). */
  queue(to: ContractHandle, fn: string, args?: readonly unknown[], options?: { from?: string; value?: bigint }): void;
  /** Mines the queued setup calls; throws naming the first one that reverted. */
  flush(): Promise<void>;
  /** Calls a view function. */
  read(to: ContractHandle, fn: string, args?: readonly unknown[]): Promise<unknown>;
}

/** A workload. */
export interface WorkloadDefinition<State = unknown> {
  readonly name: string;
  readonly description?: string;
  /** Template id when built from a template (set by the loader). */
  readonly template?: string;
  readonly params?: Partial<WorkloadParams>;
  readonly options?: Readonly<Record<string, unknown>>;
  setup(api: WorkloadApi): Promise<State>;
  next(api: WorkloadApi, state: State, index: number): WorkloadTx;
}

/** Declares a workload with full typing (identity at run time). */
export function defineWorkload<State>(definition: WorkloadDefinition<State>): WorkloadDefinition<State> {
  return definition;
}

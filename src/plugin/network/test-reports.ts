/**
 * Hardhat's `--coverage` and `--gas-stats` on the parallel network. Hardhat turns them on by registering
 * `onCoverageData` / `onGasMeasurement` network hook handlers, which its own network feeds; a connection of
 * ours feeds them the same way when they are registered:
 *
 * - coverage: the instrumented contracts call `0xc0bEc0BE…c0BE` (the runtime's `COVERAGE_ADDRESS`) with each statement's 32-byte tag; the
 *   chain's EVM hands every such call's input over, and after each request the tags it hit go to
 *   `onCoverageData` as hex strings without `0x`, as Hardhat's network sends them. Blocks then run on the main
 *   thread (sequential executor), so no execution escapes the observer, and Hardhat's coverage network
 *   overrides apply (see {@link withCoverageOverrides});
 * - gas statistics: see `gas-measurements.ts`; after each request the measurements go to `onGasMeasurement`.
 *   Blocks run on the main thread too (the call trees that name proxies are recorded there).
 *
 * When neither flag is given nothing is attached and nothing is paid.
 */
import type { NetworkConfig } from "hardhat/types/config";
import type { HookContext } from "hardhat/types/hooks";
import type { JsonRpcRequest } from "hardhat/types/providers";

import type { ChainConfig } from "../../runtime/chain/chain-config.js";
import type { EvmContext } from "../../runtime/evm/evm-context.js";
import type { ExecutionHooks } from "../../runtime/rpc/execution-hooks.js";
import type { StateView } from "../../runtime/state/account-data.js";

import { projectRegistry } from "./contract-registry.js";
import { GasMeasurements } from "./gas-measurements.js";

/** The chain a connection serves, as the reports need it. */
export interface ReportedChain {
  readonly context: EvmContext;
  readonly state: StateView;
}

/**
 * Hardhat's coverage overrides of the network settings (its `applyCoverageNetworkOverrides`): unlimited
 * contract size and no transaction gas cap, unless the user set them. Its third (no block gas limit unless set)
 * is not applied: this chain keeps the block gas limit, so a covered transaction may use up to it.
 */
export function withCoverageOverrides(
  chain: Partial<ChainConfig>,
  network: NetworkConfig | undefined,
): Partial<ChainConfig> {
  const simulated = network?.type === "edr-simulated" ? network : undefined;
  return {
    ...chain,
    allowUnlimitedContractSize: simulated?.allowUnlimitedContractSize ?? true,
    transactionGasCap: simulated?.transactionGasCap ?? false,
    blockGasLimitEnforced: typeof simulated?.blockGasLimit === "bigint",
  };
}

/** Whether Hardhat's network reads the pending state for `request`'s nonce (`eth_sendTransaction` without one). */
function readsPendingNonce(request: JsonRpcRequest): boolean {
  const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
  if (request.method === "eth_getTransactionCount") return params[1] === "pending";
  const tx = params[0];
  return request.method === "eth_sendTransaction" && typeof tx === "object" && tx !== null && !("nonce" in tx);
}

/** What one connection reports to Hardhat's coverage and gas analytics. */
export class TestReports {
  readonly #coverageTags = new Set<string>();
  readonly #observeCoverage = (tag: Uint8Array): void => void this.#coverageTags.add(Buffer.from(tag).toString("hex"));
  readonly #gas: GasMeasurements | undefined;

  private constructor(
    private readonly context: HookContext,
    /** Whether `--coverage` is on. */
    readonly coverage: boolean,
    gasStats: boolean,
    private readonly chain: () => ReportedChain,
  ) {
    this.#gas = gasStats ? new GasMeasurements(() => chain().state) : undefined;
  }

  /** The reports Hardhat asks for in this run (none without `--coverage` / `--gas-stats`). */
  static async create(context: HookContext, chain: () => ReportedChain): Promise<TestReports> {
    const coverage = await context.hooks.hasHandlers("network", "onCoverageData");
    const gasStats = await context.hooks.hasHandlers("network", "onGasMeasurement");
    return new TestReports(context, coverage, gasStats, chain);
  }

  /** The runtime hooks gas statistics need, if on. */
  get executionHooks(): ExecutionHooks | undefined {
    return this.#gas?.hooks;
  }

  /** Whether every execution must run on the main thread's EVM, where the observers see it. */
  get mainThreadOnly(): boolean {
    return this.coverage || this.#gas !== undefined;
  }

  /** Watches the chain's EVM (again after `hardhat_reset` made a new chain): coverage tags, call trees. */
  attach(): void {
    const { context } = this.chain();
    if (this.coverage && context.coverageObserver !== this.#observeCoverage) {
      context.coverageObserver = this.#observeCoverage;
    }
    this.#gas?.attach(context);
  }

  /**
   * With gas statistics on, a request that reads a pending nonce first runs the pool as a throwaway block
   * (`minePending`): Hardhat's network answers it from such a block, and reports its executions.
   */
  async beforeRequest(request: JsonRpcRequest, minePending: () => Promise<unknown>): Promise<void> {
    if (this.#gas !== undefined && readsPendingNonce(request)) await minePending();
  }

  /** Hands what the executions so far hit and measured to Hardhat's handlers. */
  async afterRequest(): Promise<void> {
    if (this.#coverageTags.size > 0) {
      const tags = [...this.#coverageTags];
      this.#coverageTags.clear();
      await this.context.hooks.runParallelHandlers("network", "onCoverageData", [tags]);
    }
    if (this.#gas?.pending === true) {
      const measurements = this.#gas.take(await projectRegistry(this.context));
      for (const m of measurements) await this.context.hooks.runParallelHandlers("network", "onGasMeasurement", [m]);
    }
  }
}

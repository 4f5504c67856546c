/**
 * Types of the `parallel` section of hardhat.config.ts: what users write (`ParallelUserConfig`, every field
 * optional) and what the plugin works with once defaults are filled in (`ParallelConfig`).
 */

import type { OutputFormat } from "../../report/render/format-helpers.js";
import type { ExecutionStrategy } from "../../runtime/vocabulary.js";

/** How blocks with several transactions are executed (defined with the runtime's vocabulary). */
export type { ExecutionStrategy };

/** Output formats of `parallel-report` (defined with the renderers). */
export type ReportFormat = OutputFormat;

/**
 * Which solc compiles the project: `"npm"` — the plugin points every compiler entry at an installed npm
 * (wasm) build of exactly its version, offline; `"hardhat"` — Hardhat picks and downloads its compiler as
 * usual (a native build where one exists, faster). Either way solc is asked for `storageLayout`.
 */
export type SolcSource = "npm" | "hardhat";

/** Hardforks the parallel network can run. */
export type ParallelHardfork =
  "london" | "arrowGlacier" | "grayGlacier" | "merge" | "shanghai" | "cancun" | "prague" | "osaka";

/** A workload as written in the config: a built-in template with its parameters, under a unique name. */
export interface WorkloadUserConfig {
  /** Unique name, used by `parallel-report --workload <name>`. */
  name: string;
  /** Built-in template id (see the README's workload list). */
  template: string;
  /** Number of funded accounts that send transactions. */
  accounts?: number;
  /** Number of transactions generated. */
  transactions?: number;
  /** Transactions per block. */
  blockSize?: number;
  /** Probability in [0, 1] that a transaction draws its accounts from a small hot set. */
  hotRatio?: number;
  /** Zipf exponent (>= 0) for account popularity; 0 means uniform. */
  zipf?: number;
  /** Seed of the deterministic transaction stream. */
  seed?: number;
  /** Template-specific options. */
  options?: Record<string, unknown>;
}

/** Report settings as written in the config. */
export interface ReportUserConfig {
  /** Output directory, relative to the project root. */
  outDir?: string;
  /** Formats written by `parallel-report`. */
  formats?: ReportFormat[];
}

/** Per-block fallback to sequential execution: `"adaptive"` (the default) or `"never"`. */
export type FallbackMode = "adaptive" | "never";

/** The `parallel` section as users write it in hardhat.config.ts. */
export interface ParallelUserConfig {
  /** Name of the network the plugin registers. Default `"parallel"`. */
  networkName?: string;
  /** Serve Hardhat's default network with the parallel runtime too. Default `false`. */
  replaceDefault?: boolean;
  /** Worker threads for parallel block execution. Default: the machine's available parallelism. */
  workers?: number;
  /** Block execution strategy. Default `"block-stm"`. */
  strategy?: ExecutionStrategy;
  /** Shard count for the sharded strategy. Default: `workers`. */
  shards?: number;
  /**
   * Per-block fallback to sequential execution: `"adaptive"` (small, cheap or densely conflicting blocks run
   * sequentially; measured break-even) or `"never"` (every block of at least 2 transactions per thread runs with
   * `strategy`, e.g. for tests that must not depend on the machine's speed). Default `"adaptive"`.
   */
  fallback?: FallbackMode;
  /** Hardfork of the parallel network. Default: the settings network's hardfork (Hardhat's default `"osaka"`). */
  hardfork?: ParallelHardfork;
  /**
   * Name of the `edr-simulated` network whose settings (chain id, accounts, block gas limit, mining,
   * `allowUnlimitedContractSize`, ...) the parallel network takes. Default `"default"`.
   */
  settingsFrom?: string;
  /** Path of the committed baseline for `parallel-report --check`. Default `"parallel-baseline.json"`. */
  baseline?: string;
  /** Report output settings. */
  report?: ReportUserConfig;
  /** Allowed relative drop of simulated speedup before `--check` fails, in [0, 1). Default `0.05`. */
  tolerance?: number;
  /** Workloads run by `parallel-report`, in addition to the files in `parallel/workloads/`. */
  workloads?: WorkloadUserConfig[];
  /** Record a test-run profile (every transaction's access sets) when tests run on the parallel network. Default `false`. */
  profile?: boolean;
  /** Which solc compiles the project: the installed npm build (`"npm"`, offline) or Hardhat's own download (`"hardhat"`). Default `"npm"`. */
  solc?: SolcSource;
}

/** A workload with its defaults filled in. */
export interface WorkloadConfig {
  name: string;
  template: string;
  accounts: number;
  transactions: number;
  blockSize: number;
  hotRatio: number;
  zipf: number;
  seed: number;
  options: Record<string, unknown>;
}

/** The resolved `parallel` section. */
export interface ParallelConfig {
  networkName: string;
  replaceDefault: boolean;
  workers: number;
  strategy: ExecutionStrategy;
  shards: number;
  fallback: FallbackMode;
  hardfork: ParallelHardfork;
  /** Whether `hardfork` was set in the `parallel` section (else it follows the settings network). */
  hardforkSet: boolean;
  settingsFrom: string;
  /** Absolute path. */
  baseline: string;
  report: {
    /** Absolute path. */
    outDir: string;
    formats: ReportFormat[];
  };
  tolerance: number;
  workloads: WorkloadConfig[];
  profile: boolean;
  solc: SolcSource;
  /** Absolute folder of test-run profiles. */
  profileDir: string;
}

/**
 * The one place where the defaults of the `parallel` config section are defined. The README's configuration
 * reference is written from this file.
 */
import { availableParallelism } from "node:os";

import { OUTPUT_FORMATS } from "../../report/render/format-helpers.js";
import { WORKLOAD_DEFAULTS } from "../../report/workloads/define-workload.js";
import { EXECUTION_STRATEGIES } from "../../runtime/vocabulary.js";
import { TEMPLATE_OPTIONS } from "../../report/workloads/templates/template-options.js";

import type { ExecutionStrategy, FallbackMode, ParallelHardfork, ReportFormat, SolcSource } from "./types.js";

/** Every execution strategy, in the order the docs list them. */
export const STRATEGIES: readonly ExecutionStrategy[] = EXECUTION_STRATEGIES;

/** Every report format. */
export const REPORT_FORMATS: readonly ReportFormat[] = OUTPUT_FORMATS;

/** Hardforks the runtime supports, oldest first. */
export const HARDFORKS: readonly ParallelHardfork[] = [
  "london",
  "arrowGlacier",
  "grayGlacier",
  "merge",
  "shanghai",
  "cancun",
  "prague",
  "osaka",
];

/** Where solc comes from (`parallel.solc`). */
export const SOLC_SOURCES: readonly SolcSource[] = ["npm", "hardhat"];

/** Values of `parallel.fallback`. */
export const FALLBACK_MODES: readonly FallbackMode[] = ["adaptive", "never"];

/** Built-in workload templates (src/report/workloads/templates/ gives each its generator). */
export const WORKLOAD_TEMPLATES: readonly string[] = Object.keys(TEMPLATE_OPTIONS);

/** Default values of the `parallel` section. `workers` is read from the machine when resolving. */
export const DEFAULTS = {
  networkName: "parallel",
  replaceDefault: false,
  strategy: "block-stm" as ExecutionStrategy,
  fallback: "adaptive" as FallbackMode,
  hardfork: "osaka" as ParallelHardfork,
  settingsFrom: "default",
  baseline: "parallel-baseline.json",
  reportOutDir: "parallel-report",
  reportFormats: [...REPORT_FORMATS],
  tolerance: 0.05,
  profile: false,
  solc: "npm" as SolcSource,
  profileDir: "parallel-profile",
  workload: WORKLOAD_DEFAULTS,
} as const;

/** Default worker count: the machine's available parallelism. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

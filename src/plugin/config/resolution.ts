/**
 * Resolution of the `parallel` section: fills every default (see defaults.ts) into a validated user config
 * and makes paths absolute against the project root.
 */
import path from "node:path";

import { DEFAULTS, defaultWorkers } from "./defaults.js";
import type {
  ParallelConfig,
  ParallelHardfork,
  ParallelUserConfig,
  WorkloadConfig,
  WorkloadUserConfig,
} from "./types.js";

function resolveWorkload(w: WorkloadUserConfig): WorkloadConfig {
  const d = DEFAULTS.workload;
  return {
    name: w.name,
    template: w.template,
    accounts: w.accounts ?? d.accounts,
    transactions: w.transactions ?? d.transactions,
    blockSize: w.blockSize ?? d.blockSize,
    hotRatio: w.hotRatio ?? d.hotRatio,
    zipf: w.zipf ?? d.zipf,
    seed: w.seed ?? d.seed,
    options: w.options ?? {},
  };
}

/** Resolves a validated `parallel` user config against the project root and cache folder. */
export function resolveParallelConfig(
  user: ParallelUserConfig | undefined,
  root: string,
  cache = path.join(root, "cache"),
  inheritedHardfork?: ParallelHardfork,
): ParallelConfig {
  const u = user ?? {};
  const workers = u.workers ?? defaultWorkers();
  return {
    networkName: u.networkName ?? DEFAULTS.networkName,
    replaceDefault: u.replaceDefault ?? DEFAULTS.replaceDefault,
    workers,
    strategy: u.strategy ?? DEFAULTS.strategy,
    shards: u.shards ?? workers,
    hardfork: u.hardfork ?? inheritedHardfork ?? DEFAULTS.hardfork,
    hardforkSet: u.hardfork !== undefined,
    settingsFrom: u.settingsFrom ?? DEFAULTS.settingsFrom,
    baseline: path.resolve(root, u.baseline ?? DEFAULTS.baseline),
    report: {
      outDir: path.resolve(root, u.report?.outDir ?? DEFAULTS.reportOutDir),
      formats: [...(u.report?.formats ?? DEFAULTS.reportFormats)],
    },
    tolerance: u.tolerance ?? DEFAULTS.tolerance,
    workloads: (u.workloads ?? []).map(resolveWorkload),
    profile: u.profile ?? DEFAULTS.profile,
    solc: u.solc ?? DEFAULTS.solc,
    profileDir: path.join(cache, DEFAULTS.profileDir),
  };
}

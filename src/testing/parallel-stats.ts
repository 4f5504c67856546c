/**
 * `--parallel-stats-json <path>`: the conflicts seen in a test run's `mineBlock` blocks, per contract and
 * function, keyed like Hardhat 3's `--gas-stats-json` (`contracts["<source>:<name>"].functions[name]`) so CI
 * can keep its history next to the gas statistics. Each test process adds its blocks when it exits; the
 * processes of one run (node:test runs a process per file) share the run id the main Hardhat process puts
 * in `HARDHAT_PARALLEL_STATS_RUN` and merge into the same file, a file from an earlier run is replaced.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { ExecutionFacts, TransactionFacts } from "./block-facts.js";

/** Conflicts of one function. */
export interface FunctionParallelStats {
  /** Transactions calling it in `mineBlock` blocks. */
  calls: number;
  /** Times one of its calls depended on an earlier transaction of its block. */
  conflicts: number;
  /** Times a later transaction of its block depended on one of its calls. */
  blocking: number;
  /** `Contract.function` of the other side → conflicts, both directions. */
  conflictsWith: Record<string, number>;
  /** Location (`Contract.variable`, or the raw label) → conflicts through it. */
  locations: Record<string, number>;
}

/** One contract. */
export interface ContractParallelStats {
  sourceName: string;
  contractName: string;
  functions: Record<string, FunctionParallelStats>;
}

/** The file's shape. */
export interface ParallelStatsJson {
  tool: "hardhat-parallel";
  run: string;
  blocks: number;
  transactions: number;
  reExecutions: number;
  /** Keyed `<sourceName>:<contractName>`, sorted. */
  contracts: Record<string, ContractParallelStats>;
}

function emptyStats(run: string): ParallelStatsJson {
  return { tool: "hardhat-parallel", run, blocks: 0, transactions: 0, reExecutions: 0, contracts: {} };
}

function functionOf(stats: ParallelStatsJson, t: TransactionFacts | undefined): FunctionParallelStats | undefined {
  if (t?.contract === null || t?.contract === undefined || t.sourceName === null || t.function === null) return;
  const key = `${t.sourceName}:${t.contract}`;
  const contract = (stats.contracts[key] ??= { sourceName: t.sourceName, contractName: t.contract, functions: {} });
  return (contract.functions[t.function] ??= { calls: 0, conflicts: 0, blocking: 0, conflictsWith: {}, locations: {} });
}

const nameOf = (t: TransactionFacts | undefined): string =>
  t === undefined ? "?" : `${t.contract ?? t.to ?? "creation"}.${t.function ?? "?"}`;

const add = (record: Record<string, number>, key: string, n = 1): void => {
  record[key] = (record[key] ?? 0) + n;
};

/** Adds one block's facts to `stats`. */
export function addBlock(stats: ParallelStatsJson, facts: ExecutionFacts): void {
  stats.blocks++;
  stats.transactions += facts.transactions.length;
  stats.reExecutions += facts.reExecutions;
  for (const t of facts.transactions) {
    const fn = functionOf(stats, t);
    if (fn !== undefined) fn.calls++;
  }
  for (const c of facts.conflicts) {
    const [writer, reader] = [facts.transactions[c.from], facts.transactions[c.to]];
    const [w, r] = [functionOf(stats, writer), functionOf(stats, reader)];
    if (r !== undefined) {
      r.conflicts++;
      add(r.conflictsWith, nameOf(writer));
      for (const l of c.locations) add(r.locations, l.label.replace(/\[.*$/, ""));
    }
    if (w !== undefined) {
      w.blocking++;
      add(w.conflictsWith, nameOf(reader));
      for (const l of c.locations) add(w.locations, l.label.replace(/\[.*$/, ""));
    }
  }
}

/** Adds `extra` into `base` (same run). */
export function mergeStats(base: ParallelStatsJson, extra: ParallelStatsJson): ParallelStatsJson {
  base.blocks += extra.blocks;
  base.transactions += extra.transactions;
  base.reExecutions += extra.reExecutions;
  for (const [key, contract] of Object.entries(extra.contracts)) {
    const into = (base.contracts[key] ??= { ...contract, functions: {} });
    for (const [name, f] of Object.entries(contract.functions)) {
      const g = (into.functions[name] ??= { calls: 0, conflicts: 0, blocking: 0, conflictsWith: {}, locations: {} });
      g.calls += f.calls;
      g.conflicts += f.conflicts;
      g.blocking += f.blocking;
      for (const [k, n] of Object.entries(f.conflictsWith)) add(g.conflictsWith, k, n);
      for (const [k, n] of Object.entries(f.locations)) add(g.locations, k, n);
    }
  }
  return base;
}

function sorted(stats: ParallelStatsJson): ParallelStatsJson {
  const keys = Object.keys(stats.contracts).sort();
  return { ...stats, contracts: Object.fromEntries(keys.map((k) => [k, stats.contracts[k] as ContractParallelStats])) };
}

function readSameRun(file: string, run: string): ParallelStatsJson | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as ParallelStatsJson;
    return json.tool === "hardhat-parallel" && json.run === run ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` holding `<file>.lock` (other test processes of the run may be writing); gives up after ~5 s. */
function withLock(file: string, fn: () => void): void {
  const lock = `${file}.lock`;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      closeSync(openSync(lock, "wx"));
    } catch {
      Atomics.wait(pause, 0, 0, 10);
      continue;
    }
    try {
      return fn();
    } finally {
      rmSync(lock, { force: true });
    }
  }
  fn();
}

/** Writes `stats` into `file`, merged with what other processes of the same run wrote there. */
export function writeStats(file: string, stats: ParallelStatsJson): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  withLock(file, () => {
    const earlier = readSameRun(file, stats.run);
    const merged = earlier === undefined ? stats : mergeStats(earlier, stats);
    writeFileSync(file, `${JSON.stringify(sorted(merged), null, 2)}\n`);
  });
}

const collectors = new Map<string, ParallelStatsJson>();

/** The in-process collector for `file`; written when the process exits. */
export function statsCollector(file: string): ParallelStatsJson {
  let stats = collectors.get(file);
  if (stats === undefined) {
    const run = process.env.HARDHAT_PARALLEL_STATS_RUN || `${process.pid}-${Date.now()}`;
    const created = emptyStats(run);
    collectors.set(file, created);
    process.once("exit", () => writeStats(file, created));
    stats = created;
  }
  return stats;
}

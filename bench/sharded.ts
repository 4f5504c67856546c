/**
 * Benchmark of the sharded executor (`node --import tsx/esm bench/sharded.ts [rounds] [--txs N]`): blocks shaped
 * like the sample project's sharding stories, each run by the sequential executor (twice: the twin is the run's
 * noise check), Block-STM and the sharded executor with the access-graph and the hash partition, 2 threads,
 * default (adaptive) fallback policy, interleaved and rotated per round after warm-up rounds (bench/block-sampling.ts),
 * from the same pre-block state; each timing includes the state root. Before the first workload each parallel
 * configuration's worker pool runs 10 parallel blocks of it (a worker's JIT warms only with its own lanes).
 * Kept rounds: 9 per workload (`[rounds]`), S1's workload at least 21 and then more, up to 45, until the sequential
 * twins agree (`--goal-rounds`, `--max-rounds`; block-sampling.ts): a round of 6 configurations costs ≈ 1.5 s
 * idle, the world's set-up ≈ 10 s.
 *
 * Workloads:
 * - `pools-own-traders` (sharded-friendly): 32 AMM pools, each with its own traders; every swap conflicts with
 *   the earlier swaps of its pool only. The graph partition keeps each pool with its traders in one shard.
 * - `erc20-independent`: transfers to fresh recipients through one token (shared by all shards).
 * - `traders-many-pools` (router-like): 100 traders, each swapping on 10 of the 32 pools, so most swaps call a
 *   pool outside their sender's shard — the cross-shard story.
 * - `amm-one-pool`: every swap on one pool — the hot-contract story.
 * Per sharded configuration the JSON keeps the strategy, the fallback reason, the cross-shard ratio, the
 * re-executions, the shard loads and the phase timings (wall and main-thread CPU) of the last measured block. JSON goes to stdout and bench/results/sharded.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";

import type { TypedTransaction } from "@ethereumjs/tx";
import type { Interface } from "ethers";

import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import { ParallelExecution } from "../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../src/runtime/util/hex.js";
import { COINBASES, createWorld, rng, tx, type FuzzWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

import {
  cpuFigures,
  deployPools,
  gcMsOf,
  sampleConfigurations,
  selectedWorkloads,
  timeBlock,
  warmWorkers,
  WORKER_WARM_UP_BLOCKS,
  samplingMethod,
  untilTwinsAgree,
  type WorkerWarmUp,
} from "./block-sampling.js";
import { interquartileMean, intOption, machineInfo, median, round, summarize, twinCheck } from "./stats.js";

const N = intOption("txs", 1000);
/** Kept rounds of every workload; S1's (pools-own-traders) at least GOAL_ROUNDS, then by the stopping rule. */
const ROUNDS = Number(process.argv[2] ?? 9) || 9;
const GOAL_ROUNDS = intOption("goal-rounds", 21);
const MAX_ROUNDS = intOption("max-rounds", 45);
const GOAL_WORKLOAD = "pools-own-traders";
const POOLS = 32;
const GAS_LIMIT = 200_000_000n;
const coinbase = COINBASES[0] ?? "";
const BLOCK = { coinbase, gasLimit: GAS_LIMIT };

type Workload = (w: FuzzWorld) => TypedTransaction[];

function swap(w: FuzzWorld, from: string, pool: number, i: number): TypedTransaction {
  const data = (w.interfaces.Pool as Interface).encodeFunctionData("swap", [10n ** 15n, i % 2 === 0]);
  return tx(w, from, w.contracts[`Pool#${pool}`], fromHex(data), 0n, 90_000n);
}

const workloads: Record<string, Workload> = {
  "pools-own-traders": (w) => w.accounts.slice(0, N).map((from, i) => swap(w, from, i % POOLS, i)),
  "erc20-independent": (w) => {
    const token = w.interfaces.Token as Interface;
    return w.accounts.slice(0, N).map((from, i) => {
      const to = `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
      return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
    });
  },
  "traders-many-pools": (w) => {
    const random = rng(7);
    return Array.from({ length: N }, (_, i) => swap(w, w.accounts[i % 100] ?? "", Math.floor(random() * POOLS), i));
  },
  "amm-one-pool": (w) => w.accounts.slice(0, N).map((from, i) => swap(w, from, 0, i)),
};

/** The figures of a configuration's last block worth keeping (shard loads only for the sharded ones). */
function lastStats(stats: Record<string, unknown> | undefined): Record<string, unknown> {
  if (stats === undefined) return {};
  const pick = [
    "strategy",
    "reason",
    "reExecutions",
    "crossShardRatio",
    "escaped",
    "spanning",
    "laneSizes",
    "stolen",
    "shardLoad",
    "timings",
  ];
  return Object.fromEntries(pick.filter((k) => stats[k] !== undefined).map((k) => [k, stats[k]]));
}

async function runWorkload(
  w: FuzzWorld,
  goal: boolean,
  make: Workload,
  configs: ReadonlyMap<string, BlockExecutor>,
  warm: readonly WorkerWarmUp[],
): Promise<Record<string, unknown>> {
  const names = [...configs.keys()];
  let workerWarmUp: Record<string, Array<number | null>> | undefined;
  const samples = await sampleConfigurations(
    w,
    make,
    names,
    goal ? GOAL_ROUNDS : ROUNDS,
    async (name, txs) => {
      const executor = configs.get(name);
      if (executor === undefined) throw new Error(`no executor ${name}`);
      return timeBlock(w, executor, txs, BLOCK);
    },
    warm.length === 0
      ? undefined
      : async (txs, reset) => {
          workerWarmUp = await warmWorkers(w, txs, warm, WORKER_WARM_UP_BLOCKS, BLOCK, reset);
        },
    goal ? untilTwinsAgree(SEQUENTIAL, TWIN, MAX_ROUNDS) : undefined,
  );
  const ms = (name: string): number[] => (samples.get(name) ?? []).map((x) => x.ms);
  const seq = median(ms(SEQUENTIAL));
  const row: Record<string, unknown> = {};
  for (const name of names) {
    const speedupOverSequential = round(seq / median(ms(name)), 2);
    const last = samples.get(name)?.at(-1)?.stats as Record<string, unknown> | undefined;
    const cpu = cpuFigures(samples.get(name) ?? [], samples.get(SEQUENTIAL) ?? []);
    const kept = samples.get(name) ?? [];
    const noise = { gcMs: round(median(kept.map(gcMsOf))) };
    row[name] = { ...summarize(ms(name)), speedupOverSequential, ...cpu, ...noise, ...lastStats(last) };
  }
  row.twins = twinCheck(SEQUENTIAL, ms(SEQUENTIAL), TWIN, ms(TWIN));
  row.iqmTwins = twinCheck(SEQUENTIAL, ms(SEQUENTIAL), TWIN, ms(TWIN), interquartileMean);
  row.roundsKept = ms(SEQUENTIAL).length;
  // The same check on the main thread's CPU time, which other processes' load moves much less than wall time.
  const cpu = (name: string): number[] => (samples.get(name) ?? []).map((x) => x.mainCpuMs);
  row.cpuTwins = twinCheck(SEQUENTIAL, cpu(SEQUENTIAL), TWIN, cpu(TWIN));
  if (workerWarmUp !== undefined) row.workerWarmUpMsPerTx = workerWarmUp;
  return row;
}

const SEQUENTIAL = "sequential";
const TWIN = "sequential-twin";

async function main(): Promise<void> {
  const w = await createWorld(N + 1);
  await deployPools(w, POOLS, w.accounts[N] ?? "", { coinbase, gasLimit: GAS_LIMIT });
  const runtimes = [
    ["block-stm w2", new ParallelExecution({ strategy: "block-stm", workers: 2 })],
    ["sharded w2 graph", new ParallelExecution({ strategy: "sharded", workers: 2, shards: 2, partitioner: "graph" })],
    [
      "sharded w2 graph x8",
      new ParallelExecution({ strategy: "sharded", workers: 2, shards: 8, partitioner: "graph" }),
    ],
    ["sharded w2 hash", new ParallelExecution({ strategy: "sharded", workers: 2, shards: 2, partitioner: "hash" })],
  ] as const;
  const configs = new Map<string, BlockExecutor>([
    [SEQUENTIAL, w.sequential],
    [TWIN, w.sequential],
  ]);
  for (const [name, runtime] of runtimes) configs.set(name, runtime.executorFor(w.sequential));
  // The worker pools warm up once, on the first workload (their JIT stays warm across workloads).
  let warm: WorkerWarmUp[] = runtimes.map(([name, runtime]) => ({
    name,
    executor: runtime.warmUpExecutor(w.sequential),
  }));
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, make] of selectedWorkloads(workloads)) {
    results[name] = await runWorkload(w, name === GOAL_WORKLOAD, make, configs, warm);
    warm = [];
    console.error(name, JSON.stringify(results[name]));
  }
  for (const [, r] of runtimes) await r.close();
  const friendly = results["pools-own-traders"]?.["sharded w2 graph"] as
    { speedupOverSequential?: number; mainCpuRatio?: number } | undefined;
  const twins = results["pools-own-traders"]?.twins as { agree?: boolean } | undefined;
  const cpuTwins = results["pools-own-traders"]?.cpuTwins as { agree?: boolean } | undefined;
  const out = {
    benchmark: "sharded",
    date: new Date().toISOString(),
    machine: machineInfo(),
    transactionsPerBlock: N,
    pools: POOLS,
    rounds: ROUNDS,
    method: `before the first workload, each parallel configuration's worker pool runs ${WORKER_WARM_UP_BLOCKS} parallel blocks of it (no loss guard; workerWarmUpMsPerTx: the worker's CPU ms per transaction of each); then ${samplingMethod(GOAL_ROUNDS, MAX_ROUNDS)} (S1's workload; the others ${ROUNDS} rounds, no stopping rule); ms include the state root; speedupOverSequential = sequential median / this median; mainCpuRatio = the same from the main thread's CPU time; sequential-twin is the run's noise check (must agree within 5 %)`,
    goals: {
      S1: {
        goal: "sharded w2 graph > 1.0 on pools-own-traders, twins agreeing",
        speedup: friendly?.speedupOverSequential ?? Number.NaN,
        twinsAgree: twins?.agree,
        roundsKept: results["pools-own-traders"]?.roundsKept,
        cpuTwinsAgree: cpuTwins?.agree,
        mainCpuRatio: friendly?.mainCpuRatio,
      },
    },
    workloads: results,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/sharded.json", `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}

await main();

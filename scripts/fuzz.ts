/**
 * The differential fuzzer at scale: `node --import tsx/esm scripts/fuzz.ts [cases] [seed]` runs `cases`
 * random cases (each a few consecutive random blocks) through every parallel strategy and worker count and
 * through the sequential executor, comparing state root, full state, receipts, logs, gas and skipped
 * transactions. The first seed is printed; a failing case prints its seed so it reproduces with
 * `scripts/fuzz.ts 1 <seed>`. Exits non-zero on any divergence.
 */
import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import { ParallelExecution, type ParallelExecutionOptions } from "../src/runtime/parallel/parallel-execution.js";
import { differentialCase, type Divergence } from "../test/runtime/parallel/helpers/differential.js";
import { createWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

const cases = Number(process.argv[2] ?? 2000);
const firstSeed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${cases} cases from seed ${firstSeed}`);

const always = {
  minTransactions: 2,
  denseConflictRatio: 2,
  probeSize: 8,
  minSequentialMs: 0,
  minMsPerTx: 0,
  lossGuard: false,
  maxCrossShardRatio: 1,
};
const configs: Array<[string, ParallelExecutionOptions]> = [
  ["block-stm w2", { strategy: "block-stm", workers: 2, policy: always }],
  ["block-stm w3", { strategy: "block-stm", workers: 3, policy: always }],
  ["block-stm w2 default", { strategy: "block-stm", workers: 2 }],
  ["sharded w2 hash", { strategy: "sharded", workers: 2, shards: 2, partitioner: "hash", policy: always }],
  ["sharded w2 graph x2", { strategy: "sharded", workers: 2, shards: 2, partitioner: "graph", policy: always }],
  ["sharded w2 graph x8", { strategy: "sharded", workers: 2, shards: 8, partitioner: "graph", policy: always }],
  ["sharded w2 default", { strategy: "sharded", workers: 2, shards: 2 }],
  ["sharded w3 graph x4", { strategy: "sharded", workers: 3, shards: 4, partitioner: "graph", policy: always }],
];

/** What the fuzzer reads of a block's statistics. */
interface BlockStats {
  strategy?: string;
  faults?: Array<{ message?: string }>;
  timings?: { workerCpuMs?: number };
}

const world = await createWorld(60);
const runtimes = configs.map(([, options]) => new ParallelExecution(options));
const executors: Array<[string, BlockExecutor]> = configs.map(([name], i) => [
  name,
  runtimes[i]?.executorFor(world.sequential) ?? world.sequential,
]);
const divergences: Divergence[] = [];
/** Lane faults (a worker that could not run its lane): the lane ran at its commit points, so no worker was tested. */
const faults: string[] = [];
let parallelBlocks = 0;
/** Blocks where a worker thread ran a lane (its CPU time counted). */
let workerBlocks = 0;
const started = performance.now();
for (let k = 0; k < cases; k++) {
  const seed = firstSeed + k;
  const result = await differentialCase(world, seed, executors, 3);
  for (const d of result.divergences) {
    divergences.push(d);
    console.log(`DIVERGENCE seed=${d.seed} executor=${d.executor} block=${d.block}`);
  }
  for (const stats of result.stats as BlockStats[]) {
    if (stats.strategy !== undefined && stats.strategy !== "sequential") parallelBlocks++;
    if ((stats.timings?.workerCpuMs ?? 0) > 0) workerBlocks++;
    for (const fault of stats.faults ?? []) faults.push(`seed=${seed}: ${fault.message ?? "fault"}`);
  }
  if ((k + 1) % 100 === 0)
    console.log(
      `${k + 1} cases, ${divergences.length} divergences, ${Math.round((performance.now() - started) / 1000)} s`,
    );
}
for (const r of runtimes) await r.close();
console.log(
  `fuzz done: ${cases} cases (${cases * 3} blocks x ${configs.length} executors), ${divergences.length} divergences, ${parallelBlocks} parallel blocks (${workerBlocks} with worker lanes), ${faults.length} lane faults, first seed ${firstSeed}`,
);
for (const fault of faults.slice(0, 5)) console.log(`LANE FAULT ${fault}`);
process.exit(divergences.length === 0 && faults.length === 0 ? 0 : 1);

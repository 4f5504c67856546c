/**
 * Benchmark of the block executors (`node --import tsx/esm bench/executor.ts [rounds]`): 1,000-transaction
 * blocks — independent ERC20 transfers, raw ETH transfers, AMM swaps over separate pools and over one pool,
 * a hot-recipient sweep {0, 1, 10, 30, 100 %}, and a fully dependent chain (every transaction reads then
 * writes one slot) — each run by the sequential executor, Block-STM and sharded with 1 and 2 workers, in the
 * same process, several rounds from the same pre-block state; medians and ratios to sequential. Each timing
 * includes the state root. Hardhat's EDR mines the same ERC20 block in the same run. JSON goes to stdout and
 * bench/results/executor.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";

import type { TypedTransaction } from "@ethereumjs/tx";
import { type Interface } from "ethers";

import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import type { ParallelExecutionStats } from "../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../src/runtime/util/hex.js";
import {
  COINBASES,
  createWorld,
  rng,
  runBlock,
  tx,
  type FuzzWorld,
} from "../test/runtime/parallel/helpers/fuzz-world.js";

import { measureEdr } from "./executor-edr.js";

const N = 1000;
const ROUNDS = Number(process.argv[2] ?? 3);
const GAS_LIMIT = 200_000_000n;
const coinbase = COINBASES[0] ?? "";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

type Workload = (w: FuzzWorld) => TypedTransaction[];

function erc20(hotRatio: number, seed: number): Workload {
  return (w) => {
    const random = rng(seed);
    const token = w.interfaces.Token as Interface;
    return w.accounts.slice(0, N).map((from, i) => {
      const to = random() < hotRatio ? (w.accounts[N] ?? "") : `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
      return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
    });
  };
}

const workloads: Record<string, Workload> = {
  "erc20-independent": erc20(0, 1),
  "eth-transfers": (w) =>
    w.accounts
      .slice(0, N)
      .map((from, i) =>
        tx(w, from, `0x${(0xcafe0000 + i).toString(16).padStart(40, "0")}`, new Uint8Array(0), 5n, 21_000n),
      ),
  "amm-separate-pools": (w) => {
    const pool = w.interfaces.Pool as Interface;
    return w.accounts
      .slice(0, N)
      .map((from, i) =>
        tx(
          w,
          from,
          w.contracts[`Pool#${i}`],
          fromHex(pool.encodeFunctionData("swap", [10n ** 15n, i % 2 === 0])),
          0n,
          90_000n,
        ),
      );
  },
  "amm-one-pool": (w) => {
    const pool = w.interfaces.Pool as Interface;
    return w.accounts
      .slice(0, N)
      .map((from, i) =>
        tx(
          w,
          from,
          w.contracts.Pool0,
          fromHex(pool.encodeFunctionData("swap", [10n ** 15n, i % 2 === 0])),
          0n,
          90_000n,
        ),
      );
  },
  "hot-0%": erc20(0, 2),
  "hot-1%": erc20(0.01, 3),
  "hot-10%": erc20(0.1, 4),
  "hot-30%": erc20(0.3, 5),
  "hot-100%": erc20(1, 6),
  "dependent-chain": (w) => {
    const game = w.interfaces.Game as Interface;
    return w.accounts
      .slice(0, N)
      .map((from) => tx(w, from, w.contracts.Game, fromHex(game.encodeFunctionData("move", [1n, true])), 0n, 80_000n));
  },
};

async function deployPools(w: FuzzWorld): Promise<void> {
  const deployer = w.accounts[N] ?? "";
  const txs = Array.from({ length: N }, () =>
    tx(w, deployer, undefined, fromHex(w.bytecode.Pool ?? "0x"), 0n, 400_000n),
  );
  const result = await runBlock(w, w.sequential, txs, coinbase, GAS_LIMIT);
  result.executed.forEach((e, i) => (w.contracts[`Pool#${i}`] = e.createdAddress ?? ""));
  w.blockNumber++;
}

async function timeBlock(
  w: FuzzWorld,
  executor: BlockExecutor,
  txs: TypedTransaction[],
): Promise<{ ms: number; stats: ParallelExecutionStats }> {
  const started = performance.now();
  const result = await runBlock(w, executor, txs, coinbase, GAS_LIMIT);
  w.state.stateRoot();
  const ms = performance.now() - started;
  if (result.executed.length !== txs.length)
    throw new Error(`only ${result.executed.length} of ${txs.length} executed: ${result.skipped[0]?.message}`);
  return { ms, stats: result.stats as ParallelExecutionStats };
}

async function main(): Promise<void> {
  const w = await createWorld(N + 1);
  await deployPools(w);
  const runtimes: ParallelExecution[] = [];
  const configs: Array<[string, BlockExecutor]> = [["sequential", w.sequential]];
  for (const strategy of ["block-stm", "sharded"] as const) {
    for (const workers of [1, 2]) {
      const runtime = new ParallelExecution({ strategy, workers, shards: 2 });
      runtimes.push(runtime);
      configs.push([`${strategy} w${workers}`, runtime.executorFor(w.sequential)]);
    }
  }
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, make] of Object.entries(workloads)) {
    const mark = w.state.mark();
    const nonces = new Map(w.nonces);
    const txs = make(w);
    const times = new Map<string, number[]>();
    const info = new Map<string, ParallelExecutionStats>();
    for (let round = -1; round < ROUNDS; round++) {
      for (const [config, executor] of configs) {
        w.state.rollback(mark);
        const { ms, stats } = await timeBlock(w, executor, txs);
        if (round >= 0) times.set(config, [...(times.get(config) ?? []), ms]);
        info.set(config, stats);
      }
    }
    w.state.rollback(mark);
    w.nonces.clear();
    for (const [k, v] of nonces) w.nonces.set(k, v);
    const seq = median(times.get("sequential") ?? []);
    const row: Record<string, unknown> = {};
    for (const [config] of configs) {
      const ms = median(times.get(config) ?? []);
      const s = info.get(config);
      row[config] = {
        medianMs: Math.round(ms * 10) / 10,
        ratio: Math.round((seq / ms) * 100) / 100,
        strategy: s?.strategy,
        reason: s?.reason,
        reExecutions: s?.reExecutions,
        crossShardRatio: s?.crossShardRatio,
      };
    }
    results[name] = row;
    console.error(name, JSON.stringify(row));
  }
  for (const r of runtimes) await r.close();
  const edr = await measureEdr(N, ROUNDS);
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      availableParallelism: availableParallelism(),
      node: process.version,
    },
    transactionsPerBlock: N,
    rounds: ROUNDS,
    note: "medianMs includes the state root; ratio = sequential median / this median",
    workloads: results,
    edr,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/executor.json", `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}

await main();

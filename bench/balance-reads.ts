/**
 * Benchmark of exact balance reads (`node --import tsx/esm bench/balance-reads.ts [rounds]`): blocks of 200
 * transactions into one shared payable contract (the fuzzer's `Vault`) — view calls mixed with payable deposits,
 * WETH-style deposits by distinct users, ETH passing through the vault to a fresh address, and the vault deploying
 * children (CREATE) among views of it — each run once by the
 * sequential executor (its recorded access sets give the conflicting pairs, the longest dependency chain and
 * how many transactions read the vault's balance and nonce) and `rounds` times by Block-STM with 1 and 2 workers from the
 * same pre-block state (re-executions, validation failures, the most conflicted locations, wall and main-thread
 * CPU time against sequential's). The access-set figures are deterministic; compare them across builds.
 * JSON goes to stdout and bench/results/balance-reads.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";

import type { TypedTransaction } from "@ethereumjs/tx";
import type { Interface } from "ethers";

import type { BlockExecution, BlockExecutor } from "../src/runtime/exec/block-execution.js";
import type { ParallelExecutionStats } from "../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../src/runtime/util/hex.js";
import { balanceKey, nonceKey } from "../src/runtime/vocabulary.js";
import {
  COINBASES,
  createWorld,
  runBlock,
  syncNonces,
  tx,
  type FuzzWorld,
} from "../test/runtime/parallel/helpers/fuzz-world.js";

import { timeBlock } from "./block-sampling.js";
import { machineInfo, median, round } from "./stats.js";

const N = 200;
const ROUNDS = Number(process.argv[2] ?? 3) || 3;
const BLOCK = { coinbase: COINBASES[0] ?? "", gasLimit: 200_000_000n };
const always = { minTransactions: 2, denseConflictRatio: 2, probeSize: 8, minSequentialMs: 0, minMsPerTx: 0 };

type Workload = (w: FuzzWorld) => TypedTransaction[];

function vaultTx(w: FuzzWorld, from: string, fn: string, args: unknown[], value: bigint): TypedTransaction {
  const data = (w.interfaces.Vault as Interface).encodeFunctionData(fn, args);
  return tx(w, from, w.contracts.Vault0, fromHex(data), value, 200_000n);
}

const WORKLOADS: Record<string, Workload> = {
  "views-and-deposits": (w) =>
    w.accounts
      .slice(0, N)
      .map((a, i) => (i % 2 === 0 ? vaultTx(w, a, "deposit", [], 1000n + BigInt(i)) : vaultTx(w, a, "total", [a], 0n))),
  "weth-deposits": (w) => w.accounts.slice(0, N).map((a, i) => vaultTx(w, a, "deposit", [], 1000n + BigInt(i))),
  "pass-through": (w) =>
    w.accounts
      .slice(0, N)
      .map((a, i) => vaultTx(w, a, "payTo", [`0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`], 500n)),
  // A contract that deploys (CREATE bumps its nonce) and views of it: only the deployments depend on each other.
  "creates-and-views": (w) =>
    w.accounts
      .slice(0, N)
      .map((a, i) => (i % 4 === 0 ? vaultTx(w, a, "make", [0n], 0n) : vaultTx(w, a, "total", [a], 0n))),
};

/** Conflicting ordered pairs, the longest dependency chain and the readers of the vault's balance. */
function accessFigures(w: FuzzWorld, block: BlockExecution): Record<string, number> {
  const sets = block.executed.map((e) => e.access);
  const depth: number[] = [];
  let pairs = 0;
  for (const [j, later] of sets.entries()) {
    let deepest = 0;
    for (let i = 0; i < j; i++) {
      const earlier = sets[i];
      if (earlier === undefined) continue;
      const changed = [...earlier.writes.keys(), ...earlier.deltas.keys()];
      const plain = [...earlier.writes.keys()];
      const conflict =
        changed.some((k) => later.reads.has(k) || later.writes.has(k)) || plain.some((k) => later.deltas.has(k));
      if (conflict) {
        pairs++;
        deepest = Math.max(deepest, depth[i] ?? 0);
      }
    }
    depth.push(deepest + 1);
  }
  const vault = balanceKey(w.contracts.Vault0 ?? "");
  return {
    conflictingPairs: pairs,
    longestChain: Math.max(...depth),
    vaultBalanceReaders: sets.filter((s) => s.reads.has(vault)).length,
    vaultBalanceWriters: sets.filter((s) => s.writes.has(vault)).length,
    vaultBalanceDeltas: sets.filter((s) => s.deltas.has(vault)).length,
    vaultNonceReaders: sets.filter((s) => s.reads.has(nonceKey(w.contracts.Vault0 ?? ""))).length,
  };
}

async function measure(w: FuzzWorld, name: string, make: Workload, executors: Array<[string, BlockExecutor]>) {
  syncNonces(w);
  const txs = make(w);
  const mark = w.state.mark();
  const reference = await runBlock(w, w.sequential, txs, BLOCK.coinbase, BLOCK.gasLimit);
  if (reference.executed.some((e) => e.status !== 1)) throw new Error(`${name}: a transaction failed`);
  const figures = accessFigures(w, reference);
  w.state.rollback(mark);
  const runs: Record<string, unknown> = {};
  for (const [label, executor] of [["sequential", w.sequential] as [string, BlockExecutor], ...executors]) {
    const samples = [];
    for (let r = 0; r < ROUNDS; r++) {
      samples.push(await timeBlock(w, executor, txs, BLOCK));
      w.state.rollback(mark);
    }
    const stats = samples.map((s) => s.stats as ParallelExecutionStats | undefined);
    runs[label] = {
      ms: round(median(samples.map((s) => s.ms))),
      mainCpuMs: round(median(samples.map((s) => s.mainCpuMs))),
      strategy: stats[0]?.strategy,
      reExecutions: stats.map((s) => s?.reExecutions ?? 0),
      validationFailures: stats.map((s) => s?.validationFailures ?? 0),
      topConflicts: (stats[0]?.conflicts ?? []).slice(0, 3),
    };
  }
  return { workload: name, transactions: txs.length, ...figures, runs };
}

const w = await createWorld(N + 4);
const funding = ["Vault0", "Vault1"].map((v) =>
  tx(w, w.accounts[N] ?? "", w.contracts[v], new Uint8Array(0), 10n ** 18n, 80_000n),
);
await runBlock(w, w.sequential, funding, BLOCK.coinbase);
w.blockNumber++;
const runtimes = [1, 2].map((workers) => new ParallelExecution({ strategy: "block-stm", workers, policy: always }));
const executors: Array<[string, BlockExecutor]> = runtimes.map((r, i) => [
  `block-stm w${i + 1}`,
  r.executorFor(w.sequential),
]);
const results = [];
for (const [name, make] of Object.entries(WORKLOADS)) results.push(await measure(w, name, make, executors));
for (const r of runtimes) await r.close();
const output = { machine: machineInfo(), rounds: ROUNDS, results };
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/balance-reads.json", `${JSON.stringify(output, null, 2)}\n`);
console.log(JSON.stringify(output, null, 2));

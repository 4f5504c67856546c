/**
 * Benchmark: the parallel network vs Hardhat's default network (EDR), in the same run, on the compat fixture's
 * OpenZeppelin ERC20 (test/fixtures/compat-project).
 *
 * - "ethers-transfer-wait": an automined loop of `token.transfer(to, 1).wait()` through hardhat-ethers —
 *   what a test suite does. Goal: parallel ≤ 1.0× EDR's wall time.
 * - "raw-send": `eth_sendTransaction` of ERC20 transfers straight to the connection's provider, automined, with
 *   an explicit gas limit (no estimation): the node's own cost per transaction.
 *
 * Configurations "edr", "parallel" and "parallel-twin" (the same as "parallel": the run's noise check, which
 * must agree within ±5 %) are interleaved and rotated within every round after a warm-up round (bench/stats.ts);
 * every sample opens a fresh connection, deploys the token, then times the loop. Min/median/max/spread per
 * configuration; ratio = parallel median / EDR median. CPU time is the process's (all threads) and the main
 * thread's: the difference is what other threads burn — EDR's own threads on Hardhat's network; V8's
 * background compiler (most of it while the runtime's code is still being optimized) and GC helpers on both.
 * Prints JSON and writes bench/results/network.json.
 *
 * With `--stock-interpreter`, a fourth configuration "parallel-stock-interpreter" runs the parallel network with
 * @ethereumjs's own interpreter loop (src/runtime/evm/sync-steps.ts switched off): that change's before/after in
 * the same run, as `ratioStockInterpreterOverParallel`.
 *
 * The parallel network measured is the built plugin (`dist/`, loading the single-file runtime
 * `dist/bundle/parallel-network.js`), what a project's `hardhat test` runs — as `bench/run.ts` does: the
 * sources loaded through tsx run ≈ 8 % more main-thread CPU per raw send (its transform wraps every
 * function created at run time in a `__name` helper call, and the modules stay apart). Build first: the
 * benchmark refuses a missing or out-of-date build.
 *
 * Run: npm run build && node --import tsx/esm bench/network.ts [--rounds N] [--max-rounds N] [--txs N]
 * [--stock-interpreter]
 * (defaults 7, 21 and 150)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { Interface } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { builtPlugin, builtRuntime } from "./built-runtime.js";

import {
  interleaved,
  intOption,
  machineInfo,
  median,
  round,
  summarize,
  timed,
  twinCheck,
  type StoppingRule,
  type Summary,
  type Timing,
} from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURE = join(ROOT, "test", "fixtures", "compat-project");
type NetworkName = "default" | "parallel";
/** The configurations of every scenario: "parallel-twin" is "parallel" again, the run's noise check. */
const BASE_CONFIGURATIONS = ["edr", "parallel", "parallel-twin"] as const;
const STOCK = "parallel-stock-interpreter";
type Configuration = (typeof BASE_CONFIGURATIONS)[number] | typeof STOCK;
const NETWORK_OF: Record<Configuration, NetworkName> = {
  edr: "default",
  parallel: "parallel",
  "parallel-twin": "parallel",
  [STOCK]: "parallel",
};
const CONFIGURATIONS: readonly Configuration[] = process.argv.includes("--stock-interpreter")
  ? [...BASE_CONFIGURATIONS, STOCK]
  : BASE_CONFIGURATIONS;

/** The single-file runtime the built plugin loads (the same module instance: one URL). */
const runtime = await builtRuntime(ROOT);
/** The built plugin, which loads that same runtime. */
const hardhatParallel = await builtPlugin(ROOT);

/** Runs one sample of configuration `c` (the stock-interpreter one with the synchronous loop switched off). */
async function sample<T>(c: Configuration, run: () => Promise<T>): Promise<T> {
  runtime.setSyncStepsEnabled(c !== STOCK);
  try {
    return await run();
  } finally {
    runtime.setSyncStepsEnabled(true);
  }
}

/** A timed run with the main thread's CPU time too (the rest of `cpuMs` ran on other threads). */
interface ThreadTiming extends Timing {
  readonly mainCpuMs: number;
}

/**
 * {@link timed} plus the main thread's CPU time: what the process's other threads burn — V8's background
 * compiler and GC helpers on both networks, EDR's own threads on Hardhat's — is `cpuMs - mainCpuMs`.
 */
async function timedThreads(fn: () => Promise<void>): Promise<ThreadTiming> {
  const main = process.threadCpuUsage();
  const timing = await timed(fn);
  const used = process.threadCpuUsage(main);
  return { ...timing, mainCpuMs: (used.user + used.system) / 1000 };
}

/** Wall time (ms) of `txs` automined `transfer().wait()` calls through hardhat-ethers. */
async function ethersLoop(hre: HardhatRuntimeEnvironment, network: NetworkName, txs: number): Promise<ThreadTiming> {
  const connection = await hre.network.create(network);
  try {
    const { ethers } = connection;
    const signers = await ethers.getSigners();
    const token = await ethers.deployContract("Token");
    const transfer = token.getFunction("transfer");
    return await timedThreads(async () => {
      for (let i = 0; i < txs; i++) {
        const to = signers[1 + (i % 10)]?.address ?? signers[0]?.address ?? "";
        await (await transfer(to, 1n)).wait();
      }
    });
  } finally {
    await connection.close();
  }
}

/** Wall time (ms) of `txs` raw automined eth_sendTransaction ERC20 transfers. */
async function rawLoop(hre: HardhatRuntimeEnvironment, network: NetworkName, txs: number): Promise<ThreadTiming> {
  const connection = await hre.network.create(network);
  try {
    const { ethers, provider } = connection;
    const [owner] = await ethers.getSigners();
    const token = await ethers.deployContract("Token");
    const address = await token.getAddress();
    const coder = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
    const from = owner?.address.toLowerCase();
    const calls = Array.from({ length: txs }, (_, i) =>
      coder.encodeFunctionData("transfer", [`0x${(0x1000 + (i % 100)).toString(16).padStart(40, "0")}`, 1n]),
    );
    return await timedThreads(async () => {
      for (const data of calls)
        await provider.request({
          method: "eth_sendTransaction",
          params: [{ from, to: address, data, gas: "0x20000" }],
        });
    });
  } finally {
    await connection.close();
  }
}

const SCENARIOS = { "ethers-transfer-wait": ethersLoop, "raw-send": rawLoop } as const;

/**
 * The stopping rule: after the kept rounds asked for, more rounds until "parallel" and its twin agree within 5 %
 * on their wall medians (the run's noise check), at most `maxRounds` kept rounds.
 */
function untilParallelTwinsAgree(maxRounds: number, txs: number): StoppingRule<Configuration, ThreadTiming> {
  const wall = (samples: ReadonlyMap<Configuration, readonly ThreadTiming[]>, c: Configuration): number[] =>
    (samples.get(c) ?? []).map((t) => (t.wallMs * 1000) / txs);
  return {
    maxRounds,
    converged: (samples) =>
      twinCheck("parallel", wall(samples, "parallel"), "parallel-twin", wall(samples, "parallel-twin")).agree,
  };
}

async function main(): Promise<void> {
  const rounds = intOption("rounds", 7);
  const maxRounds = Math.max(rounds, intOption("max-rounds", 21));
  const txs = intOption("txs", 150);
  const warmup = 1;
  const hre = await createHardhatRuntimeEnvironment(
    { plugins: [hardhatEthers, hardhatParallel], solidity: "0.8.28" },
    {},
    FIXTURE,
  );
  await hre.tasks.getTask("build").run({ quiet: true });
  const scenarios: Record<string, unknown> = {};
  for (const [name, loop] of Object.entries(SCENARIOS)) {
    const samples = await interleaved(
      CONFIGURATIONS,
      rounds,
      warmup,
      (c) => sample(c, () => loop(hre, NETWORK_OF[c], txs)),
      untilParallelTwinsAgree(maxRounds, txs),
    );
    const wall = (c: Configuration): number[] => (samples.get(c) ?? []).map((t) => (t.wallMs * 1000) / txs);
    const cpu = (c: Configuration): number[] => (samples.get(c) ?? []).map((t) => (t.cpuMs * 1000) / txs);
    const mainCpu = (c: Configuration): number[] => (samples.get(c) ?? []).map((t) => (t.mainCpuMs * 1000) / txs);
    const both = (c: Configuration): { wall: Summary; cpu: Summary; mainThreadCpu: Summary } => ({
      wall: summarize(wall(c)),
      cpu: summarize(cpu(c)),
      mainThreadCpu: summarize(mainCpu(c)),
    });
    scenarios[name] = {
      unit: "µs per transaction (wall clock; cpu = this process's CPU time, all threads; mainThreadCpu = the main thread's)",
      edr: both("edr"),
      parallel: both("parallel"),
      "parallel-twin": both("parallel-twin"),
      ratioParallelOverEdr: round(median(wall("parallel")) / median(wall("edr")), 3),
      cpuRatioParallelOverEdr: round(median(cpu("parallel")) / median(cpu("edr")), 3),
      mainThreadCpuRatioParallelOverEdr: round(median(mainCpu("parallel")) / median(mainCpu("edr")), 3),
      ...(CONFIGURATIONS.includes(STOCK)
        ? {
            [STOCK]: both(STOCK),
            ratioStockInterpreterOverParallel: round(median(wall(STOCK)) / median(wall("parallel")), 3),
            cpuRatioStockInterpreterOverParallel: round(median(cpu(STOCK)) / median(cpu("parallel")), 3),
          }
        : {}),
      roundsKept: wall("parallel").length,
      twins: twinCheck("parallel", wall("parallel"), "parallel-twin", wall("parallel-twin")),
      cpuTwins: twinCheck("parallel cpu", cpu("parallel"), "parallel-twin cpu", cpu("parallel-twin")),
    };
    console.error(name, JSON.stringify(scenarios[name]));
  }
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    method:
      `configurations interleaved and rotated per round, ${warmup} warm-up round dropped, fresh connection and token ` +
      `per sample; at least ${rounds} rounds kept, then more until "parallel" and its twin agree within 5 % on their ` +
      `wall medians or ${maxRounds} rounds are kept (each scenario's roundsKept; twins.agree says whether they did)`,
    rounds: { atLeast: rounds, atMost: maxRounds },
    txs,
    goal: "ratioParallelOverEdr <= 1.0 (N1 raw-send, N2 ethers-transfer-wait)",
    scenarios,
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "network.json"), `${json}\n`);
}

await main();

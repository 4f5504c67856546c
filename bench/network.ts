/**
 * Benchmark: the parallel network vs Hardhat's default network (EDR), in the same run, on the compat fixture's
 * OpenZeppelin ERC20 (test/fixtures/compat-project).
 *
 * - "ethers-transfer-wait": an automined loop of `token.transfer(to, 1).wait()` through hardhat-ethers —
 *   what a test suite does. Goal: parallel ≤ 1.0× EDR's wall time.
 * - "raw-send": `eth_sendTransaction` of ERC20 transfers straight to the connection's provider, automined, with
 *   an explicit gas limit (no estimation): the node's own cost per transaction.
 *
 * Every round opens a fresh connection per network (the networks alternate, to share any drift), deploys the
 * token, then times the loop. Medians over the rounds; ratio = parallel / EDR.
 * Prints JSON and writes bench/results/network.json.
 *
 * Run: node --import tsx/esm bench/network.ts [--rounds N] [--txs N]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { Interface } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../src/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURE = join(ROOT, "test", "fixtures", "compat-project");
const NETWORKS = ["default", "parallel"] as const;
type NetworkName = (typeof NETWORKS)[number];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Wall time (ms) of `txs` automined `transfer().wait()` calls through hardhat-ethers. */
async function ethersLoop(hre: HardhatRuntimeEnvironment, network: NetworkName, txs: number): Promise<number> {
  const connection = await hre.network.create(network);
  try {
    const { ethers } = connection;
    const signers = await ethers.getSigners();
    const token = await ethers.deployContract("Token");
    const transfer = token.getFunction("transfer");
    const start = performance.now();
    for (let i = 0; i < txs; i++) {
      const to = signers[1 + (i % 10)]?.address ?? signers[0]?.address ?? "";
      await (await transfer(to, 1n)).wait();
    }
    return performance.now() - start;
  } finally {
    await connection.close();
  }
}

/** Wall time (ms) of `txs` raw automined eth_sendTransaction ERC20 transfers. */
async function rawLoop(hre: HardhatRuntimeEnvironment, network: NetworkName, txs: number): Promise<number> {
  const connection = await hre.network.create(network);
  try {
    const { ethers, provider } = connection;
    const [owner] = await ethers.getSigners();
    const token = await ethers.deployContract("Token");
    const address = await token.getAddress();
    const coder = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
    const from = owner?.address.toLowerCase();
    const start = performance.now();
    for (let i = 0; i < txs; i++) {
      const to = `0x${(0x1000 + (i % 100)).toString(16).padStart(40, "0")}`;
      const data = coder.encodeFunctionData("transfer", [to, 1n]);
      await provider.request({ method: "eth_sendTransaction", params: [{ from, to: address, data, gas: "0x20000" }] });
    }
    return performance.now() - start;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const rounds = option("rounds", 3);
  const txs = option("txs", 500);
  const hre = await createHardhatRuntimeEnvironment(
    { plugins: [hardhatEthers, hardhatParallel], solidity: "0.8.28" },
    {},
    FIXTURE,
  );
  await hre.tasks.getTask("build").run({ quiet: true });
  for (const network of NETWORKS) await ethersLoop(hre, network, 20); // warm-up (JIT, lazy imports)
  const times: Record<string, Record<NetworkName, number[]>> = {
    "ethers-transfer-wait": { default: [], parallel: [] },
    "raw-send": { default: [], parallel: [] },
  };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? NETWORKS : ([...NETWORKS].reverse() as NetworkName[]);
    for (const network of order) times["ethers-transfer-wait"]?.[network].push(await ethersLoop(hre, network, txs));
    for (const network of order) times["raw-send"]?.[network].push(await rawLoop(hre, network, txs));
  }
  const scenarios = Object.fromEntries(
    Object.entries(times).map(([name, t]) => {
      const edr = median(t.default);
      const parallel = median(t.parallel);
      return [
        name,
        {
          edr: { medianMs: round(edr), usPerTx: round((edr * 1000) / txs), roundsMs: t.default.map(round) },
          parallel: {
            medianMs: round(parallel),
            usPerTx: round((parallel * 1000) / txs),
            roundsMs: t.parallel.map(round),
          },
          ratioParallelOverEdr: round(parallel / edr, 3),
        },
      ];
    }),
  );
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
    rounds,
    txs,
    scenarios,
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "network.json"), `${json}\n`);
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();

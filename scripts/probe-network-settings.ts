/**
 * Probe: sets each setting of Hardhat's simulated network on a project's `default` network, runs the same
 * scripted requests on Hardhat's network (EDR) and on `--network parallel` (through `network.create()`), and
 * prints every difference. Fields that follow the wall clock (timestamps, hashes) are left out of the comparison.
 *
 *   node --import tsx/esm scripts/probe-network-settings.ts [variant-name-substring]
 */
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import type { NetworkUserConfig } from "hardhat/types/config";
import type { NetworkConnection } from "hardhat/types/network";

import hardhatParallel from "../src/index.js";
import { createFixtureHre } from "../test/helpers/fixtures.js";

type Step = [string, unknown[]];

const A1 = "$a1";
const REVERT_INIT = "0x60006000fd";
const BASE: Step[] = [
  ["eth_chainId", []],
  ["net_version", []],
  ["eth_accounts", []],
  ["eth_getBalance", ["$a0", "latest"]],
  ["eth_coinbase", []],
  ["hardhat_getAutomine", []],
  ["eth_gasPrice", []],
  ["eth_maxPriorityFeePerGas", []],
  ["eth_getBlockByNumber", ["0x0", false]],
  ["eth_sendTransaction", [{ from: "$a0", to: A1, value: "0x1" }]],
  ["eth_getTransactionByHash", ["$last"]],
  ["eth_getTransactionReceipt", ["$hash"]],
  ["eth_sendTransaction", [{ from: "$a0", data: REVERT_INIT }]],
  ["eth_call", [{ from: "$a0", data: REVERT_INIT }]],
  ["eth_estimateGas", [{ from: "$a0", to: A1, value: "0x1" }]],
  ["eth_sendTransaction", [{ from: "$a0", to: A1, gas: "0x3b9aca00" }]],
  ["evm_mine", []],
  ["eth_getBlockByNumber", ["latest", false]],
  ["eth_feeHistory", ["0x2", "latest", [50]]],
];

const KEY_A = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

const VARIANTS: Array<[string, Record<string, unknown>, Step[]?]> = [
  ["baseline", {}],
  [
    "mnemonic path/count/index/passphrase",
    {
      accounts: {
        mnemonic: "test test test test test test test test test test test junk",
        path: "m/44'/60'/1'/0",
        count: 2,
        initialIndex: 3,
        passphrase: "pw",
        accountsBalance: "1000000000000000000000",
      },
    },
  ],
  [
    "private keys",
    {
      accounts: [
        { privateKey: KEY_A, balance: "1000000000000000000000" },
        { privateKey: `0x${"22".repeat(32)}`, balance: 5n },
      ],
    },
  ],
  ["accountsBalance only", { accounts: { accountsBalance: "12345000000000000000000" } }],
  ["chainId+networkId", { chainId: 1337, networkId: 99 }],
  ["coinbase", { coinbase: "0x00000000000000000000000000000000000c0ffe" }],
  ["gasPrice fixed", { gasPrice: 2_000_000_000 }],
  ["gas fixed", { gas: 100_000 }],
  ["initialBaseFeePerGas 0", { initialBaseFeePerGas: 0 }],
  ["minGasPrice", { minGasPrice: 5_000_000_000n }],
  ["gasMultiplier", { gasMultiplier: 1.5 }],
  ["blockGasLimit 10M", { blockGasLimit: 10_000_000 }],
  [
    "blockGasLimit false",
    { blockGasLimit: false },
    [
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gas: "0x5f5e100", maxFeePerGas: "0x77359400" }]],
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_estimateGas", [{ from: "$a0", to: A1 }]],
      ["eth_call", [{ from: "$a0", to: A1, gas: "0x5f5e100" }]],
    ],
  ],
  [
    "allowBlocksWithSameTimestamp",
    { allowBlocksWithSameTimestamp: true },
    [
      ["evm_mine", ["$ts"]],
      ["evm_mine", ["$ts"]],
      ["eth_blockNumber", []],
    ],
  ],
  ["initialDate", { initialDate: "2020-01-01T00:00:00Z" }, [["eth_getBlockByNumber", ["0x0", false]]]],
  [
    "blockGasLimit false + no cap",
    { blockGasLimit: false, transactionGasCap: false },
    [
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gas: "0x5f5e100", maxFeePerGas: "0x77359400" }]],
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_estimateGas", [{ from: "$a0", to: A1 }]],
      ["eth_call", [{ from: "$a0", to: A1, gas: "0x5f5e100" }]],
      ["evm_setBlockGasLimit", ["0x1000000"]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gas: "0x5f5e100", maxFeePerGas: "0x77359400" }]],
    ],
  ],
  [
    "mining interval",
    { mining: { auto: false, interval: 1000 } },
    [
      ["$sleep", [2600]],
      ["eth_blockNumber", []],
      ["eth_sendTransaction", [{ from: "$a0", to: A1 }]],
      ["$sleep", [1500]],
      ["eth_getTransactionReceipt", ["$hash"]],
    ],
  ],
  [
    "mining interval range",
    { allowBlocksWithSameTimestamp: true, mining: { auto: false, interval: [500, 1000] } },
    [
      ["$sleep", [2600]],
      ["eth_blockNumber", []],
    ],
  ],
  [
    "mempool fifo",
    { mining: { auto: false, mempool: { order: "fifo" } } },
    [
      ["eth_sendTransaction", [{ from: "$a0", to: A1, maxPriorityFeePerGas: "0x1", maxFeePerGas: "0x77359400" }]],
      [
        "eth_sendTransaction",
        [{ from: A1, to: "$a0", maxPriorityFeePerGas: "0x77359400", maxFeePerGas: "0x77359400" }],
      ],
      ["evm_mine", []],
      ["eth_getBlockByNumber", ["latest", false]],
    ],
  ],
  [
    "mempool priority",
    { mining: { auto: false } },
    [
      ["eth_sendTransaction", [{ from: "$a0", to: A1, maxPriorityFeePerGas: "0x1", maxFeePerGas: "0x77359400" }]],
      [
        "eth_sendTransaction",
        [{ from: A1, to: "$a0", maxPriorityFeePerGas: "0x77359400", maxFeePerGas: "0x77359400" }],
      ],
      ["evm_mine", []],
      ["eth_getBlockByNumber", ["latest", false]],
    ],
  ],
  [
    "minGasPrice automine off",
    { minGasPrice: 5_000_000_000n, mining: { auto: false } },
    [
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gasPrice: "0x3b9aca00" }]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gasPrice: "0x2540be400" }]],
      [
        "eth_sendTransaction",
        [{ from: "$a0", to: A1, maxFeePerGas: "0x2540be400", maxPriorityFeePerGas: "0x2540be400" }],
      ],
      ["evm_mine", []],
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_call", [{ from: "$a0", to: A1, gasPrice: "0x1" }]],
      ["eth_estimateGas", [{ from: "$a0", to: A1, gasPrice: "0x1" }]],
    ],
  ],
  ["throwOn false", { throwOnTransactionFailures: false, throwOnCallFailures: false }],
  ["loggingEnabled", { loggingEnabled: true }],
  ["transactionGasCap", { transactionGasCap: 30_000_000 }],
  ["gasEstimationMode", { gasEstimationMode: "topLevelSuccess" }],
  ["hardfork merge", { hardfork: "merge" }],
  ["hardfork shanghai", { hardfork: "shanghai" }],
  ["hardfork cancun", { hardfork: "cancun" }],
  ["hardfork prague", { hardfork: "prague" }],
  ["hardfork london", { hardfork: "london" }],
  ["hardfork berlin", { hardfork: "berlin" }],
  ["hardfork istanbul", { hardfork: "istanbul" }],
  ["hardfork arrowGlacier", { hardfork: "arrowGlacier" }],
  ["hardfork grayGlacier", { hardfork: "grayGlacier" }],
  [
    "hardfork london dated",
    { hardfork: "london", initialDate: "2030-01-01T00:00:00Z", allowBlocksWithSameTimestamp: true },
    [
      ["eth_getBlockByNumber", ["latest", true]],
      ["eth_getBalance", ["0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e", "latest"]],
      ["eth_call", [{ data: "0x4460005260206000f3" }]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gasPrice: "0x77359400" }]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, gasPrice: "0x77359400", accessList: [] }]],
      ["eth_sendTransaction", [{ from: "$a0", to: A1, maxFeePerGas: "0x77359400", authorizationList: [] }]],
      ["eth_call", [{ data: "0x5f5ff3" }]],
      ["hardhat_mine", ["0x8"]],
      ["eth_getBlockByNumber", ["latest", false]],
      ["evm_snapshot", []],
      ["evm_mine", []],
      ["evm_revert", ["0x1"]],
      ["eth_getBlockByNumber", ["latest", false]],
      ["eth_getBlockByNumber", ["pending", false]],
    ],
  ],
  ["chainType op", { chainType: "op" }],
  ["chainType generic", { chainType: "generic" }],
  ["forking unreachable", { forking: { url: "http://127.0.0.1:9/" } }],
  ["odd: no accounts", { accounts: [] }],
  ["odd: zero balances, count 1", { accounts: { count: 1, accountsBalance: "0" } }],
  ["odd: chainId 1", { chainId: 1 }],
  ["odd: forking disabled", { forking: { url: "http://127.0.0.1:9/", enabled: false } }],
  ["odd: gas and gasPrice auto", { gas: "auto", gasPrice: "auto" }],
  ["odd: from an unknown address", { from: "0x00000000000000000000000000000000000000aa" }],
];

type Outcome = { ok: true; result: unknown } | { ok: false; code: unknown; message: string };

async function outcome(c: NetworkConnection, method: string, params: unknown[]): Promise<Outcome> {
  try {
    return { ok: true, result: await c.provider.request({ method, params }) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    return { ok: false, code: e.code, message: String(e.message).split("\n")[0] ?? "" };
  }
}

const CLOCK_FIELDS = new Set(["timestamp", "hash", "parentHash", "blockHash", "stateRoot", "mixHash", "size"]);
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !CLOCK_FIELDS.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, scrub(v)]),
  );
}

function fill(params: unknown, vars: Record<string, unknown>): unknown {
  if (typeof params === "string" && params.startsWith("$")) return vars[params.slice(1)] ?? params;
  if (Array.isArray(params)) return params.map((p) => fill(p, vars));
  if (typeof params === "object" && params !== null)
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, fill(v, vars)]));
  return params;
}

async function run(c: NetworkConnection, steps: Step[]): Promise<Array<[string, Outcome]>> {
  const accounts = (await c.provider.request({ method: "eth_accounts" })) as string[];
  const vars: Record<string, unknown> = { a0: accounts[0], a1: accounts[1] ?? accounts[0] };
  const out: Array<[string, Outcome]> = [];
  for (const [method, params] of steps) {
    if (method === "$sleep") {
      await new Promise((resolve) => setTimeout(resolve, Number(params[0])));
      continue;
    }
    const latest = (await c.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      timestamp: string;
    };
    vars.ts = latest.timestamp;
    const o = await outcome(c, method, fill(params, vars) as unknown[]);
    if (o.ok) vars.last = o.result;
    if (o.ok && method === "eth_sendTransaction") vars.hash = o.result;
    out.push([method, o]);
  }
  return out;
}

async function probe(name: string, settings: Record<string, unknown>, extra: Step[] = []): Promise<void> {
  let hre;
  try {
    hre = await createFixtureHre("compat-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
      networks: { default: { type: "edr-simulated", ...settings } as NetworkUserConfig },
    });
  } catch (error) {
    console.log(`## ${name}: config refused: ${String((error as Error).message)}`);
    return;
  }
  const results: Array<Array<[string, Outcome]>> = [];
  for (const net of ["default", "parallel"]) {
    try {
      const c = await Promise.race([
        hre.network.create(net),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("create timed out (20 s)")), 20_000)),
      ]);
      const printed: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      const outcomes = await run(c, [...BASE, ...extra]).finally(() => (process.stdout.write = write));
      await c.close();
      outcomes.push([
        "(printed)",
        { ok: true, result: printed.join("").replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "") },
      ]);
      results.push(outcomes);
    } catch (error) {
      results.push([
        ["create", { ok: false, code: "-", message: String((error as Error).message).split("\n")[0] ?? "" }],
      ]);
    }
  }
  const [edr = [], par = []] = results;
  const diffs: string[] = [];
  for (let i = 0; i < Math.max(edr.length, par.length); i++) {
    const a = JSON.stringify(scrub(edr[i]?.[1]));
    const b = JSON.stringify(scrub(par[i]?.[1]));
    if (a !== b) diffs.push(`  [${i}] ${edr[i]?.[0] ?? par[i]?.[0]}\n    edr: ${a}\n    par: ${b}`);
  }
  console.log(`## ${name}: ${diffs.length === 0 ? "same" : `${diffs.length} differences`}`);
  for (const d of diffs) console.log(d);
}

const filter = process.argv[2];
for (const [name, settings, extra] of VARIANTS) {
  if (filter !== undefined && !name.includes(filter)) continue;
  await probe(name, settings, extra);
}
process.exit(0);

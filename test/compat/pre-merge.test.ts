import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

import { outcomeOf } from "./helpers/compat-pair.js";

const [A0, A1] = ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"];
const COINBASE = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";
/** 2030-01-01T00:00:00Z: every block below gets an explicit timestamp, so whole blocks (hashes too) compare. */
const T0 = 1_893_456_000;
const ts = (seconds: number): number => T0 + seconds;
/** Returns DIFFICULTY as a word. */
const READ_DIFFICULTY = "0x4460005260206000f3";
const GAS = { gas: "0x5208" };

/**
 * Proof-of-work blocks: difficulties after gaps of 1 s, 99 s and 2,900 s, reserved blocks of a long
 * `hardhat_mine`, transactions of types 0, 1 and 2, block rewards, DIFFICULTY in calls, snapshots.
 */
const STEPS: Array<[string, unknown[]]> = [
  ["evm_setAutomine", [false]],
  ["evm_mine", [ts(1)]],
  ["eth_sendTransaction", [{ from: A0, to: A1, value: "0x1", gasPrice: "0x77359400", ...GAS }]],
  ["eth_sendTransaction", [{ from: A1, to: A0, value: "0x2", gasPrice: "0x77359400", accessList: [], ...GAS }]],
  ["eth_sendTransaction", [{ from: A0, to: A1, maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x5", ...GAS }]],
  ["evm_mine", [ts(100)]],
  ["evm_mine", [ts(3000)]],
  ["evm_setNextBlockTimestamp", [ts(3001)]],
  ["hardhat_mine", ["0xa", "0x5"]],
  ["eth_call", [{ data: READ_DIFFICULTY }, "latest"]],
  ["eth_call", [{ data: READ_DIFFICULTY }, "0x2"]],
  ["evm_snapshot", []],
  ["evm_mine", [ts(4000)]],
  ["eth_getBalance", [COINBASE, "latest"]],
  ["eth_getTransactionReceipt", ["0xhash"]], // replaced below by the first transaction's hash
  ["eth_feeHistory", ["0x3", "latest", [50]]],
];

async function answers(hre: HardhatRuntimeEnvironment, name: string): Promise<unknown[]> {
  const connection = await hre.network.create(name);
  const out: unknown[] = [];
  let firstHash: unknown;
  for (const [method, params] of STEPS) {
    const filled = method === "eth_getTransactionReceipt" ? [firstHash] : params;
    const outcome = await outcomeOf(connection, method, filled);
    if (method === "eth_sendTransaction" && firstHash === undefined && outcome.ok) firstHash = outcome.result;
    // Snapshot ids are opaque on both networks.
    out.push(method === "evm_snapshot" ? outcome.ok : outcome);
  }
  const latest = Number(await connection.provider.request({ method: "eth_blockNumber" }));
  for (let n = 0; n <= latest; n++) {
    out.push(await outcomeOf(connection, "eth_getBlockByNumber", [`0x${n.toString(16)}`, true]));
  }
  await connection.close();
  return out;
}

function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : typeof v === "object" && v !== null
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(value), null, 1);
}

async function hreWith(hardfork: string): Promise<HardhatRuntimeEnvironment> {
  return createFixtureHre("compat-project", {
    plugins: [hardhatParallel],
    solidity: "0.8.28",
    networks: { default: { type: "edr-simulated", hardfork, initialDate: new Date(T0 * 1000) } },
  });
}

describe("compat: hardforks before the merge (london, arrowGlacier, grayGlacier) block for block", () => {
  for (const hardfork of ["london", "arrowGlacier", "grayGlacier"]) {
    it(`${hardfork}: difficulty, total difficulty, nonce, rewards, reserved blocks, hashes and state roots`, async () => {
      const hre = await hreWith(hardfork);
      const [edr, parallel] = [await answers(hre, "default"), await answers(hre, "parallel")];
      // As text with sorted keys (the JSON field order differs), so that a difference shows line by line.
      expect(sortedJson(parallel)).to.equal(sortedJson(edr));
      const blocks = edr.slice(STEPS.length) as Array<{ result: { difficulty: string; nonce: string } }>;
      expect(blocks.map((b) => b.result.difficulty).slice(0, 4)).to.deep.equal([
        "0x1",
        "0x20000",
        "0x20000",
        "0x20000",
      ]);
      expect(blocks[1]?.result.nonce).to.equal("0x0000000000000042");
    });
  }

  it("EIP-7702 parameters before Prague are refused in EDR's words (send, call, estimate)", async () => {
    for (const hardfork of ["london", "cancun"]) {
      const hre = await hreWith(hardfork);
      const auth = [{ chainId: "0x7a69", address: A1, nonce: "0x0", yParity: "0x0", r: "0x1", s: "0x1" }];
      for (const method of ["eth_sendTransaction", "eth_call", "eth_estimateGas"]) {
        const request = [{ from: A0, to: A1, authorizationList: auth, gas: "0x20000" }];
        const edr = await hre.network.create("default");
        const parallel = await hre.network.create("parallel");
        const [x, y] = [await outcomeOf(edr, method, request), await outcomeOf(parallel, method, request)];
        await edr.close();
        await parallel.close();
        expect(y, `${hardfork} ${method}`).to.deep.equal(x);
        expect((x as { message: string }).message).to.equal(
          `The transaction contains EIP-7702 parameters, but they are not supported by the current hardfork: ${hardfork.toUpperCase()}. Use the Prague hardfork (or later).`,
        );
      }
    }
  });
});

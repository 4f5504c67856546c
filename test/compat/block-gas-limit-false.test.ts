import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

import { outcomeOf, type Outcome } from "./helpers/compat-pair.js";

const [A0, A1, A2] = [
  "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
];
const FEES = { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };
/** Returns GASLIMIT as a word. */
const READ_GASLIMIT = "0x4560005260206000f3";
const send = (from: string, gas: string) => ["eth_sendTransaction", [{ from, to: A2, gas, ...FEES }]] as const;

/** Transactions above the 60M header limit, alone and together, then `evm_setBlockGasLimit` turning it on. */
const STEPS: ReadonlyArray<readonly [string, readonly unknown[]]> = [
  send(A0, "0x2625a00"), // 40M
  send(A1, "0x2625a00"), // 40M: 80M in one block
  send(A2, "0x5f5e100"), // 100M alone
  ["evm_mine", []],
  ["eth_getBlockByNumber", ["latest", false]],
  ["eth_call", [{ from: A0, data: READ_GASLIMIT, gas: "0x5f5e100" }]],
  ["eth_estimateGas", [{ from: A0, to: A1 }]],
  ["evm_setAutomine", [true]],
  send(A0, "0x5f5e100"),
  ["eth_getBlockByNumber", ["latest", false]],
  ["evm_setBlockGasLimit", ["0x3938700"]],
  send(A0, "0x5f5e100"),
  send(A0, "0x5208"),
];

/** Blocks without hashes and timestamps (the clock differs between the runs). */
function comparable(outcome: Outcome): unknown {
  if (!outcome.ok || typeof outcome.result !== "object" || outcome.result === null) return outcome;
  const b = outcome.result as Record<string, unknown>;
  return { number: b.number, gasLimit: b.gasLimit, gasUsed: b.gasUsed, transactions: b.transactions };
}

async function answers(hre: HardhatRuntimeEnvironment, name: string): Promise<unknown[]> {
  const connection = await hre.network.create(name);
  const out: unknown[] = [];
  for (const [method, params] of STEPS) out.push(comparable(await outcomeOf(connection, method, [...params])));
  await connection.close();
  return out;
}

describe("compat: blockGasLimit false, as on Hardhat's network", () => {
  it("transactions above the block gas limit are taken until evm_setBlockGasLimit; headers keep the limit", async () => {
    const hre = await createFixtureHre("compat-project", {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      networks: {
        default: { type: "edr-simulated", blockGasLimit: false, transactionGasCap: false, mining: { auto: false } },
      },
    });
    const [edr, parallel] = [await answers(hre, "default"), await answers(hre, "parallel")];
    expect(parallel).to.deep.equal(edr);
    const block = edr[4] as { gasLimit: string; transactions: string[] };
    expect(block.transactions).to.have.length(3);
    expect(block.gasLimit).to.equal("0x3938700");
    expect((edr[8] as Outcome).ok).to.equal(true);
    expect((edr[11] as Outcome & { ok: false }).message).to.match(/exceeds block gas limit of 60000000/);
  });
});

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { expect } from "chai";
import type { HardhatUserConfig } from "hardhat/config";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

import { ALICE, BOB, comparableError, outcomeOf } from "./helpers/compat-pair.js";

const FEES = { maxFeePerGas: "0x3b9aca00", maxPriorityFeePerGas: "0x1" };
const GAS = ["0x1000000", "0x1000001", "0x1c9c380", "0x2000000", "0x3938700", "0x3938701"];

/** The answers of the same requests on Hardhat's network and the parallel network of a project with `settings`. */
async function answers(settings: Record<string, unknown>): Promise<[unknown[], unknown[]]> {
  const hre = await createFixtureHre("compat-project", {
    plugins: [hardhatEthers, hardhatParallel],
    solidity: "0.8.28",
    networks: { default: { type: "edr-simulated", ...settings } } as HardhatUserConfig["networks"],
  });
  const out: [unknown[], unknown[]] = [[], []];
  for (const [i, name] of ["default", "parallel"].entries()) {
    const connection = await hre.network.create(name);
    const record = async (method: string, params: unknown[]) =>
      out[i as 0 | 1].push(comparableError(await outcomeOf(connection, method, params)));
    for (const gas of GAS) {
      await record("eth_sendTransaction", [{ from: ALICE, to: BOB, gas, ...FEES }]);
      await record("eth_call", [{ from: ALICE, to: BOB, gas }]);
      await record("eth_estimateGas", [{ from: ALICE, to: BOB, gas }]);
    }
    await record("eth_estimateGas", [{ from: ALICE, to: BOB }]);
    const receipt = (await outcomeOf(connection, "eth_getBlockByNumber", ["latest", false])) as {
      ok: boolean;
      result?: { gasUsed: string; transactions: unknown[] };
    };
    out[i as 0 | 1].push(receipt.result?.transactions.length, receipt.result?.gasUsed);
    await connection.close();
  }
  return out;
}

describe("compat: transaction gas caps (EIP-7825) as the project sets them", () => {
  for (const [label, settings] of [
    ["the osaka default (2^24)", {}],
    ["a cap raised above 2^24", { transactionGasCap: 30_000_000n }],
    ["no cap (`transactionGasCap: false`)", { transactionGasCap: false }],
    ["no cap under a 100M block gas limit", { transactionGasCap: false, blockGasLimit: 100_000_000n }],
    ["before osaka (no cap)", { hardfork: "prague" }],
  ] as const) {
    it(`${label}: sends, calls and estimates at gas around the cap and the block limit answer alike`, async () => {
      const [edr, parallel] = await answers(settings);
      expect(parallel).to.deep.equal(edr);
    });
  }

  it("a raised cap accepts what 2^24 refused, without an internal error", async () => {
    const [, parallel] = await answers({ transactionGasCap: 30_000_000n });
    expect(JSON.stringify(parallel)).to.not.include("Internal error");
    expect(parallel[3]).to.deep.include({ ok: true });
  });
});

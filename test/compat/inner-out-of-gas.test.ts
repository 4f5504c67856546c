import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair, bytecodeOf, compatHre, outcomeOf } from "./helpers/compat-pair.js";

const abi = new Interface([
  "function tolerant(uint256 n)",
  "function starved(uint256 n)",
  "function done() view returns (uint256)",
]);

/**
 * Hardhat's default gas estimation mode, `noInternalOutOfGas`: an estimate must also keep every inner call from
 * running out of gas (a caller that tolerates its callee's failure would otherwise get a limit where the callee
 * silently fails), and when even the default gas leaves one out of gas the estimate fails with
 * InternalCallOutOfGas — a send without `gas` then falls back to the network's default gas.
 */
describe("compat: gas estimates that keep inner calls from running out of gas (noInternalOutOfGas)", () => {
  let pair: CompatPair;
  let target: string;

  const edrSeen: unknown[] = [];
  const parallelSeen: unknown[] = [];

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("InnerGas.sol", "InnerGas");
  });
  after(() => pair.close());

  const cases = [
    ["a tolerated inner call with little work", "tolerant", 5],
    ["a tolerated inner call the 63/64 rule would starve at the gas used", "tolerant", 40],
    ["an inner call whose fixed gas always runs out", "starved", 3],
  ] as const;

  for (const [label, fn, n] of cases) {
    it(`${label}: the same estimate, and a send without gas gets the same limit and outcome`, async () => {
      const tx = { from: ALICE, to: target, data: abi.encodeFunctionData(fn, [n]) };
      const estimates = await pair.both("eth_estimateGas", [tx]);
      expect(estimates.parallel).to.deep.equal(estimates.edr);
      const [a, b] = await pair.results("eth_sendTransaction", [tx]);
      for (const [side, hash] of [
        ["edr", a],
        ["parallel", b],
      ] as const) {
        const sent = (await pair[side].provider.request({ method: "eth_getTransactionByHash", params: [hash] })) as {
          gas: string;
        };
        const receipt = (await pair[side].provider.request({
          method: "eth_getTransactionReceipt",
          params: [hash],
        })) as {
          gasUsed: string;
          status: string;
        };
        const done = await pair[side].provider.request({
          method: "eth_call",
          params: [{ to: target, data: abi.encodeFunctionData("done") }],
        });
        (side === "edr" ? edrSeen : parallelSeen).push([sent.gas, receipt.gasUsed, receipt.status, done]);
      }
      expect(parallelSeen).to.deep.equal(edrSeen);
    });
  }

  it("gasEstimationMode 'topLevelSuccess' (a connection override): only the transaction must succeed, as on EDR", async () => {
    const hre = await compatHre();
    const override = { gasEstimationMode: "topLevelSuccess" as const };
    const edr = await hre.network.create({ network: "default", override });
    const parallel = await hre.network.create({ network: "parallel", override });
    try {
      const answers: Record<string, unknown[]> = { edr: [], parallel: [] };
      for (const [side, connection] of [
        ["edr", edr],
        ["parallel", parallel],
      ] as const) {
        const deploy = { from: ALICE, data: bytecodeOf("InnerGas.sol", "InnerGas") };
        const hash = await connection.provider.request({ method: "eth_sendTransaction", params: [deploy] });
        const receipt = (await connection.provider.request({
          method: "eth_getTransactionReceipt",
          params: [hash],
        })) as {
          contractAddress: string;
        };
        for (const [fn, n] of [
          ["tolerant", 40],
          ["starved", 3],
        ] as const) {
          const tx = { from: ALICE, to: receipt.contractAddress, data: abi.encodeFunctionData(fn, [n]) };
          answers[side]?.push(await outcomeOf(connection, "eth_estimateGas", [tx]));
        }
      }
      expect(answers.parallel).to.deep.equal(answers.edr);
      expect(answers.edr?.every((a) => (a as { ok: boolean }).ok)).to.equal(true);
    } finally {
      await edr.close();
      await parallel.close();
    }
  });
});

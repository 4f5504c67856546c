import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair } from "./helpers/compat-pair.js";

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
});

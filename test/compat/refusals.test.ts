import { expect } from "chai";

import { ALICE, BOB, CompatPair, comparableError, outcomeOf } from "./helpers/compat-pair.js";

const FEES = { gas: "0x5208", maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };

/** Requests both networks refuse: same code and message (and never -32603). */
const CASES: Array<[string, unknown[]]> = [
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x5208", maxFeePerGas: "0x1", maxPriorityFeePerGas: "0x1" }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x5208", maxFeePerGas: "0x1", maxPriorityFeePerGas: "0x2" }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x5208", gasPrice: "0x1" }]],
  ["eth_sendTransaction", [{ from: "0x0000000000000000000000000000000000000bad", to: ALICE, ...FEES }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, ...FEES, gas: "0x10" }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, ...FEES, nonce: "0x5" }]],
  ["eth_estimateGas", [{ from: ALICE, to: BOB, gas: "0x10" }]],
  ["eth_call", [{ from: ALICE, to: BOB, gas: "0x10" }]],
  ["eth_call", [{ from: ALICE, to: BOB, gas: `0x${(1n << 30n).toString(16)}` }]],
  ["eth_call", [{ from: ALICE, to: BOB, maxFeePerGas: "0x1", maxPriorityFeePerGas: "0x2" }]],
  ["eth_sign", ["0x0000000000000000000000000000000000000bad", "0x12"]],
  ["evm_setNextBlockTimestamp", [1]],
  ["evm_setBlockGasLimit", ["0x0"]],
  ["eth_feeHistory", ["0x0", "latest", []]],
  ["eth_feeHistory", ["0x1", "latest", [90, 10]]],
  ["eth_getBalance", [ALICE, "0x99"]],
  ["evm_revert", ["0x99"]],
  ["eth_getFilterChanges", ["0x99"]],
];

describe("compat: refused requests answer Hardhat's code and message", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  for (const [method, params] of CASES) {
    it(`${method} ${JSON.stringify(params).slice(0, 90)}`, async () => {
      const edr = await outcomeOf(pair.edr, method, structuredClone(params));
      const parallel = await outcomeOf(pair.parallel, method, structuredClone(params));
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
      if (!parallel.ok) expect(parallel.code).to.not.equal(-32603);
    });
  }

  it("a block timestamp equal to the previous one is refused with the option to enable it", async () => {
    const latest = (await pair.parallel.provider.request({
      method: "eth_getBlockByNumber",
      params: ["latest", false],
    })) as {
      timestamp: string;
    };
    await pair.both("evm_mine", [Number(BigInt(latest.timestamp)) + 100]);
    const [a] = await pair.results("eth_getBlockByNumber", ["latest", false]);
    const ts = Number(BigInt((a as { timestamp: string }).timestamp));
    const { edr, parallel } = await pair.both("evm_setNextBlockTimestamp", [ts]);
    expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    expect(edr.ok).to.equal(false);
  });
});

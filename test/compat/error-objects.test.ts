import { expect } from "chai";
import { Interface } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, CompatPair } from "./helpers/compat-pair.js";

const compat = new Interface([
  "function failReason()",
  "function failDivide(uint256 divisor)",
  "function failCustom(uint256 code)",
  "function increment()",
  "function burn(uint256 n)",
]);
const RAW_REVERT = "0x00000000000000000000000000000000000000aa";
const RAW_INVALID = "0x00000000000000000000000000000000000000bb";

/** What a test can read of a thrown error: its class and name, code, message, data and transaction hash. */
async function errorShape(connection: NetworkConnection, method: string, params: unknown[]) {
  try {
    await connection.provider.request({ method, params });
    return "no error";
  } catch (error) {
    const e = error as Error & { code?: unknown; data?: unknown; transactionHash?: unknown };
    return {
      constructor: e.constructor.name,
      name: e.name,
      text: String(e),
      code: e.code,
      data: e.data,
      transactionHash: e.transactionHash,
      isError: e instanceof Error,
    };
  }
}

describe("compat: execution failures are thrown in Hardhat's error shape (SolidityError)", () => {
  let pair: CompatPair;
  let target: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
    // Code no compiled contract has: a bare revert, an invalid opcode.
    await pair.both("hardhat_setCode", [RAW_REVERT, "0x5f5ffd"]);
    await pair.both("hardhat_setCode", [RAW_INVALID, "0xfe"]);
  });
  after(() => pair.close());

  const cases: Array<[string, () => Record<string, string>]> = [
    ["a reason string", () => ({ to: target, data: compat.encodeFunctionData("failReason") })],
    ["a panic", () => ({ to: target, data: compat.encodeFunctionData("failDivide", [0]) })],
    ["a custom error", () => ({ to: target, data: compat.encodeFunctionData("failCustom", [5]) })],
    [
      "value to a non-payable function",
      () => ({ to: target, data: compat.encodeFunctionData("increment"), value: "0x1" }),
    ],
    ["uncompiled code reverting", () => ({ to: RAW_REVERT, data: "0x" })],
    ["an invalid opcode", () => ({ to: RAW_INVALID, data: "0x" })],
  ];

  for (const [label, tx] of cases) {
    it(`${label}: eth_call, eth_estimateGas and eth_sendTransaction throw alike`, async () => {
      const requests: Array<[string, unknown[]]> = [
        ["eth_call", [{ from: ALICE, ...tx() }]],
        ["eth_estimateGas", [{ from: ALICE, ...tx() }]],
        ["eth_sendTransaction", [{ from: ALICE, gas: "0x100000", ...tx() }]],
      ];
      for (const [method, params] of requests) {
        const edr = await errorShape(pair.edr, method, params);
        const parallel = await errorShape(pair.parallel, method, params);
        expect(parallel, method).to.deep.equal(edr);
        expect(edr, method).to.include({ name: "SolidityError", code: 3 });
      }
    });
  }

  it("out of gas stays a ProviderError with EDR's data, as on Hardhat's network", async () => {
    const send = { from: ALICE, to: target, data: compat.encodeFunctionData("burn", [50]), gas: "0x10000" };
    const edr = await errorShape(pair.edr, "eth_sendTransaction", [send]);
    const parallel = await errorShape(pair.parallel, "eth_sendTransaction", [send]);
    expect(parallel).to.deep.equal(edr);
    expect(edr).to.include({ name: "ProviderError", code: -32000 });
  });
});

import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair, comparableError } from "./helpers/compat-pair.js";

const compat = new Interface([
  "function failReason()",
  "function failCustom(uint256 code)",
  "function failBare()",
  "function failDivide(uint256 divisor) returns (uint256)",
  "function failOverflow(uint256 add) returns (uint256)",
  "function failAssert()",
  "function failIndex(uint256 index) returns (uint256)",
]);

/** Every revert kind: reason string, custom error, bare revert and four panics. */
const REVERTS: Array<[string, string]> = [
  ["reason string", compat.encodeFunctionData("failReason")],
  ["custom error", compat.encodeFunctionData("failCustom", [42])],
  ["bare revert", compat.encodeFunctionData("failBare")],
  ["panic 0x12 (division by zero)", compat.encodeFunctionData("failDivide", [0])],
  ["panic 0x11 (overflow)", compat.encodeFunctionData("failOverflow", [1])],
  ["panic 0x01 (assert)", compat.encodeFunctionData("failAssert")],
  ["panic 0x32 (index)", compat.encodeFunctionData("failIndex", [3])],
];

describe("compat: errors and revert data", () => {
  let pair: CompatPair;
  let target: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
  });
  after(() => pair.close());

  for (const [label, data] of REVERTS) {
    for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
      it(`${method}: ${label} answers the same code, data and message`, async () => {
        const [before] = await pair.results("eth_blockNumber");
        const { edr, parallel } = await pair.both(method, [{ from: ALICE, to: target, data }]);
        expect(edr.ok).to.equal(false);
        // Custom errors too: both decode them with the project's ABIs (custom-errors.test.ts).
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
        const [afterA, afterB] = await pair.results("eth_blockNumber");
        expect(afterB).to.equal(afterA);
        if (method !== "eth_sendTransaction") expect(afterA).to.equal(before);
      });
    }
  }

  it("mines a reverting transaction sent with an explicit gas limit: the same failed receipt", async () => {
    const tx = { from: ALICE, to: target, data: REVERTS[0]?.[1], gas: "0x100000" };
    const { edr, parallel } = await pair.both("eth_sendTransaction", [tx]);
    expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    const [blockA, blockB] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<{
      transactions: string[];
    }>;
    expect(blockB?.transactions).to.deep.equal(blockA?.transactions);
    const [receiptA, receiptB] = (await pair.results("eth_getTransactionReceipt", [blockA?.transactions[0]])) as Array<
      Record<string, unknown>
    >;
    expect(receiptB?.status).to.equal("0x0");
    expect([receiptB?.status, receiptB?.gasUsed, receiptB?.logs]).to.deep.equal([
      receiptA?.status,
      receiptA?.gasUsed,
      receiptA?.logs,
    ]);
  });

  const REFUSALS: Array<[string, string, (n: number) => unknown[]]> = [
    ["nonce too low", "eth_sendTransaction", () => [{ from: ALICE, to: ALICE, nonce: "0x0" }]],
    ["nonce too high", "eth_sendTransaction", (n) => [{ from: ALICE, to: ALICE, nonce: `0x${(n + 5).toString(16)}` }]],
    [
      "insufficient funds",
      "eth_sendTransaction",
      () => [{ from: ALICE, to: ALICE, value: `0x${(10n ** 30n).toString(16)}` }],
    ],
    ["intrinsic gas too low", "eth_sendTransaction", () => [{ from: ALICE, to: ALICE, gas: "0x100" }]],
    ["gas above the transaction cap", "eth_sendTransaction", () => [{ from: ALICE, to: ALICE, gas: "0xffffffffff" }]],
    [
      "unknown account",
      "eth_sendTransaction",
      () => [{ from: "0x0000000000000000000000000000000000000001", to: ALICE }],
    ],
    ["block number in the future", "eth_getBalance", () => [ALICE, "0x99999"]],
    ["block number in the future (eth_call)", "eth_call", () => [{ to: ALICE }, "0x99999"]],
  ];

  for (const [label, method, params] of REFUSALS) {
    it(`${label}: the same error code and message`, async () => {
      const [nonce] = await pair.results("eth_getTransactionCount", [ALICE, "latest"]);
      const [rootA, rootB] = await pair.results("eth_getBlockByNumber", ["latest", false]);
      const { edr, parallel } = await pair.both(method, params(Number(nonce)));
      expect(edr.ok, "EDR refuses it").to.equal(false);
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
      const [rootAfterA, rootAfterB] = await pair.results("eth_getBlockByNumber", ["latest", false]);
      expect(rootAfterA).to.deep.equal(rootA);
      expect(rootAfterB).to.deep.equal(rootB);
    });
  }
});

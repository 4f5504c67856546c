import { expect } from "chai";
import { Interface, getAddress } from "ethers";

import { ALICE, CompatPair, comparableError } from "./helpers/compat-pair.js";

const abi = new Interface([
  "function plain()",
  "function numbers()",
  "function words()",
  "function texts()",
  "function lists()",
  "function nested()",
  "function viaCallee(address)",
  "function replaced(address)",
  "function undeclared()",
]);

/** Code the project did not compile that reverts with `Plain()`'s selector: PUSH4 sel, PUSH1 0xe0, SHL, … */
const STRANGER = "0x00000000000000000000000000000000000000cc";
const STRANGER_CODE = "0x634cfa3fcd60e01b60005260046000fd";

/** Call data per case, given the deployed callee. */
const CASES: Array<[string, (callee: string) => string]> = [
  ["no arguments", () => abi.encodeFunctionData("plain")],
  ["integers of every width and sign", () => abi.encodeFunctionData("numbers")],
  ["address, bool, bytes32, bytes4", () => abi.encodeFunctionData("words")],
  ["string with quotes and UTF-8, bytes", () => abi.encodeFunctionData("texts")],
  ["dynamic and fixed arrays", () => abi.encodeFunctionData("lists")],
  ["structs and arrays of structs", () => abi.encodeFunctionData("nested")],
  ["bubbled up from a callee declaring it", (callee) => abi.encodeFunctionData("viaCallee", [callee])],
  ["caught and replaced by the caller's own", (callee) => abi.encodeFunctionData("replaced", [callee])],
  ["bubbled up from code the project did not compile", () => abi.encodeFunctionData("viaCallee", [STRANGER])],
  ["a selector no ABI declares", () => abi.encodeFunctionData("undeclared")],
];

describe("compat: custom errors worded from the project's ABIs, as Hardhat's network words them", () => {
  let pair: CompatPair;
  let target: string;
  let callee: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("CustomErrors.sol", "CustomErrors");
    callee = await pair.deploy("CustomErrors.sol", "CustomErrorsCallee");
    await pair.both("hardhat_setCode", [STRANGER, STRANGER_CODE]);
  });
  after(() => pair.close());

  for (const [label, data] of CASES) {
    for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
      it(`${method}: ${label}`, async () => {
        const tx = { from: ALICE, to: target, data: data(callee), gas: "0x100000" };
        const { edr, parallel } = await pair.both(method, [tx]);
        expect(edr.ok).to.equal(false);
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
      });
    }
  }

  it("decodes with the ABI of the contract the error began in (the callee's, which the caller lacks)", async () => {
    const data = abi.encodeFunctionData("viaCallee", [callee]);
    const { parallel } = await pair.both("eth_call", [{ from: ALICE, to: target, data }]);
    const quoted = `"${getAddress(target)}"`;
    expect(parallel).to.deep.include({
      ok: false,
      code: 3,
      message: `VM Exception while processing transaction: reverted with custom error 'CalleeOnly(9, ${quoted})'`,
    });
  });
});

import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair, comparableError } from "./helpers/compat-pair.js";

const outerAbi = new Interface([
  "function viaInner()",
  "function own()",
  "function lowLevel()",
  "function foreign()",
  "function caught()",
  "function inner() view returns (address)",
]);
const innerAbi = new Interface(["function rich()", "function empty()"]);

/** Where each custom error begins: in the callee, in the caller, bubbled by hand, declared by another contract. */
const CASES: Array<[string, "outer" | "inner", string]> = [
  ["every ABI shape (string, bytes, bytes4, bool, int, array, struct, address)", "inner", "rich"],
  ["an error without arguments", "inner", "empty"],
  ["bubbled through a caller that does not declare it", "outer", "viaInner"],
  ["the caller's own error (uint8, bytes32)", "outer", "own"],
  ["re-reverted by hand with revert(add(data, 32), mload(data))", "outer", "lowLevel"],
  ["an error declared by another contract", "outer", "foreign"],
  ["thrown in a catch block after a failed call", "outer", "caught"],
];

describe("compat: custom errors are named as Hardhat's network names them (project ABIs)", () => {
  let pair: CompatPair;
  const at: Record<"outer" | "inner", string> = { outer: "", inner: "" };

  before(async () => {
    pair = await CompatPair.open();
    at.outer = await pair.deploy("Errors.sol", "ErrorsOuter");
    const [inner] = await pair.results("eth_call", [{ to: at.outer, data: outerAbi.encodeFunctionData("inner") }]);
    at.inner = `0x${String(inner).slice(26)}`;
  });
  after(() => pair.close());

  for (const [label, where, fn] of CASES) {
    it(label, async () => {
      const abi = where === "outer" ? outerAbi : innerAbi;
      const data = abi.encodeFunctionData(fn);
      for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
        const gas = method === "eth_sendTransaction" ? "0x100000" : undefined;
        const { edr, parallel } = await pair.both(method, [{ from: ALICE, to: at[where], data, gas }]);
        expect(edr.ok, method).to.equal(false);
        expect(edr.ok ? "" : edr.message, method).to.include("reverted with custom error '");
        expect(comparableError(parallel), method).to.deep.equal(comparableError(edr));
      }
    });
  }
});

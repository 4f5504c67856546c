import { expect } from "chai";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

describe("analyzer: calldata encoded in Solidity, called in assembly (assembly-encoded.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["EncodedAssembly.sol"]);
  const caller = contractOf(result, "EncodedCaller");
  const callee = (fn: string) => fnOf(caller, fn).externalCalls.find((c) => c.kind === "call")?.callee;

  it("add(data, 0x20) of an abi.encodeCall value is the encoded call: an edge with its arguments", function () {
    const edge = callee("clean");
    expect(edge?.function).to.equal("credit(address)");
    expect(edge?.args).to.deep.equal([{ kind: "param", name: "account", index: 0 }]);
  });

  it("no edge when the block or the function may have changed the bytes first", function () {
    expect(callee("overwritten")).to.equal(undefined);
    expect(callee("changed")).to.equal(undefined);
  });
});

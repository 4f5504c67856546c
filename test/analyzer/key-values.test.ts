import { expect } from "chai";
import { paramWord } from "../../src/analyzer/key-values.js";

describe("analyzer: calldata words of parameters (key-values.ts)", function () {
  it("a static parameter after dynamic ones sits at its head word (a dynamic one takes its offset word)", function () {
    expect(paramWord("safeTransferFrom(address,address,uint256,uint256,bytes)", 2)).to.equal(2);
    expect(paramWord("f(bytes,address)", 1)).to.equal(1);
    expect(paramWord("f(string,uint256[],address)", 2)).to.equal(2);
  });

  it("static tuples and fixed arrays before it take their whole size; a dynamic tuple one word", function () {
    expect(paramWord("f((uint256,uint256),address)", 1)).to.equal(2);
    expect(paramWord("f(uint256[3],address)", 1)).to.equal(3);
    expect(paramWord("f((uint256,bytes),address)", 1)).to.equal(1);
    expect(paramWord("f(uint256[2][2],bool)", 1)).to.equal(4);
  });

  it("no word for a parameter that is not one static value", function () {
    expect(paramWord("f(bytes,address)", 0)).to.equal(undefined);
    expect(paramWord("f(uint256[3],address)", 0)).to.equal(undefined);
    expect(paramWord("f((uint256,uint256))", 0)).to.equal(undefined);
    expect(paramWord("f()", 0)).to.equal(undefined);
  });
});

import { expect } from "chai";
import { id } from "ethers";
import { canonicalType, selectorOf } from "../../src/analyzer/selectors.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

describe("analyzer: canonical signatures and selectors on every solc version", function () {
  it("canonical ABI types from Solidity type strings", function () {
    expect(canonicalType("address payable")).to.equal("address");
    expect(canonicalType("contract IERC20")).to.equal("address");
    expect(canonicalType("enum Kind")).to.equal("uint8");
    expect(canonicalType("uint256[] memory")).to.equal("uint256[]");
    expect(canonicalType("bytes calldata")).to.equal("bytes");
    expect(canonicalType("contract IERC20[2] storage ref")).to.equal("address[2]");
    expect(selectorOf("transfer(address,uint256)")).to.equal(id("transfer(address,uint256)").slice(2, 10));
  });

  it("solc 0.5.16 (no functionSelector in the AST): getters and functions keyed by solc's method identifiers", function () {
    const pair = contractOf(analyzeFixtures("0.5.16", ["UniswapV2.sol"]), "UniswapV2Pair");
    expect(fnOf(pair, "balanceOf").signature).to.equal("balanceOf(address)");
    expect(fnOf(pair, "balanceOf").selector).to.equal("70a08231");
    expect(fnOf(pair, "allowance").signature).to.equal("allowance(address,address)");
    expect(fnOf(pair, "swap").selector).to.equal(id("swap(uint256,uint256,address,bytes)").slice(2, 10));
    expect(pair.functions.every((f) => f.selector !== null && /^[0-9a-f]{8}$/.test(f.selector))).to.equal(true);
    // The interface declarations IUniswapV2ERC20.balanceOf / IUniswapV2Pair.mint are not extra (unknown) stubs.
    expect(pair.functions.filter((f) => f.name === "balanceOf")).to.have.length(1);
    expect(pair.functions.every((f) => f.unknowns.length === 0)).to.equal(true);
    expect(new Set(pair.functions.map((f) => f.selector)).size).to.equal(pair.functions.length);
  });
});

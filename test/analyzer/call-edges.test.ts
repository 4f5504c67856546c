import { expect } from "chai";
import { type AnalysisResult, analyze, classifyInstances } from "../../src/analyzer/index.js";
import { contractOf, fnOf } from "./helpers/analyze-fixture.js";
import { compileFixtures } from "./helpers/compile.js";

describe("analyzer: call edges resolved by selector alone (call-edges.ts)", function () {
  this.timeout(120_000);
  let result: AnalysisResult;
  before(function () {
    // Uniswap V2 core (solc 0.5.16) and periphery (solc 0.6.6) as published, two build-infos analyzed together.
    const builds = [
      compileFixtures("0.5.16", ["PublishedUniswapV2.sol"]),
      compileFixtures("0.6.6", ["PublishedUniswapV2Periphery.sol"]),
    ];
    result = analyze(builds.map((b, i) => ({ file: `uniswap-v2-${i}`, ...b })));
  });

  it("TransferHelper's `token.call(abi.encodeWithSelector(0x23b872dd, ...))` may reach any contract serving the selector", function () {
    const add = fnOf(contractOf(result, "UniswapV2Router02"), "addLiquidity");
    const via = "tokenA.transferFrom(address,address,uint256)";
    const classes = new Set((add.composed ?? []).filter((a) => a.via === via).map((a) => a.contract));
    // The selector's first declaration is some interface (IUniswapV2Pair here): it types nothing.
    expect([...classes].sort()).to.deep.equal(["ERC20", "UniswapV2ERC20", "UniswapV2Pair", "WETH9"]);
  });

  it("so the router's addLiquidity and a token's transfer may meet in the token's balances", function () {
    const verdict = classifyInstances(
      result,
      { contract: "UniswapV2Router02", function: "addLiquidity" },
      { contract: "ERC20", function: "transfer" },
    );
    expect(verdict.class).to.not.equal("none");
    expect(verdict.words).to.include("balanceOf");
  });
});

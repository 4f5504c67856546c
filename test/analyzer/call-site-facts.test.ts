import { expect } from "chai";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

describe("analyzer: a callee's calls made under conditions on its parameters, decided by the call's arguments", function () {
  const callbacks = (name: string) =>
    (fnOf(contractOf(analyzeFixtures("0.8.28", ["CallSiteFacts.sol"]), "Borrower"), name).composed ?? []).filter((a) =>
      a.via.includes("onFlash"),
    );

  it("`if (data.length > 0) callback()` called with `new bytes(0)` and mode 0: the callback never runs", function () {
    expect(callbacks("plain")).to.deep.equal([]);
  });

  it("keeps the callback when an argument may satisfy the condition (data of unknown length, mode 7)", function () {
    expect(callbacks("withData").length).to.be.greaterThan(0);
    expect(callbacks("withMode").length).to.be.greaterThan(0);
  });

  it("Uniswap V2: the router's swap passes `new bytes(0)`, so the pair's flash-swap callback to `to` is not composed", function () {
    const result = analyzeFixtures("0.5.16", ["UniswapV2Router.sol"]);
    const router = contractOf(result, "UniswapV2Router");
    const swap = fnOf(router, "swapExactTokensForTokens");
    expect((swap.composed ?? []).filter((a) => a.via.includes("uniswapV2Call"))).to.deep.equal([]);
    // Called directly, the pair's swap still calls back whoever `to` is.
    const pairSwap = fnOf(contractOf(result, "UniswapV2Pair"), "swap");
    expect(pairSwap.externalCalls.map((c) => c.fn)).to.include("uniswapV2Call");
  });
});

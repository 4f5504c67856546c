import { expect } from "chai";

import { analyzeFixtures, contractOf, pairOf } from "./helpers/analyze-fixture.js";

describe("analyzer: callbacks a call out re-enters", function () {
  this.timeout(120_000);
  const result = (() => {
    let cached: ReturnType<typeof analyzeFixtures> | undefined;
    return () => (cached ??= analyzeFixtures("0.8.28", ["FlashCallbacks.sol"]));
  })();

  it("a flash swap's borrow conflicts with what its callback reads (borrow × setShortBy is not 'none')", function () {
    const swapper = contractOf(result(), "FlashSwapper");
    const pair = pairOf(swapper, "borrow", "setShortBy");
    expect(pair.class).to.equal("always");
    expect(pairOf(swapper, "borrow", "borrow").class).to.not.equal("none");
  });

  it("the callback's keys are foreign: borrow meets credit(who) whatever who is, not only when who = msg.sender", function () {
    const swapper = contractOf(result(), "FlashSwapper");
    const pair = pairOf(swapper, "borrow", "credit");
    expect(pair.class).to.be.oneOf(["unknown", "always"]);
  });

  it("what no callback touches stays free of the call out (borrow × setUnrelated: none)", function () {
    expect(pairOf(contractOf(result(), "FlashSwapper"), "borrow", "setUnrelated").class).to.equal("none");
  });

  it("a contract without callbacks is unchanged: a call out alone adds nothing (poke × setOther: none)", function () {
    const plain = contractOf(result(), "PlainCaller");
    expect(pairOf(plain, "poke", "setOther").class).to.equal("none");
    expect(pairOf(plain, "poke", "setOther").reentrancy?.function).to.equal("poke(address)");
  });
});

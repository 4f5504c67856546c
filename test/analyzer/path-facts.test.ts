import { expect } from "chai";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";

describe("analyzer: path facts (guards carried into callees, Guards.sol)", function () {
  const guards = () => contractOf(analyzeFixtures("0.8.28", ["Guards.sol"]), "Guards");
  const touchesTotals = (name: string) =>
    texts(fnOf(guards(), name), "writes").filter((t) => t.startsWith("minted") || t.startsWith("burned"));

  it("require, a conjunction, a negated if-revert and an early return prune the callee's branches", function () {
    for (const name of ["send", "sendBoth", "sendNegated", "sendEarly"])
      expect(touchesTotals(name), name).to.deep.equal([]);
    expect(pairOf(guards(), "send", "burned").class).to.equal("none");
  });

  it("a guard in a callee that always reaches it holds after the call", function () {
    expect(touchesTotals("sendChecked")).to.deep.equal([]);
  });

  it("keeps every branch a path can take (sound): disjunctions, guards after an early return, one-branch guards, reassigned parameters", function () {
    expect(touchesTotals("sendEither")).to.deep.equal(["burned(+)", "minted(+)"]);
    for (const name of ["sendMaybe", "sendBranch", "sendReassigned"])
      expect(touchesTotals(name), name).to.deep.equal(["burned(+)"]);
    // `to = address(0)` (assigned once, on every path): `_move` takes the burn branch, not `bal[to]`.
    expect(texts(fnOf(guards(), "sendReassigned"), "writes")).to.not.include("bal[to](+)");
    expect(pairOf(guards(), "sendMaybe", "burned").class).to.equal("always");
  });
});

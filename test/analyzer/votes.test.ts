import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: OpenZeppelin ERC20Votes (Checkpoints._unsafeAccess, _push through a function pointer)", function () {
  const votes = () => contractOf(analyzeFixtures("0.8.28", ["VotesToken.sol"]), "VotesToken");

  it("transfers are key-free of _totalSupply and _totalCheckpoints; mints write both", function () {
    const transfer = texts(fnOf(votes(), "transfer"), "writes");
    expect(transfer.filter((t) => t.startsWith("_totalSupply") || t.startsWith("_totalCheckpoints"))).to.deep.equal([]);
    expect(pairOf(votes(), "transfer", "totalSupply").class).to.equal("none");
    expect(pairOf(votes(), "transfer", "getPastTotalSupply").class).to.equal("none");
    expect(texts(fnOf(votes(), "mint"), "writes")).to.include("_totalCheckpoints._checkpoints.length");
    expect(pairOf(votes(), "mint", "getPastTotalSupply").class).to.equal("always");
  });

  it("resolves _push's `op` pointer to _add/_subtract and _unsafeAccess's assembly to checkpoint elements", function () {
    for (const name of ["transfer", "mint", "delegate", "CLOCK_MODE", "getVotes"])
      expect(fnOf(votes(), name).unknowns, name).to.deep.equal([]);
    const reads = texts(fnOf(votes(), "getVotes"), "reads");
    expect(reads).to.include("_delegateCheckpoints[account]._checkpoints.length");
    expect(reads.some((r) => /^_delegateCheckpoints\[account\]\._checkpoints\[.*\]\._value$/.test(r))).to.equal(true);
    expect(pairOf(votes(), "getVotes", "transfer").words).to.contain(
      "_delegateCheckpoints: {account} ∩ {_delegatee[msg.sender]′, _delegatee[to]′} ≠ ∅",
    );
  });

  it("every slot executed mints, delegations and transfers touch is covered (zero misses)", async function () {
    const { address, txs } = await execute("VotesToken.sol", "VotesToken", [
      { from: A, fn: "mint", args: [A, 1000n] },
      { from: A, fn: "delegate", args: [A] },
      { from: B, fn: "delegate", args: [B] },
      { from: A, fn: "transfer", args: [B, 10n] },
      { from: A, fn: "transfer", args: [B, 5n] },
      { from: B, fn: "getVotes", args: [A] },
    ]);
    const result = analyzeFixtures("0.8.28", ["VotesToken.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "VotesToken" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(20);
    expect(report.misses).to.deep.equal([]);
  });
});

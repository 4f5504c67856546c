import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const C = `0x${"33".repeat(20)}`;

describe("analyzer: values that are one of a few keys (Alternatives.sol)", function () {
  const duel = () => contractOf(analyzeFixtures("0.8.28", ["Alternatives.sol"]), "Duel");

  it("`cond ? msg.sender : opponent` indexes one location per alternative, through arithmetic and calls", function () {
    expect(texts(fnOf(duel(), "fight"), "writes")).to.deep.equal([
      "best[msg.sender % 16]",
      "best[opponent % 16]",
      "wins[msg.sender](+)",
      "wins[opponent](+)",
    ]);
    expect(texts(fnOf(duel(), "fightPicked"), "writes")).to.deep.equal(["wins[msg.sender](+)", "wins[opponent](+)"]);
  });

  it("pairs conflict only when some alternatives meet (never `always` or `unknown`)", function () {
    const pair = pairOf(duel(), "fight", "fight");
    expect(pair.class).to.equal("key-dependent");
    expect(pair.words).to.contain("best: {msg.sender % 16, opponent % 16} ∩ {msg.sender % 16′, opponent % 16′} ≠ ∅");
  });

  it("executed fights either way are covered (zero misses)", async function () {
    const { address, txs } = await execute("Alternatives.sol", "Duel", [
      { from: A, fn: "fight", args: [B, true] },
      { from: A, fn: "fight", args: [C, false] },
      { from: B, fn: "fightPicked", args: [C, true] },
      { from: C, fn: "fightPicked", args: [A, false] },
    ]);
    const report = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Alternatives.sol"]),
      deployments: { [address]: "Duel" },
      transactions: txs,
    });
    expect(report.transactions).to.equal(txs.length);
    expect(report.checked).to.be.greaterThan(txs.length);
    expect(report.misses).to.deep.equal([]);
  });
});

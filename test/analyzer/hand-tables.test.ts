import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";
import { ACROSS_TABLES, HAND_TABLES } from "./helpers/hand-tables.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: function-pair classes against hand-written tables", function () {
  it("agree on at least 95 % of the hand-classified pairs, with no false `none`", function () {
    const disagreements: string[] = [];
    const falseNone: string[] = [];
    let total = 0;
    for (const table of HAND_TABLES) {
      const contract = contractOf(analyzeFixtures(table.version, [table.file]), table.contract);
      for (const [a, b, expected] of table.pairs) {
        total += 1;
        const actual = pairOf(contract, a, b).class;
        const label = `${table.contract}: ${a} × ${b}: hand ${expected}, analyzer ${actual}`;
        if (actual !== expected) disagreements.push(label);
        if (actual === "none" && expected !== "none") falseNone.push(label);
      }
    }
    expect(total).to.be.greaterThan(100);
    expect(falseNone).to.deep.equal([]);
    expect((total - disagreements.length) / total, disagreements.join("\n")).to.be.at.least(0.95);
  });

  it("across contract boundaries: the `across` verdicts agree on at least 95 % of the hand-classified pairs, no false `none`", function () {
    const disagreements: string[] = [];
    const falseNone: string[] = [];
    let total = 0;
    for (const table of ACROSS_TABLES) {
      const contract = contractOf(analyzeFixtures(table.version, [table.file]), table.contract);
      for (const [a, b, expected] of table.pairs) {
        total += 1;
        const actual = pairOf(contract, a, b).across?.class ?? "none";
        const label = `${table.contract}: ${a} × ${b}: hand ${expected}, analyzer ${actual}`;
        if (actual !== expected) disagreements.push(label);
        if (actual === "none" && expected !== "none") falseNone.push(label);
      }
    }
    expect(total).to.be.greaterThan(40);
    expect(falseNone).to.deep.equal([]);
    expect((total - disagreements.length) / total, disagreements.join("\n")).to.be.at.least(0.95);
  });

  it("Solady-style seeded slots: keccak(account . seed) computed in assembly is a per-account location", function () {
    const solady = contractOf(analyzeFixtures("0.8.28", ["Solady.sol"]), "SoladyToken");
    expect(solady.method).to.equal("ast");
    expect(texts(fnOf(solady, "transfer"), "writes")).to.deep.equal([
      "seeded(0x87a211a2)[msg.sender]",
      "seeded(0x87a211a2)[to]",
    ]);
    expect(texts(fnOf(solady, "approve"), "writes")).to.deep.equal(["seeded(0x7f5e9f20)[msg.sender][spender]"]);
    expect(pairOf(solady, "transfer", "transfer").words).to.contain("{msg.sender, to} ∩ {");
  });

  it("Solady-style transactions are covered slot by slot (zero misses, nothing unverified)", async function () {
    const { address, txs } = await execute("Solady.sol", "SoladyToken", [
      { from: A, fn: "mint", args: [A, 1000n] },
      { from: A, fn: "transfer", args: [B, 10n] },
      { from: B, fn: "approve", args: [A, 5n] },
      { from: A, fn: "allowance", args: [B, A] },
    ]);
    const result = analyzeFixtures("0.8.28", ["Solady.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "SoladyToken" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(6);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
    const broken = structuredClone(result);
    const transfer = contractOf(broken, "SoladyToken").functions.find((f) => f.name === "transfer");
    const toLevel = transfer?.writes.find((w) => w.location.text.endsWith("[to]"))?.location.levels[0];
    if (toLevel) toLevel.start = "0x87a211a3";
    const misses = checkSoundness({ result: broken, deployments: { [address]: "SoladyToken" }, transactions: txs });
    expect(misses.misses.map((m) => m.function)).to.include("transfer(address,uint256)");
  });
});

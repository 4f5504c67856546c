import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, pairOf } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: packed ids `minter << 96 | counter` (PackedIds.sol)", function () {
  const ids = () => contractOf(analyzeFixtures("0.8.28", ["PackedIds.sol"]), "PackedIds");

  it("ids of different minters built from a counter never meet; same minter: they may", function () {
    const pair = pairOf(ids(), "mint", "mint");
    expect(pair.class).to.equal("none");
    expect(pair.sameSender?.class).to.not.equal(undefined);
    expect(pair.sameSender?.class).to.not.equal("none");
  });

  it("stays conflicting when the low part is not bounded (an argument, a variable set to any value)", function () {
    expect(pairOf(ids(), "mintAt", "mintAt").class).to.equal("key-dependent");
    expect(pairOf(ids(), "mint", "mintAt").class).to.equal("key-dependent");
    expect(pairOf(ids(), "mintReset", "mintReset").class).to.not.equal("none");
  });

  it("executed mints are covered (zero misses)", async function () {
    const { address, txs } = await execute("PackedIds.sol", "PackedIds", [
      { from: A, fn: "mint", args: [] },
      { from: B, fn: "mint", args: [] },
      { from: A, fn: "mintAt", args: [7n] },
      { from: B, fn: "mintReset", args: [] },
    ]);
    const report = checkSoundness({
      result: analyzeFixtures("0.8.28", ["PackedIds.sol"]),
      deployments: { [address]: "PackedIds" },
      transactions: txs,
    });
    expect(report.checked).to.be.greaterThan(4);
    expect(report.misses).to.deep.equal([]);
  });
});

import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;

describe("analyzer: memory arrays whose every element is one key (memory-arrays.ts)", function () {
  const singletons = () => contractOf(analyzeFixtures("0.8.28", ["MemoryArrays.sol"]), "Singletons");

  it("a singleton array built in assembly keys what its elements index (checked and unsafe reads)", function () {
    expect(texts(fnOf(singletons(), "bumpOne"), "writes")).to.deep.equal(["supply[id](+)"]);
    expect(texts(fnOf(singletons(), "bumpUnsafe"), "writes")).to.deep.equal(["supply[id](+)"]);
    expect(pairOf(singletons(), "bumpOne", "supply").class).to.equal("key-dependent");
  });

  it("an array changed in place, in a callee, through an alias, or left where allocations overwrite it is any element", function () {
    for (const fn of ["bumpChanged", "bumpInCallee", "bumpAliased", "bumpNoFree", "bumpBytes"])
      expect(texts(fnOf(singletons(), fn), "writes"), fn).to.deep.equal(["supply[?](+)"]);
    // A kept memory array parameter: any of the calldata's elements (`calldata-arrays.ts`), one per id executed.
    expect(texts(fnOf(singletons(), "bumpMany"), "writes")).to.deep.equal(["supply[ids[?]](+)"]);
  });

  it("OpenZeppelin ERC1155Supply: a single transfer, mint or burn is keyed by its id; a batch by its ids' elements", function () {
    const items = contractOf(analyzeFixtures("0.8.28", ["OzTokens.sol"]), "SupplyItems");
    expect(texts(fnOf(items, "burn"), "writes")).to.deep.equal([
      "_balances[id][msg.sender]",
      "_totalSupplyAll(+)",
      "_totalSupply[id](+)",
    ]);
    expect(texts(fnOf(items, "safeTransferFrom"), "writes")).to.deep.equal([
      "_balances[id][from]",
      "_balances[id][to](+)",
    ]);
    expect(texts(fnOf(items, "safeBatchTransferFrom"), "writes")).to.deep.equal([
      "_balances[ids[?]][from]",
      "_balances[ids[?]][to](+)",
    ]);
    expect(pairOf(items, "burn", "exists").words).to.equal("conflict iff _totalSupply: id = id′");
  });

  it("every slot executed calls touch is covered (zero misses)", async function () {
    const { address, txs } = await execute("MemoryArrays.sol", "Singletons", [
      { from: A, fn: "bumpOne", args: [3n] },
      { from: A, fn: "bumpUnsafe", args: [4n] },
      { from: A, fn: "bumpChanged", args: [5n, 6n] },
      { from: A, fn: "bumpInCallee", args: [7n] },
      { from: A, fn: "bumpAliased", args: [8n, 9n] },
      { from: A, fn: "bumpNoFree", args: [10n] },
      { from: A, fn: "bumpMany", args: [[11n, 12n]] },
      { from: A, fn: "bumpBytes", args: [13n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["MemoryArrays.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "Singletons" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(6);
    expect(report.misses).to.deep.equal([]);
  });

  it("a struct with dynamic arrays stored at a key beside dynamic parameters is covered, with or without preimages", async function () {
    const { address, txs } = await execute("MemoryArrays.sol", "Recipes", [
      { from: A, fn: "setRecipe", args: [7n, [1n, 2n, 3n], [4n, 5n, 6n], 9n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["MemoryArrays.sol"]);
    const deployments = { [address]: "Recipes" };
    const bare = txs.map((t) => ({ ...t, preimages: undefined }));
    for (const transactions of [txs, bare]) {
      const report = checkSoundness({ result, deployments, transactions });
      expect(report.checked).to.be.greaterThan(6);
      expect(report.misses).to.deep.equal([]);
    }
  });
});

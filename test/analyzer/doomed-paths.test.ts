import { expect } from "chai";
import { type AnalysisResult, checkSoundness } from "../../src/analyzer/index.js";
import { mayConflict } from "../../src/analyzer/predict-conflict.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: accesses on paths that revert (DoomedPaths.sol, NFT.sol)", function () {
  const registry = () => contractOf(analyzeFixtures("0.8.28", ["DoomedPaths.sol"]), "Registry");

  it("the previous owner's branch of `_set` is doomed when the caller then reverts on a previous owner", function () {
    const claim = fnOf(registry(), "claim");
    expect(texts(claim, "writes")).to.deep.equal(["count[msg.sender](+)", "ownerOf[id]"]);
    expect((claim.reverting ?? []).map((a) => a.location.text)).to.deep.equal(["count[ownerOf[id]]"]);
    const pair = pairOf(registry(), "claim", "claim");
    expect(pair.clauses.map((c) => c.variable)).to.deep.equal(["ownerOf"]);
  });

  it("keeps the branch when the guard may not run after it: early return, assembly return, guard in a branch, caught revert", function () {
    for (const name of ["claimOrSkip", "claimOrStop", "claimIf", "claimTry"]) {
      const fn = fnOf(registry(), name);
      expect(texts(fn, "writes"), name).to.include("count[ownerOf[id]](+)");
      expect(fn.reverting, name).to.equal(undefined);
    }
  });

  it("OpenZeppelin ERC721 `_mint`: a successful mint never moves the previous owner's balance", function () {
    const nft = contractOf(analyzeFixtures("0.8.28", ["NFT.sol"]), "NFT");
    const mint = fnOf(nft, "mint");
    expect(texts(mint, "writes")).to.not.include("_balances[_owners[tokenId]](+)");
    expect((mint.reverting ?? []).map((a) => a.location.text)).to.include("_balances[_owners[tokenId]]");
  });

  it("OpenZeppelin ERC721 `transferFrom`: `previousOwner == from` keys the owner's balance and approvals by `from`", function () {
    const nft = contractOf(analyzeFixtures("0.8.28", ["NFT.sol"]), "NFT");
    const transfer = fnOf(nft, "transferFrom");
    expect(texts(transfer, "writes")).to.include.members(["_balances[from](+)", "_balances[to](+)"]);
    expect(texts(transfer, "reads")).to.include("_operatorApprovals[from][msg.sender]");
    expect((transfer.reverting ?? []).map((a) => a.location.text)).to.include("_balances[_owners[tokenId]]");
    const pair = pairOf(nft, "transferFrom", "transferFrom");
    expect(pair.words).to.contain("_balances: {from, to} ∩ {from′, to′} ≠ ∅");
  });

  it("executed ERC721 mints and transfers, one reverting on a wrong owner, are covered (zero misses)", async function () {
    const C = `0x${"33".repeat(20)}`;
    const { address, txs } = await execute("NFT.sol", "NFT", [
      { from: A, fn: "mint", args: [A, 1n] },
      { from: B, fn: "mint", args: [B, 2n] },
      { from: A, fn: "transferFrom", args: [A, C, 1n] },
      { from: B, fn: "transferFrom", args: [A, B, 2n], reverts: true },
      { from: A, fn: "mint", args: [C, 2n], reverts: true },
    ]);
    const report = checkSoundness({
      result: analyzeFixtures("0.8.28", ["NFT.sol"]),
      deployments: { [address]: "NFT" },
      transactions: txs,
    });
    expect(report.transactions).to.equal(txs.length);
    expect(report.misses).to.deep.equal([]);
  });

  it("mayConflict: a reverted claim brings its doomed accesses (the previous owner's count)", async function () {
    const { address, txs } = await execute("DoomedPaths.sol", "Registry", [
      { from: A, fn: "claim", args: [1n] },
      { from: A, fn: "claim", args: [5n] },
      { from: B, fn: "claim", args: [1n], reverts: true },
    ]);
    const result = analyzeFixtures("0.8.28", ["DoomedPaths.sol"]);
    const deployments = { [address]: "Registry" };
    const [, second, reverted] = txs;
    if (second === undefined || reverted === undefined) throw new Error("three transactions executed");
    expect(reverted.reverted).to.equal(true);
    expect(mayConflict(result, deployments, second, reverted).conflict).to.equal(true);
    // The pair classes describe successful transactions: as a success the same call would not conflict.
    expect(mayConflict(result, deployments, second, { ...reverted, reverted: false }).conflict).to.equal(false);
  });

  it("mayConflict: a reverted transaction only reads (its writes were undone): two reverted claims never conflict", async function () {
    const C = `0x${"33".repeat(20)}`;
    const { address, txs } = await execute("DoomedPaths.sol", "Registry", [
      { from: A, fn: "claim", args: [1n] },
      { from: B, fn: "claim", args: [1n], reverts: true },
      { from: C, fn: "claim", args: [1n], reverts: true },
      { from: C, fn: "ownerOf", args: [1n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["DoomedPaths.sol"]);
    const deployments = { [address]: "Registry" };
    const [first, second, third, view] = txs;
    if (first === undefined || second === undefined || third === undefined || view === undefined)
      throw new Error("four transactions executed");
    // Execution: neither reverted claim wrote a slot (the runtime records what a transaction finally changed).
    expect(second.accesses.filter((a) => a.kind === "write")).to.have.length.greaterThan(0); // the EVM did write…
    expect(mayConflict(result, deployments, second, third).conflict).to.equal(false); // …and undid it
    expect(mayConflict(result, deployments, second, view).conflict).to.equal(false);
    // The successful claim wrote ownerOf[1], which both reverted claims read.
    expect(mayConflict(result, deployments, first, second).conflict).to.equal(true);
    expect(mayConflict(result, deployments, third, first).conflict).to.equal(true);
    // Taken as successful, the two claims of id 1 would both write ownerOf[1].
    const succeeded = (t: typeof second) => ({ ...t, reverted: false });
    expect(mayConflict(result, deployments, succeeded(second), succeeded(third)).conflict).to.equal(true);
  });

  it("a reverted claim's accesses on the doomed branch are covered by `reverting` (and missed without it)", async function () {
    const { address, txs } = await execute("DoomedPaths.sol", "Registry", [
      { from: A, fn: "claim", args: [1n] },
      { from: B, fn: "claim", args: [2n] },
      { from: B, fn: "claim", args: [1n], reverts: true },
      { from: B, fn: "claimOrSkip", args: [1n, true] },
      { from: A, fn: "claimOrStop", args: [1n, true] },
      { from: B, fn: "claimTry", args: [1n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["DoomedPaths.sol"]);
    const deployments = { [address]: "Registry" };
    const report = checkSoundness({ result, deployments, transactions: txs });
    expect(report.transactions).to.equal(txs.length);
    expect(report.checked).to.be.greaterThan(txs.length);
    expect(report.misses).to.deep.equal([]);
    const stripped: AnalysisResult = {
      ...result,
      contracts: result.contracts.map((c) => ({
        ...c,
        functions: c.functions.map(({ reverting: _reverting, ...f }) => f),
      })),
    };
    const misses = checkSoundness({ result: stripped, deployments, transactions: txs }).misses;
    expect(misses.map((m) => m.function)).to.include("claim(uint256)");
  });
});

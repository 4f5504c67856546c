import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const idOf = (seller: string, nonce: bigint) => (BigInt(seller) << 96n) | nonce;

describe("analyzer: stored-value facts (StoredValues.sol)", function () {
  const result = () => analyzeFixtures("0.8.28", ["StoredValues.sol"]);

  it("a seller stored only at `seller << 96 | nonce` (or deleted) is read back as `id >> 96` after a zero guard", function () {
    const listings = contractOf(result(), "Listings");
    expect(texts(fnOf(listings, "buy"), "writes")).to.deep.equal(["listings[id]", "volume[id >> 96](+)"]);
    const pair = pairOf(listings, "buy", "buy");
    expect(pair.class).to.equal("key-dependent");
    expect(pair.words).to.contain("volume: id >> 96 = id >> 96′");
  });

  it("without the guard the seller may also be 0: both keys", function () {
    const listings = contractOf(result(), "Listings");
    expect(texts(fnOf(listings, "buyUnchecked"), "writes")).to.deep.equal(["volume[0](+)", "volume[id >> 96](+)"]);
  });

  it("no fact when a copy is changed in place, or when some write stores another value", function () {
    const listings = contractOf(result(), "Listings");
    expect(texts(fnOf(listings, "buyEdited"), "writes")).to.deep.equal(["volume[listings[id].seller](+)"]);
    const reassignable = contractOf(result(), "ListingsReassignable");
    expect(texts(fnOf(reassignable, "buy"), "writes")).to.deep.equal([
      "listings[id]",
      "volume[listings[id].seller](+)",
    ]);
    expect(texts(fnOf(reassignable, "buyUnchecked"), "writes")).to.deep.equal(["volume[listings[id].seller](+)"]);
  });

  it("executed listings, sales (guarded, unguarded, of a missing id) and cancels are covered (zero misses)", async function () {
    const { address, txs } = await execute("StoredValues.sol", "Listings", [
      { from: A, fn: "list", args: [7n, 100n] },
      { from: B, fn: "list", args: [8n, 200n] },
      { from: A, fn: "list", args: [9n, 300n] },
      { from: B, fn: "buy", args: [idOf(A, 1n)] },
      { from: A, fn: "buyUnchecked", args: [idOf(B, 1n)] },
      { from: A, fn: "buyUnchecked", args: [idOf(B, 9n)] },
      { from: B, fn: "buyEdited", args: [idOf(A, 2n)] },
      { from: A, fn: "cancel", args: [idOf(A, 2n)] },
      { from: A, fn: "buy", args: [idOf(A, 2n)], reverts: true },
    ]);
    const report = checkSoundness({ result: result(), deployments: { [address]: "Listings" }, transactions: txs });
    expect(report.transactions).to.equal(txs.length);
    expect(report.checked).to.be.greaterThan(txs.length);
    expect(report.misses).to.deep.equal([]);
  });
});

describe("analyzer: values only zeros are ever stored at (OpenZeppelin AccessControl, OzTokens.sol)", function () {
  it("without _setRoleAdmin every role's admin is 0: the admin check reads `_roles[0]`, not any role", function () {
    const board = contractOf(analyzeFixtures("0.8.28", ["OzTokens.sol"]), "RoleBoard");
    expect(texts(fnOf(board, "revokeRole"), "reads")).to.include("_roles[0].hasRole[msg.sender]");
    expect(pairOf(board, "mintPoint", "revokeRole").words).to.equal(
      "conflict iff _roles: MINTER_ROLE = role′ and msg.sender = account′",
    );
  });

  it("a contract that sets role admins keeps the admin a stored value", function () {
    const admins = contractOf(analyzeFixtures("0.8.28", ["OzTokens.sol"]), "RoleAdmins");
    expect(texts(fnOf(admins, "revokeRole"), "reads")).to.include("_roles[_roles[role].adminRole].hasRole[msg.sender]");
  });
});

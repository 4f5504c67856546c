import { expect } from "chai";
import { classifyInstances } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, pairOf } from "./helpers/analyze-fixture.js";

describe("analyzer: pairs across contracts and instances (classifyInstances)", function () {
  const result = () => analyzeFixtures("0.8.28", ["VaultOverToken.sol"]);

  it("a vault's deposit meets its asset's transfer iff the asset is that token and the keys meet", function () {
    const v = classifyInstances(
      result(),
      { contract: "AssetVault", function: "deposit" },
      { contract: "Asset", function: "transfer" },
    );
    expect(v.class).to.equal("key-dependent");
    // deposit: asset.transferFrom(msg.sender, vault, x) writes _balances[msg.sender] and _balances[vault].
    expect(v.words).to.contain("_asset = address(Asset′)");
    expect(v.words).to.contain("address(AssetVault) = to′");
    // Different senders: msg.sender never meets msg.sender′ — only one sender gives the clause on msg.sender.
    expect(v.sameSender?.words ?? "").to.contain("_asset = address(Asset′)");
  });

  it("two instances of one class never share storage; one instance is the matrix pair", function () {
    const r = result();
    const a = { contract: "Asset", function: "transfer" };
    expect(classifyInstances(r, a, a).class).to.equal("none");
    const one = classifyInstances(r, a, a, { sameInstance: true });
    expect(one.class).to.equal(pairOf(contractOf(r, "Asset"), "transfer", "transfer").class);
    expect(classifyInstances(r, { contract: "Asset", function: "totalSupply" }, a).class).to.equal("none");
  });

  it("reads and writes a call cannot reach stay apart: totalSupply is never touched by a deposit", function () {
    const v = classifyInstances(
      result(),
      { contract: "Asset", function: "totalSupply" },
      { contract: "AssetVault", function: "deposit" },
    );
    expect(v.class).to.equal("none");
    const w = classifyInstances(
      result(),
      { contract: "Asset", function: "balanceOf" },
      { contract: "AssetVault", function: "withdraw" },
    );
    expect(w.class).to.equal("key-dependent");
  });

  it("a payer's token may be any IERC20 of the build: pay meets the vault's share transfers too", function () {
    const v = classifyInstances(
      result(),
      { contract: "Payer", function: "pay" },
      { contract: "AssetVault", function: "transfer" },
    );
    expect(v.class).to.equal("key-dependent");
    expect(v.words).to.contain("token = address(AssetVault′)");
  });

  it("contracts of unrelated classes never meet (solmate token and a StorageSlot user)", function () {
    const r = analyzeFixtures("0.8.28", ["Solmate.sol", "SlotUsers.sol"]);
    const v = classifyInstances(
      r,
      { contract: "SolmateToken", function: "transfer" },
      { contract: "SlotUser", function: "send" },
    );
    expect(v.class).to.equal("none");
  });

  it("names a missing contract or function in its error", function () {
    expect(() =>
      classifyInstances(result(), { contract: "Nope", function: "f" }, { contract: "Asset", function: "transfer" }),
    ).to.throw(
      /No function f in contract Nope of this analysis \(contracts: .*AssetVault.*\)[\s\S]*Hint: Name an analyzed contract/,
    );
  });
});

import { expect } from "chai";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

const composedWrites = (fn: ReturnType<typeof fnOf>) =>
  (fn.composed ?? []).filter((a) => a.mode === "write").map((a) => `${a.contract}:${a.location.text}`);

describe("analyzer: assembly calls built at the free memory pointer (assembly-memory.ts)", function () {
  it("resolves a call whose selector and arguments sit at mload(0x40) + k (solmate SafeTransferLib)", function () {
    const payer = contractOf(analyzeFixtures("0.8.28", ["PointerCalls.sol"]), "PtrPayer");
    const pay = fnOf(payer, "pay");
    expect(pay.externalCalls.map((c) => c.fn)).to.deep.equal(["transfer"]);
    expect(composedWrites(pay).sort()).to.deep.equal([
      "PtrToken:PtrToken(token).balanceOf[address(this)]",
      "PtrToken:PtrToken(token).balanceOf[to]",
    ]);
  });

  it("keeps a call unresolved when the pointer moved, was set to a constant, or an argument word is written on one path only", function () {
    const payer = contractOf(analyzeFixtures("0.8.28", ["PointerCalls.sol"]), "PtrPayer");
    expect(fnOf(payer, "payMoved").externalCalls.map((c) => c.fn)).to.deep.equal(["call"]);
    expect(fnOf(payer, "payReset").externalCalls.map((c) => c.fn)).to.deep.equal(["call"]);
    // The recipient is unknown there: any balance of the token.
    expect(composedWrites(fnOf(payer, "payMaybe")).sort()).to.deep.equal([
      "PtrToken:PtrToken(token).balanceOf[?]",
      "PtrToken:PtrToken(token).balanceOf[address(this)]",
    ]);
  });

  it("a solmate-style ERC4626 deposit composes the asset's transferFrom, with no unknown call", function () {
    const vault = contractOf(analyzeFixtures("0.8.28", ["SolmateVault.sol"]), "SmVault");
    const deposit = fnOf(vault, "deposit");
    expect(deposit.unknowns).to.deep.equal([]);
    expect(composedWrites(deposit).sort()).to.deep.equal([
      "SmAsset:SmAsset(asset).allowance[msg.sender][address(this)]",
      "SmAsset:SmAsset(asset).balanceOf[address(this)]",
      "SmAsset:SmAsset(asset).balanceOf[msg.sender]",
    ]);
  });
});

import { expect } from "chai";
import { checkSoundness, mayConflict } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, pairOf } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: stored addresses of contracts this contract created (stored-values.ts)", function () {
  const result = () => analyzeFixtures("0.8.28", ["CreatedAddresses.sol"]);

  it("a created wallet's address is never a transaction's sender: the pairs are free", function () {
    const factory = contractOf(result(), "WalletFactory");
    expect(pairOf(factory, "creditWallet", "creditMe").class).to.equal("none");
    expect(pairOf(factory, "creditSpare", "creditMe").class).to.equal("none");
    // Two wallets' credits may still meet, and an address stored from a parameter may be anyone's.
    expect(pairOf(factory, "creditWallet", "creditWallet").class).to.not.equal("none");
    expect(pairOf(factory, "creditAssigned", "creditMe").class).to.equal("key-dependent");
  });

  it("no fact when some entry point stores another address there", function () {
    const open = contractOf(result(), "OpenFactory");
    expect(pairOf(open, "creditWallet", "creditMe").class).to.equal("key-dependent");
  });

  it("executed: zero misses, and mayConflict calls a wallet's credit and a sender's credit free", async function () {
    const { address, txs } = await execute("CreatedAddresses.sol", "WalletFactory", [
      { from: A, fn: "creditWallet", args: [1n] },
      { from: B, fn: "creditMe", args: [] },
      { from: A, fn: "makeSpare", args: [] },
      { from: B, fn: "creditSpare", args: [] },
      { from: A, fn: "assign", args: [B] },
      { from: A, fn: "creditAssigned", args: [] },
    ]);
    const analysis = result();
    const deployments = { [address]: "WalletFactory" };
    const report = checkSoundness({ result: analysis, deployments, transactions: txs });
    expect(report.misses).to.deep.equal([]);
    const [wallet, me] = txs;
    if (wallet === undefined || me === undefined) throw new Error("transactions");
    expect(mayConflict(analysis, deployments, wallet, me).conflict).to.equal(false);
  });
});

import { expect } from "chai";
import { keccak256 } from "ethers";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf } from "./helpers/analyze-fixture.js";
import { execute, hex32 } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const C = `0x${"33".repeat(20)}`;

describe("analyzer: soundness check against execution", function () {
  it("ERC20 mint/transfer/approve/transferFrom: every executed slot is covered (zero misses)", async function () {
    const { address, txs } = await execute("Token.sol", "Token", [
      { from: A, fn: "mint", args: [A, 1000n] },
      { from: A, fn: "transfer", args: [B, 10n] },
      { from: B, fn: "approve", args: [C, 5n] },
      { from: C, fn: "transferFrom", args: [B, A, 5n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["Token.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "Token" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(8);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
  });

  it("reports a MISS with contract, function, slot and transaction when the summary lacks an access", async function () {
    const { address, txs } = await execute("Token.sol", "Token", [{ from: A, fn: "mint", args: [B, 7n] }]);
    const result = analyzeFixtures("0.8.28", ["Token.sol"]);
    const broken = structuredClone(result);
    const brokenMint = contractOf(broken, "Token").functions.find((f) => f.name === "mint");
    if (brokenMint) brokenMint.writes = brokenMint.writes.filter((w) => !w.location.text.startsWith("_totalSupply"));
    const report = checkSoundness({ result: broken, deployments: { [address]: "Token" }, transactions: txs });
    // `_totalSupply += v` reads then writes slot 2: both accesses are now uncovered.
    expect(report.misses.map((m) => m.kind).sort()).to.deep.equal(["read", "write"]);
    expect(report.misses[0]).to.include({ contract: "Token", function: "mint(address,uint256)", tx: txs[0]?.hash });
    expect(report.misses.every((m) => m.slot === hex32(2n))).to.equal(true);
    expect(checkSoundness({ result, deployments: { [address]: "Token" }, transactions: txs }).misses).to.deep.equal([]);
  });

  it("array elements past the first pushed with an index the check cannot resolve are covered (leaderboard.push)", async function () {
    const game = await execute("Game.sol", "Game", [
      { from: A, fn: "submitScore", args: [10n] },
      { from: B, fn: "submitScore", args: [20n] },
      { from: C, fn: "submitScore", args: [30n] },
    ]);
    // The optimizer folds keccak(slot) into a constant, so give each transaction the preimage the runtime records
    // when the data slot is hashed at run time (as the sample's AmmFactory does): leaderboard[i] = keccak(slot) + i.
    const bases = Array.from({ length: 16 }, (_, i) => ({
      word: hex32(BigInt(i)),
      hash: BigInt(keccak256(hex32(BigInt(i)))),
    }));
    const txs = game.txs.map((tx) => {
      const preimages: Record<string, string> = {};
      for (const access of tx.accesses) {
        const base = bases.find((b) => BigInt(access.slot) - b.hash >= 0n && BigInt(access.slot) - b.hash < 16n);
        if (base !== undefined) preimages[hex32(base.hash)] = base.word;
      }
      return { ...tx, preimages };
    });
    // The third push wrote leaderboard[2], two slots past the data slot.
    const pushed = txs[2]?.accesses.filter((a) => a.kind === "write").map((a) => BigInt(a.slot)) ?? [];
    expect(pushed.some((slot) => bases.some((b) => slot - b.hash === 2n))).to.equal(true);
    const report = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Game.sol"]),
      deployments: { [game.address]: "Game" },
      transactions: txs,
    });
    expect(report.checked).to.be.greaterThan(6);
    expect(report.misses).to.deep.equal([]);
  });

  it("game and lending pool transactions are covered, including storage pointers and struct members", async function () {
    const game = await execute("Game.sol", "Game", [
      { from: A, fn: "join", args: [] },
      { from: A, fn: "train", args: [5n] },
      { from: B, fn: "submitScore", args: [10n] },
      { from: A, fn: "submitScore", args: [20n] },
    ]);
    const gameReport = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Game.sol"]),
      deployments: { [game.address]: "Game" },
      transactions: game.txs,
    });
    expect(gameReport.misses).to.deep.equal([]);
    const pool = await execute("Lending.sol", "LendingPool", [
      { from: A, fn: "deposit", args: [100n] },
      { from: A, fn: "borrow", args: [10n] },
      { from: B, fn: "liquidate", args: [A] },
    ]);
    const poolReport = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Lending.sol"]),
      deployments: { [pool.address]: "LendingPool" },
      transactions: pool.txs,
    });
    expect(poolReport.misses).to.deep.equal([]);
    expect(poolReport.checked).to.be.greaterThan(10);
  });
});

import { expect } from "chai";
import { network } from "hardhat";

const E18 = 10n ** 18n;

function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}

async function deployPool() {
  const { ethers } = await network.create();
  const [owner, trader] = await ethers.getSigners();
  const token0 = await ethers.deployContract("SampleToken");
  const token1 = await ethers.deployContract("SampleToken");
  const pool = await ethers.deployContract("AmmPool", [await token0.getAddress(), await token1.getAddress()]);
  for (const token of [token0, token1]) {
    for (const who of [owner, trader]) {
      await token.mint(who.address, 1_000_000n * E18);
      await token.connect(who).approve(await pool.getAddress(), ethers.MaxUint256);
    }
  }
  await pool.addLiquidity(1000n * E18, 2000n * E18);
  return { pool, token0, token1, trader };
}

describe("AmmPool (swapped directly, no router)", function () {
  it("swaps exactly in for the constant-product amount out, both ways, and keeps its reserves", async function () {
    const { pool, token0, token1, trader } = await deployPool();
    const out = amountOut(10n * E18, 1000n * E18, 2000n * E18);
    await expect(pool.connect(trader).swap(true, 10n * E18, out))
      .to.emit(pool, "Swap")
      .withArgs(trader.address, true, 10n * E18, out);
    expect(await token1.balanceOf(trader.address)).to.equal(1_000_000n * E18 + out);
    expect(await pool.reserve0()).to.equal(1010n * E18);
    expect(await pool.reserve1()).to.equal(2000n * E18 - out);
    const back = amountOut(out, 2000n * E18 - out, 1010n * E18);
    await pool.connect(trader).swap(false, out, back);
    expect(await token0.balanceOf(trader.address)).to.equal(1_000_000n * E18 - 10n * E18 + back);
    expect(await token0.balanceOf(await pool.getAddress())).to.equal(await pool.reserve0());
  });

  it("reverts below the caller's minimum and without liquidity", async function () {
    const { pool, trader } = await deployPool();
    const out = amountOut(E18, 1000n * E18, 2000n * E18);
    await expect(pool.connect(trader).swap(true, E18, out + 1n))
      .to.be.revertedWithCustomError(pool, "InsufficientOutputAmount")
      .withArgs(out, out + 1n);
    const { ethers } = await network.create();
    const empty = await ethers.deployContract("AmmPool", [await pool.token0(), await pool.token1()]);
    await expect(empty.swap(true, E18, 0n)).to.be.revertedWithCustomError(empty, "InsufficientLiquidity");
  });
});

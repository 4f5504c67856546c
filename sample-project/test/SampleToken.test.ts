import { expect } from "chai";
import { network } from "hardhat";

describe("SampleToken", function () {
  it("mints and transfers", async function () {
    const { ethers } = await network.create();
    const [alice, bob] = await ethers.getSigners();
    const token = await ethers.deployContract("SampleToken");
    await token.mint(alice.address, 1000n);
    await expect(token.transfer(bob.address, 400n))
      .to.emit(token, "Transfer")
      .withArgs(alice.address, bob.address, 400n);
    expect(await token.balanceOf(alice.address)).to.equal(600n);
    expect(await token.balanceOf(bob.address)).to.equal(400n);
  });

  it("reverts a transfer above the balance with the custom error", async function () {
    const { ethers } = await network.create();
    const [alice, bob] = await ethers.getSigners();
    const token = await ethers.deployContract("SampleToken");
    await expect(token.connect(bob).transfer(alice.address, 1n))
      .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
      .withArgs(bob.address, 0n, 1n);
  });

  it("sees several transfers mined in one block", async function () {
    const { ethers, provider } = await network.create();
    const [alice, bob, carol] = await ethers.getSigners();
    const token = await ethers.deployContract("SampleToken");
    await token.mint(alice.address, 1000n);
    await provider.send("evm_setAutomine", [false]);
    const a = await token.transfer(bob.address, 1n);
    const b = await token.transfer(carol.address, 2n);
    await provider.send("evm_mine", []);
    await provider.send("evm_setAutomine", [true]);
    const [ra, rb] = await Promise.all([a.wait(), b.wait()]);
    expect(ra?.blockNumber).to.equal(rb?.blockNumber);
    expect(await token.balanceOf(carol.address)).to.equal(2n);
  });
});

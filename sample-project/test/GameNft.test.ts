import { expect } from "chai";
import { network } from "hardhat";

const ZERO = "0x0000000000000000000000000000000000000000";
const VARIANTS = ["GameNft", "GameNftParallel"] as const;
type Variant = (typeof VARIANTS)[number];

async function deployNft(variant: Variant) {
  const connection = await network.create();
  const { ethers, provider } = connection;
  const signers = await ethers.getSigners();
  const nft = await ethers.deployContract(variant);
  const [alice, bob, carol] = signers as [(typeof signers)[0], (typeof signers)[0], (typeof signers)[0]];
  return { ethers, provider, nft, alice, bob, carol, signers };
}

/** The id a variant gives to `minter`'s `n`-th mint when `globalIndex` mints happened before it. */
function expectedId(variant: Variant, minter: string, n: bigint, globalIndex: bigint): bigint {
  return variant === "GameNft" ? globalIndex + 1n : (BigInt(minter) << 96n) | n;
}

for (const variant of VARIANTS) {
  describe(variant, function () {
    it("mints to any recipient with the ERC721 Transfer event and counts mints per minter", async function () {
      const { nft, alice, bob } = await deployNft(variant);
      const id1 = expectedId(variant, alice.address, 1n, 0n);
      await expect(nft.connect(alice).mint(bob.address)).to.emit(nft, "Transfer").withArgs(ZERO, bob.address, id1);
      const id2 = expectedId(variant, bob.address, 1n, 1n);
      await expect(nft.connect(bob).mint(bob.address)).to.emit(nft, "Transfer").withArgs(ZERO, bob.address, id2);
      expect(id1).to.not.equal(id2);
      expect(await nft.ownerOf(id1)).to.equal(bob.address);
      expect(await nft.balanceOf(bob.address)).to.equal(2n);
      expect(await nft.mintedBy(alice.address)).to.equal(1n);
      expect(await nft.name()).to.equal("Game Hero");
    });

    it("returns the new id from mint and refuses the zero recipient and unknown ids", async function () {
      const { nft, alice } = await deployNft(variant);
      const id = await nft.connect(alice).mint.staticCall(alice.address);
      expect(id).to.equal(expectedId(variant, alice.address, 1n, 0n));
      await expect(nft.connect(alice).mint(ZERO))
        .to.be.revertedWithCustomError(nft, "ERC721InvalidReceiver")
        .withArgs(ZERO);
      await expect(nft.ownerOf(id)).to.be.revertedWithCustomError(nft, "ERC721NonexistentToken").withArgs(id);
    });

    it("mints for several minters in one block with distinct ids", async function () {
      const { provider, nft, signers } = await deployNft(variant);
      const minters = signers.slice(0, 5);
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const txs = [];
      for (const minter of minters) txs.push(await nft.connect(minter).mint(minter.address));
      txs.push(await nft.connect(minters[0]!).mint(minters[0]!.address));
      await provider.request({ method: "evm_mine", params: [] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      expect(new Set(receipts.map((r) => r?.blockNumber)).size).to.equal(1);
      const ids = receipts.map((r) => nft.interface.parseLog(r!.logs[0]!)!.args.tokenId as bigint);
      expect(new Set(ids).size).to.equal(6);
      if (variant === "GameNft") {
        expect([...ids].sort((x, y) => (x < y ? -1 : 1))).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n]);
        expect(await nft.nextTokenId()).to.equal(7n);
      } else {
        expect(ids[5]).to.equal(await nft.tokenIdFor(minters[0]!.address, 2n));
      }
      expect(await nft.balanceOf(minters[0]!.address)).to.equal(2n);
    });
  });
}

describe("GameNft vs GameNftParallel", function () {
  it("give the same owners, balances and per-minter counts for the same mints", async function () {
    const plan: [minter: number, to: number][] = [
      [0, 0],
      [1, 2],
      [0, 1],
      [2, 2],
      [1, 1],
      [0, 2],
    ];
    const results = [];
    for (const variant of VARIANTS) {
      const { nft, signers } = await deployNft(variant);
      const owners: string[] = [];
      for (const [minter, to] of plan) {
        const id = await nft.connect(signers[minter]!).mint.staticCall(signers[to]!.address);
        await nft.connect(signers[minter]!).mint(signers[to]!.address);
        owners.push(await nft.ownerOf(id));
      }
      const users = signers.slice(0, 3);
      results.push({
        owners,
        balances: await Promise.all(users.map((u) => nft.balanceOf(u.address))),
        minted: await Promise.all(users.map((u) => nft.mintedBy(u.address))),
      });
    }
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[0]!.minted).to.deep.equal([3n, 2n, 1n]);
  });
});

import { expect } from "chai";
import { network } from "hardhat";

const ZERO = "0x0000000000000000000000000000000000000000";
const [WOOD, IRON, GOLD, SWORD, SHIELD, CROWN] = [1n, 2n, 3n, 100n, 101n, 102n];
const VARIANTS = ["GameItems", "GameItemsParallel"] as const;
type Variant = (typeof VARIANTS)[number];

async function deployItems(variant: Variant) {
  const connection = await network.create();
  const { ethers, provider } = connection;
  const signers = await ethers.getSigners();
  const items = await ethers.deployContract(variant);
  const [owner, alice, bob] = signers as [(typeof signers)[0], (typeof signers)[0], (typeof signers)[0]];
  return { ethers, provider, items, owner, alice, bob, signers };
}

for (const variant of VARIANTS) {
  describe(variant, function () {
    it("mints resources to anyone but never crafted items", async function () {
      const { items, alice, bob } = await deployItems(variant);
      await expect(items.connect(alice).mint(bob.address, WOOD, 5n))
        .to.emit(items, "TransferSingle")
        .withArgs(alice.address, ZERO, bob.address, WOOD, 5n);
      expect(await items.balanceOf(bob.address, WOOD)).to.equal(5n);
      await expect(items.mint(alice.address, SWORD, 1n))
        .to.be.revertedWithCustomError(items, "NotAResource")
        .withArgs(SWORD);
      await expect(items.mint(alice.address, 0n, 1n))
        .to.be.revertedWithCustomError(items, "NotAResource")
        .withArgs(0n);
    });

    it("crafts a sword from 2 wood and 1 iron, burning the inputs", async function () {
      const { items, alice } = await deployItems(variant);
      await items.mint(alice.address, WOOD, 5n);
      await items.mint(alice.address, IRON, 1n);
      const tx = items.connect(alice).craft(1n);
      await expect(tx).to.emit(items, "Crafted").withArgs(alice.address, 1n, SWORD, 1n);
      await expect(tx)
        .to.emit(items, "TransferBatch")
        .withArgs(alice.address, alice.address, ZERO, [WOOD, IRON], [2n, 1n]);
      const balances = await items.balanceOfBatch([alice.address, alice.address, alice.address], [WOOD, IRON, SWORD]);
      expect(balances.map((b: bigint) => b)).to.deep.equal([3n, 0n, 1n]);
      expect(await items.craftedBy(alice.address)).to.equal(1n);
    });

    it("refuses to craft without the inputs or with an unknown recipe", async function () {
      const { items, alice } = await deployItems(variant);
      await items.mint(alice.address, WOOD, 2n);
      await expect(items.connect(alice).craft(1n))
        .to.be.revertedWithCustomError(items, "ERC1155InsufficientBalance")
        .withArgs(alice.address, 0n, 1n, IRON);
      await expect(items.connect(alice).craft(42n)).to.be.revertedWithCustomError(items, "UnknownRecipe").withArgs(42n);
      expect(await items.craftedBy(alice.address)).to.equal(0n);
    });

    it("chains recipes: a crown consumes a crafted sword", async function () {
      const { items, alice } = await deployItems(variant);
      await items.mint(alice.address, WOOD, 2n);
      await items.mint(alice.address, IRON, 1n);
      await items.mint(alice.address, GOLD, 5n);
      await items.connect(alice).craft(1n);
      await expect(items.connect(alice).craft(3n)).to.emit(items, "Crafted").withArgs(alice.address, 3n, CROWN, 1n);
      expect(await items.balanceOf(alice.address, SWORD)).to.equal(0n);
      expect(await items.balanceOf(alice.address, CROWN)).to.equal(1n);
      expect(await items.craftedBy(alice.address)).to.equal(2n);
    });

    it("lets only the owner add recipes, and only valid ones", async function () {
      const { items, owner, alice } = await deployItems(variant);
      await expect(items.connect(alice).setRecipe(7n, [GOLD], [1n], 150n, 2n))
        .to.be.revertedWithCustomError(items, "OwnableUnauthorizedAccount")
        .withArgs(alice.address);
      await expect(items.connect(owner).setRecipe(7n, [GOLD], [1n], GOLD, 2n))
        .to.be.revertedWithCustomError(items, "NotACraftedItem")
        .withArgs(GOLD);
      await expect(items.connect(owner).setRecipe(7n, [GOLD], [1n, 2n], 150n, 2n)).to.be.revertedWithCustomError(
        items,
        "InvalidRecipe",
      );
      await expect(items.connect(owner).setRecipe(7n, [GOLD], [1n], 150n, 2n))
        .to.emit(items, "RecipeSet")
        .withArgs(7n, 150n, 2n);
      const recipe = await items.recipe(7n);
      expect(recipe.outputId).to.equal(150n);
      await items.mint(alice.address, GOLD, 1n);
      await items.connect(alice).craft(7n);
      expect(await items.balanceOf(alice.address, 150n)).to.equal(2n);
    });

    it("mines crafts of several players in one block", async function () {
      const { provider, items, signers } = await deployItems(variant);
      const players = signers.slice(0, 4);
      for (const p of players) {
        await items.mint(p.address, WOOD, 1n);
        await items.mint(p.address, IRON, 3n);
      }
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const txs = [];
      for (const p of players) txs.push(await items.connect(p).craft(2n));
      await provider.request({ method: "evm_mine", params: [] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      expect(new Set(receipts.map((r) => r?.blockNumber)).size).to.equal(1);
      for (const p of players) {
        expect(await items.balanceOf(p.address, SHIELD)).to.equal(1n);
        expect(await items.craftedBy(p.address)).to.equal(1n);
      }
      if (variant === "GameItems") expect(await items.totalCrafted()).to.equal(4n);
    });
  });
}

describe("GameItems hotspot", function () {
  it("counts every craft of every player in the global totalCrafted", async function () {
    const { items, alice, bob } = await deployItems("GameItems");
    for (const p of [alice, bob]) {
      await items.mint(p.address, WOOD, 4n);
      await items.mint(p.address, IRON, 2n);
    }
    await items.connect(alice).craft(1n);
    await items.connect(bob).craft(1n);
    await items.connect(alice).craft(1n);
    expect(await items.totalCrafted()).to.equal(3n);
    const parallel = await deployItems("GameItemsParallel");
    expect(parallel.items.interface.getFunction("totalCrafted")).to.equal(null);
  });
});

describe("GameItems vs GameItemsParallel", function () {
  it("end with the same balances, counters and events for the same mints and crafts", async function () {
    const plan: [player: number, action: "mint" | "craft", id: bigint, amount: bigint][] = [
      [0, "mint", WOOD, 6n],
      [0, "mint", IRON, 4n],
      [1, "mint", WOOD, 1n],
      [1, "mint", IRON, 3n],
      [2, "mint", GOLD, 5n],
      [0, "craft", 1n, 0n],
      [1, "craft", 2n, 0n],
      [0, "craft", 1n, 0n],
      [0, "craft", 2n, 0n], // fails: needs 3 iron, has 2
      [2, "craft", 3n, 0n], // fails: no sword
    ];
    const results = [];
    for (const variant of VARIANTS) {
      const { items, signers } = await deployItems(variant);
      const outcomes: unknown[] = [];
      for (const [player, action, id, amount] of plan) {
        const signer = signers[player]!;
        try {
          const tx =
            action === "mint"
              ? await items.connect(signer).mint(signer.address, id, amount)
              : await items.connect(signer).craft(id);
          const receipt = await tx.wait();
          outcomes.push(receipt!.logs.map((log) => items.interface.parseLog(log)?.name));
        } catch {
          outcomes.push("reverted");
        }
      }
      const players = signers.slice(0, 3);
      const ids = [WOOD, IRON, GOLD, SWORD, SHIELD, CROWN];
      const balances = [];
      for (const p of players) for (const id of ids) balances.push(await items.balanceOf(p.address, id));
      results.push({
        outcomes,
        balances,
        crafted: await Promise.all(players.map((p) => items.craftedBy(p.address))),
      });
    }
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[0]!.crafted).to.deep.equal([2n, 1n, 0n]);
    expect(results[0]!.outcomes.filter((o) => o === "reverted")).to.have.length(2);
  });
});

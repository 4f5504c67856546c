import { expect } from "chai";
import { network } from "hardhat";

const E18 = 10n ** 18n;
const VARIANTS = ["Marketplace", "MarketplaceParallel"] as const;
type Variant = (typeof VARIANTS)[number];

async function deployMarket(variant: Variant) {
  const connection = await network.create();
  const { ethers, provider } = connection;
  const signers = await ethers.getSigners();
  const nft = await ethers.deployContract("GameNft");
  const market = await ethers.deployContract(variant);
  const marketAddress = await market.getAddress();
  const nftAddress = await nft.getAddress();
  // Sellers 0..3 mint two heroes each (ids 1..8, seller i owns 2i+1 and 2i+2) and approve the market.
  for (const seller of signers.slice(0, 4)) {
    await nft.connect(seller).mint(seller.address);
    await nft.connect(seller).mint(seller.address);
    await nft.connect(seller).setApprovalForAll(marketAddress, true);
  }
  const [alice, bob, carol, dave] = signers as [
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
  ];
  const buyer = signers[5]!;
  /** The id a variant gives the listing that is `seller`'s `n`-th and the market's `global`-th. */
  const listingId = (seller: string, n: bigint, global: bigint) =>
    variant === "Marketplace" ? global : (BigInt(seller) << 96n) | n;
  return { ethers, provider, nft, nftAddress, market, signers, alice, bob, carol, dave, buyer, listingId };
}

for (const variant of VARIANTS) {
  describe(variant, function () {
    it("lists an owned, approved token under the expected id", async function () {
      const { market, nft, nftAddress, alice, bob, listingId } = await deployMarket(variant);
      const id1 = listingId(alice.address, 1n, 1n);
      await expect(market.connect(alice).list(nftAddress, 1n, E18))
        .to.emit(market, "Listed")
        .withArgs(id1, alice.address, nftAddress, 1n, E18);
      const id2 = listingId(bob.address, 1n, 2n);
      expect(await market.connect(bob).list.staticCall(nftAddress, 3n, 2n * E18)).to.equal(id2);
      await market.connect(bob).list(nftAddress, 3n, 2n * E18);
      const listing = await market.listings(id2);
      expect([listing.seller, listing.tokenId, listing.price]).to.deep.equal([bob.address, 3n, 2n * E18]);
      expect(await market.listingsBy(alice.address)).to.equal(1n);
      // No escrow: the seller keeps the token until it sells.
      expect(await nft.ownerOf(1n)).to.equal(alice.address);
    });

    it("refuses listings at price 0, of tokens not owned, or not approved", async function () {
      const { market, nft, nftAddress, alice, signers } = await deployMarket(variant);
      await expect(market.connect(alice).list(nftAddress, 1n, 0n)).to.be.revertedWithCustomError(market, "ZeroPrice");
      await expect(market.connect(alice).list(nftAddress, 3n, E18))
        .to.be.revertedWithCustomError(market, "NotTokenOwner")
        .withArgs(alice.address, 3n);
      const newcomer = signers[6]!;
      await nft.connect(newcomer).mint(newcomer.address); // id 9
      await expect(market.connect(newcomer).list(nftAddress, 9n, E18))
        .to.be.revertedWithCustomError(market, "NotApproved")
        .withArgs(9n);
      await nft.connect(newcomer).approve(await market.getAddress(), 9n);
      await expect(market.connect(newcomer).list(nftAddress, 9n, E18)).to.emit(market, "Listed");
    });

    it("sells for exactly the price: the token to the buyer, the ether to the seller", async function () {
      const { ethers, market, nft, nftAddress, alice, buyer, listingId } = await deployMarket(variant);
      await market.connect(alice).list(nftAddress, 2n, 3n * E18);
      const id = listingId(alice.address, 1n, 1n);
      await expect(market.connect(buyer).buy(id, { value: 2n * E18 }))
        .to.be.revertedWithCustomError(market, "WrongPayment")
        .withArgs(3n * E18, 2n * E18);
      const tx = market.connect(buyer).buy(id, { value: 3n * E18 });
      await expect(tx)
        .to.emit(market, "Sold")
        .withArgs(id, buyer.address, alice.address, 3n * E18);
      await expect(tx).to.changeEtherBalances(ethers, [buyer, alice, market], [-3n * E18, 3n * E18, 0n]);
      await expect(tx).to.emit(nft, "Transfer").withArgs(alice.address, buyer.address, 2n);
      expect(await nft.ownerOf(2n)).to.equal(buyer.address);
      expect(await market.volumeBySeller(alice.address)).to.equal(3n * E18);
      await expect(market.connect(buyer).buy(id, { value: 3n * E18 }))
        .to.be.revertedWithCustomError(market, "NotListed")
        .withArgs(id);
    });

    it("lets only the seller cancel, after which the listing cannot be bought", async function () {
      const { market, nftAddress, alice, bob, buyer, listingId } = await deployMarket(variant);
      await market.connect(alice).list(nftAddress, 1n, E18);
      const id = listingId(alice.address, 1n, 1n);
      await expect(market.connect(bob).cancel(id)).to.be.revertedWithCustomError(market, "NotSeller").withArgs(id);
      await expect(market.connect(alice).cancel(id)).to.emit(market, "Cancelled").withArgs(id);
      await expect(market.connect(buyer).buy(id, { value: E18 }))
        .to.be.revertedWithCustomError(market, "NotListed")
        .withArgs(id);
      await expect(market.connect(alice).cancel(id)).to.be.revertedWithCustomError(market, "NotListed").withArgs(id);
    });

    it("fails a sale whose seller no longer owns the token, leaving the listing in place", async function () {
      const { market, nft, nftAddress, alice, bob, buyer, listingId } = await deployMarket(variant);
      await market.connect(alice).list(nftAddress, 1n, E18);
      await nft.connect(alice).transferFrom(alice.address, bob.address, 1n);
      const id = listingId(alice.address, 1n, 1n);
      await expect(market.connect(buyer).buy(id, { value: E18 })).to.be.revertedWithCustomError(
        nft,
        "ERC721IncorrectOwner",
      );
      expect((await market.listings(id)).seller).to.equal(alice.address);
    });

    it("mines sales of several sellers to several buyers in one block", async function () {
      const { ethers, provider, market, nft, nftAddress, signers, listingId } = await deployMarket(variant);
      const sellers = signers.slice(0, 4);
      const buyers = signers.slice(4, 8);
      for (const [i, seller] of sellers.entries())
        await market.connect(seller).list(nftAddress, BigInt(2 * i + 1), E18);
      const before = await Promise.all(sellers.map((s) => ethers.provider.getBalance(s.address)));
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const txs = [];
      for (const [i, b] of buyers.entries()) {
        txs.push(await market.connect(b).buy(listingId(sellers[i]!.address, 1n, BigInt(i + 1)), { value: E18 }));
      }
      await provider.request({ method: "evm_mine", params: [] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      expect(new Set(receipts.map((r) => r?.blockNumber)).size).to.equal(1);
      for (const [i, seller] of sellers.entries()) {
        expect(await nft.ownerOf(BigInt(2 * i + 1))).to.equal(buyers[i]!.address);
        expect(await ethers.provider.getBalance(seller.address)).to.equal(before[i]! + E18);
      }
      if (variant === "Marketplace") expect(await market.totalVolume()).to.equal(4n * E18);
    });
  });
}

describe("Marketplace hotspots", function () {
  it("number listings globally and sum every sale into totalVolume", async function () {
    const { market, nftAddress, alice, bob, buyer } = await deployMarket("Marketplace");
    await market.connect(alice).list(nftAddress, 1n, E18);
    await market.connect(bob).list(nftAddress, 3n, 2n * E18);
    await market.connect(alice).list(nftAddress, 2n, 4n * E18);
    expect(await market.nextListingId()).to.equal(4n);
    await market.connect(buyer).buy(2n, { value: 2n * E18 });
    await market.connect(buyer).buy(3n, { value: 4n * E18 });
    expect(await market.totalVolume()).to.equal(6n * E18);
    const parallel = await deployMarket("MarketplaceParallel");
    expect(parallel.market.interface.getFunction("totalVolume")).to.equal(null);
    expect(parallel.market.interface.getFunction("nextListingId")).to.equal(null);
  });
});

describe("Marketplace vs MarketplaceParallel", function () {
  it("end with the same owners, volumes and events for the same trades", async function () {
    type Step = ["list", number, bigint, bigint] | ["buy" | "cancel", number, number];
    const steps: Step[] = [
      ["list", 0, 1n, E18],
      ["list", 1, 3n, 2n * E18],
      ["list", 0, 2n, 3n * E18],
      ["buy", 5, 0],
      ["cancel", 1, 1],
      ["list", 2, 5n, E18],
      ["buy", 6, 2],
      ["buy", 7, 3],
    ];
    const results = [];
    for (const variant of VARIANTS) {
      const { market, nft, nftAddress, signers } = await deployMarket(variant);
      const ids: bigint[] = [];
      const events: unknown[] = [];
      for (const step of steps) {
        const signer = signers[step[1]]!;
        let tx;
        if (step[0] === "list") {
          ids.push(await market.connect(signer).list.staticCall(nftAddress, step[2], step[3]));
          tx = await market.connect(signer).list(nftAddress, step[2], step[3]);
        } else if (step[0] === "buy") {
          const listing = await market.listings(ids[step[2]]!);
          tx = await market.connect(signer).buy(ids[step[2]]!, { value: listing.price });
        } else {
          tx = await market.connect(signer).cancel(ids[step[2]]!);
        }
        const receipt = await tx.wait();
        for (const log of receipt!.logs) {
          const parsed = market.interface.parseLog(log);
          // Listing ids differ by design; compare the rest of each event.
          if (parsed) events.push([parsed.name, ...parsed.args.slice(1)]);
        }
      }
      results.push({
        events,
        owners: await Promise.all([1n, 2n, 3n, 4n, 5n, 6n].map((id) => nft.ownerOf(id))),
        volumes: await Promise.all(signers.slice(0, 4).map((s) => market.volumeBySeller(s.address))),
      });
    }
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[0]!.volumes).to.deep.equal([4n * E18, 0n, E18, 0n]);
  });
});

import { expect } from "chai";
import { network } from "hardhat";

const E18 = 10n ** 18n;
const MINIMUM_LIQUIDITY = 1000n;
const DEAD = "0x000000000000000000000000000000000000dEaD";

function sqrt(value: bigint): bigint {
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}

async function deployAmm() {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [owner, alice, bob] = await ethers.getSigners();
  const tokens = [
    await ethers.deployContract("SampleToken"),
    await ethers.deployContract("SampleToken"),
    await ethers.deployContract("SampleToken"),
  ];
  const factory = await ethers.deployContract("AmmFactory");
  const router = await ethers.deployContract("AmmRouter", [await factory.getAddress()]);
  for (const token of tokens) {
    for (const user of [owner, alice, bob]) {
      await token.mint(user.address, 1_000_000n * E18);
      await token.connect(user).approve(await router.getAddress(), ethers.MaxUint256);
    }
  }
  const [tokenA, tokenB, tokenC] = tokens as [(typeof tokens)[0], (typeof tokens)[0], (typeof tokens)[0]];
  const [a, b, c] = [await tokenA.getAddress(), await tokenB.getAddress(), await tokenC.getAddress()];
  const deadline = async () => BigInt(await networkHelpers.time.latest()) + 3600n;
  const pairOf = async (x: string, y: string) => ethers.getContractAt("AmmPair", await factory.getPair(x, y));
  const { provider } = connection;
  return {
    ethers,
    networkHelpers,
    provider,
    owner,
    alice,
    bob,
    tokenA,
    tokenB,
    tokenC,
    a,
    b,
    c,
    factory,
    router,
    deadline,
    pairOf,
  };
}

/** Deploys the AMM and seeds pools A/B (1000:2000) and B/C (1000:1000). */
async function deployAmmWithPools() {
  const amm = await deployAmm();
  const { router, owner, a, b, c, deadline } = amm;
  await router.addLiquidity(a, b, 1000n * E18, 2000n * E18, 0n, 0n, owner.address, await deadline());
  await router.addLiquidity(b, c, 1000n * E18, 1000n * E18, 0n, 0n, owner.address, await deadline());
  return amm;
}

describe("AmmFactory", function () {
  it("creates one pair per unordered token pair and indexes it", async function () {
    const { factory, a, b, c } = await deployAmm();
    const [token0, token1] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
    await expect(factory.createPair(b, a)).to.emit(factory, "PairCreated");
    const pair = await factory.getPair(a, b);
    expect(pair).to.not.equal("0x0000000000000000000000000000000000000000");
    expect(await factory.getPair(b, a)).to.equal(pair);
    expect(await factory.allPairs(0n)).to.equal(pair);
    await expect(factory.createPair(a, c)).to.emit(factory, "PairCreated");
    expect(await factory.allPairsLength()).to.equal(2n);

    const logs = await factory.queryFilter(factory.filters.PairCreated(token0, token1));
    expect(logs).to.have.length(1);
    expect(logs[0]?.args?.pair).to.equal(pair);
  });

  it("sorts the pair's tokens and refuses duplicates, identical and zero addresses", async function () {
    const { factory, pairOf, a, b } = await deployAmm();
    await factory.createPair(a, b);
    const pair = await pairOf(a, b);
    const [token0, token1] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
    expect(await pair.token0()).to.equal(token0);
    expect(await pair.token1()).to.equal(token1);
    expect(await pair.factory()).to.equal(await factory.getAddress());
    await expect(factory.createPair(b, a)).to.be.revertedWithCustomError(factory, "PairExists");
    await expect(factory.createPair(a, a)).to.be.revertedWithCustomError(factory, "IdenticalAddresses");
    await expect(factory.createPair(a, "0x0000000000000000000000000000000000000000")).to.be.revertedWithCustomError(
      factory,
      "ZeroAddress",
    );
  });
});

describe("AmmPair + AmmRouter", function () {
  it("adds initial liquidity: sqrt(a*b) - MINIMUM_LIQUIDITY shares, packed reserves, dead shares", async function () {
    const { ethers, router, owner, tokenA, tokenB, a, b, deadline, pairOf } = await deployAmm();
    const amountA = 1000n * E18;
    const amountB = 4000n * E18;
    const tx = router.addLiquidity(a, b, amountA, amountB, 0n, 0n, owner.address, await deadline());
    await expect(tx).to.changeTokenBalance(ethers, tokenA, owner, -amountA);
    const pair = await pairOf(a, b);
    await expect(tx).to.changeTokenBalance(ethers, tokenB, await pair.getAddress(), amountB);

    const expected = sqrt(amountA * amountB) - MINIMUM_LIQUIDITY;
    expect(await pair.balanceOf(owner.address)).to.equal(expected);
    expect(await pair.balanceOf(DEAD)).to.equal(MINIMUM_LIQUIDITY);
    expect(await pair.totalSupply()).to.equal(expected + MINIMUM_LIQUIDITY);

    const [reserve0, reserve1, timestamp] = await pair.getReserves();
    const a0 = (await pair.token0()) === a;
    expect(reserve0).to.equal(a0 ? amountA : amountB);
    expect(reserve1).to.equal(a0 ? amountB : amountA);
    const block = await ethers.provider.getBlock((await (await tx).wait())!.blockNumber);
    expect(timestamp).to.equal(BigInt(block!.timestamp));
  });

  it("adds further liquidity at the pool ratio and enforces the minimums", async function () {
    const { ethers, router, alice, tokenB, a, b, deadline, pairOf } = await deployAmmWithPools();
    const pair = await pairOf(a, b);
    const supplyBefore = await pair.totalSupply();
    // The pool is 1000 A : 2000 B, so 10 A pairs with 20 B even though 50 B are offered.
    const tx = router.connect(alice).addLiquidity(a, b, 10n * E18, 50n * E18, 0n, 0n, alice.address, await deadline());
    await expect(tx).to.changeTokenBalance(ethers, tokenB, alice, -20n * E18);
    expect(await pair.balanceOf(alice.address)).to.equal((supplyBefore * 10n) / 1000n);
    await expect(
      router.connect(alice).addLiquidity(a, b, 10n * E18, 50n * E18, 0n, 21n * E18, alice.address, await deadline()),
    ).to.be.revertedWithCustomError(router, "InsufficientBAmount");
  });

  it("swaps exact input along one pair with the 0.3 % fee and keeps k from falling", async function () {
    const { ethers, router, alice, tokenA, tokenB, a, b, deadline, pairOf } = await deployAmmWithPools();
    const pair = await pairOf(a, b);
    const amountIn = 10n * E18;
    const expectedOut = amountOut(amountIn, 1000n * E18, 2000n * E18);
    expect((await router.getAmountsOut(amountIn, [a, b]))[1]).to.equal(expectedOut);

    const [r0, r1] = await pair.getReserves();
    const tx = router
      .connect(alice)
      .swapExactTokensForTokens(amountIn, expectedOut, [a, b], alice.address, await deadline());
    await expect(tx).to.changeTokenBalances(ethers, tokenA, [alice, await pair.getAddress()], [-amountIn, amountIn]);
    await expect(tx).to.changeTokenBalances(
      ethers,
      tokenB,
      [alice, await pair.getAddress()],
      [expectedOut, -expectedOut],
    );
    const a0 = (await pair.token0()) === a;
    await expect(tx)
      .to.emit(pair, "Swap")
      .withArgs(
        await router.getAddress(),
        a0 ? amountIn : 0n,
        a0 ? 0n : amountIn,
        a0 ? 0n : expectedOut,
        a0 ? expectedOut : 0n,
        alice.address,
      );
    const [n0, n1] = await pair.getReserves();
    expect(n0 * n1).to.be.greaterThan(r0 * r1);
  });

  it("routes a multi-hop swap A -> B -> C through both pairs", async function () {
    const { ethers, router, bob, tokenC, a, b, c, deadline } = await deployAmmWithPools();
    const amountIn = 5n * E18;
    const hop1 = amountOut(amountIn, 1000n * E18, 2000n * E18);
    const hop2 = amountOut(hop1, 1000n * E18, 1000n * E18);
    const amounts = await router.getAmountsOut(amountIn, [a, b, c]);
    expect(amounts.map((x: bigint) => x)).to.deep.equal([amountIn, hop1, hop2]);
    await expect(
      router.connect(bob).swapExactTokensForTokens(amountIn, hop2, [a, b, c], bob.address, await deadline()),
    ).to.changeTokenBalance(ethers, tokenC, bob, hop2);
  });

  it("reverts swaps below the minimum output, after the deadline, on unknown pairs and short paths", async function () {
    const { router, alice, networkHelpers, a, b, c, deadline } = await deployAmmWithPools();
    const amountIn = 10n * E18;
    const out = amountOut(amountIn, 1000n * E18, 2000n * E18);
    await expect(
      router.connect(alice).swapExactTokensForTokens(amountIn, out + 1n, [a, b], alice.address, await deadline()),
    )
      .to.be.revertedWithCustomError(router, "InsufficientOutputAmount")
      .withArgs(out, out + 1n);

    const soon = BigInt(await networkHelpers.time.latest()) + 60n;
    await networkHelpers.time.increase(120);
    await expect(
      router.connect(alice).swapExactTokensForTokens(amountIn, 0n, [a, b], alice.address, soon),
    ).to.be.revertedWithCustomError(router, "Expired");

    await expect(router.connect(alice).swapExactTokensForTokens(amountIn, 0n, [a, c], alice.address, await deadline()))
      .to.be.revertedWithCustomError(router, "PairNotFound")
      .withArgs(a, c);
    await expect(
      router.connect(alice).swapExactTokensForTokens(amountIn, 0n, [a], alice.address, await deadline()),
    ).to.be.revertedWithCustomError(router, "InvalidPath");
  });

  it("enforces the constant-product check on direct pair swaps", async function () {
    const { alice, tokenA, a, b, pairOf } = await deployAmmWithPools();
    const pair = await pairOf(a, b);
    const a0 = (await pair.token0()) === a;
    const amountIn = 10n * E18;
    const fair = amountOut(amountIn, 1000n * E18, 2000n * E18);
    const outArgs = (out: bigint): [bigint, bigint] => (a0 ? [0n, out] : [out, 0n]);

    await expect(pair.connect(alice).swap(...outArgs(fair), alice.address)).to.be.revertedWithCustomError(
      pair,
      "InsufficientInputAmount",
    );
    await tokenA.connect(alice).transfer(await pair.getAddress(), amountIn);
    await expect(pair.connect(alice).swap(...outArgs(fair + 1n), alice.address)).to.be.revertedWithCustomError(
      pair,
      "K",
    );
    await expect(pair.connect(alice).swap(0n, 0n, alice.address)).to.be.revertedWithCustomError(
      pair,
      "InsufficientOutputAmount",
    );
    await expect(pair.connect(alice).swap(...outArgs(fair), a)).to.be.revertedWithCustomError(pair, "InvalidTo");
    await expect(pair.connect(alice).swap(...outArgs(fair), alice.address)).to.emit(pair, "Sync");
  });

  it("removes liquidity pro rata and burns the shares", async function () {
    const { ethers, router, owner, tokenA, tokenB, a, b, deadline, pairOf } = await deployAmmWithPools();
    const pair = await pairOf(a, b);
    const shares = (await pair.balanceOf(owner.address)) / 2n;
    const supply = await pair.totalSupply();
    const expectedA = (shares * 1000n * E18) / supply;
    const expectedB = (shares * 2000n * E18) / supply;
    await pair.approve(await router.getAddress(), shares);
    const tx = router.removeLiquidity(a, b, shares, expectedA, expectedB, owner.address, await deadline());
    await expect(tx).to.changeTokenBalance(ethers, tokenA, owner, expectedA);
    await expect(tx).to.changeTokenBalance(ethers, tokenB, owner, expectedB);
    await expect(tx).to.emit(pair, "Burn");
    expect(await pair.totalSupply()).to.equal(supply - shares);
  });

  it("mines swaps on two pools and a second swap on the same pool in one block", async function () {
    const { provider, router, alice, bob, owner, a, b, c, pairOf } = await deployAmmWithPools();
    const far = 10n ** 12n;
    const pairAB = await pairOf(a, b);
    const pairBC = await pairOf(b, c);
    await provider.request({ method: "evm_setAutomine", params: [false] });
    const txs = [
      await router.connect(alice).swapExactTokensForTokens(10n * E18, 0n, [a, b], alice.address, far),
      await router.connect(bob).swapExactTokensForTokens(7n * E18, 0n, [c, b], bob.address, far),
      await router.connect(owner).swapExactTokensForTokens(3n * E18, 0n, [a, b], owner.address, far),
    ];
    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    const receipts = await Promise.all(txs.map((tx) => tx.wait()));
    expect(new Set(receipts.map((r) => r?.blockNumber)).size).to.equal(1);
    expect(receipts.every((r) => r?.status === 1)).to.equal(true);

    // The two A->B swaps applied one after the other; the C->B swap is independent.
    const out1 = amountOut(10n * E18, 1000n * E18, 2000n * E18);
    const out3 = amountOut(3n * E18, 1010n * E18, 2000n * E18 - out1);
    const [ab0, ab1] = await pairAB.getReserves();
    const aIs0 = (await pairAB.token0()) === a;
    expect(aIs0 ? [ab0, ab1] : [ab1, ab0]).to.deep.equal([1013n * E18, 2000n * E18 - out1 - out3]);
    const outBC = amountOut(7n * E18, 1000n * E18, 1000n * E18);
    const [bc0, bc1] = await pairBC.getReserves();
    const cIs0 = (await pairBC.token0()) === c;
    expect(cIs0 ? [bc0, bc1] : [bc1, bc0]).to.deep.equal([1007n * E18, 1000n * E18 - outBC]);
  });
});

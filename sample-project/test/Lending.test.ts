import { expect } from "chai";
import { network } from "hardhat";

const E18 = 10n ** 18n;
const YEAR = 365n * 24n * 3600n;
const RATE = E18 / 10n; // 10 % a year
const MAX = 2n ** 256n - 1n;

const VARIANTS = ["LendingPool", "ShardedLendingPool"] as const;
type Variant = (typeof VARIANTS)[number];

async function deployLending(variant: Variant) {
  const connection = await network.create();
  const { ethers, networkHelpers, provider } = connection;
  const signers = await ethers.getSigners();
  const token = await ethers.deployContract("SampleToken");
  const pool = await ethers.deployContract(variant, [await token.getAddress(), RATE]);
  const poolAddress = await pool.getAddress();
  for (const user of signers.slice(0, 6)) {
    await token.mint(user.address, 10_000n * E18);
    await token.connect(user).approve(poolAddress, ethers.MaxUint256);
  }
  /** Where `user`'s funds sit: the pool itself, or the vault of the user's shard. */
  const holderOf = async (user: string): Promise<string> =>
    variant === "LendingPool" ? poolAddress : await pool.vaultOf(user);
  const [alice, bob, carol, dave] = signers as [
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
    (typeof signers)[0],
  ];
  return { ethers, networkHelpers, provider, token, pool, alice, bob, carol, dave, signers, holderOf };
}

async function blockTime(
  tx: { wait(): Promise<unknown> },
  ethers: { provider: { getBlock(n: number): Promise<unknown> } },
) {
  const receipt = (await tx.wait()) as { blockNumber: number };
  const block = (await ethers.provider.getBlock(receipt.blockNumber)) as { timestamp: number };
  return BigInt(block.timestamp);
}

for (const variant of VARIANTS) {
  describe(variant, function () {
    it("takes deposits into the pool's custody and counts them in totalDeposits()", async function () {
      const { ethers, token, pool, alice, bob, holderOf } = await deployLending(variant);
      const tx = pool.connect(alice).deposit(1000n * E18);
      await expect(tx)
        .to.emit(pool, "Deposit")
        .withArgs(alice.address, 1000n * E18);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [alice.address, await holderOf(alice.address)],
        [-1000n * E18, 1000n * E18],
      );
      await pool.connect(bob).deposit(500n * E18);
      expect(await pool.depositOf(alice.address)).to.equal(1000n * E18);
      expect(await pool.totalDeposits()).to.equal(1500n * E18);
      await expect(pool.connect(alice).deposit(0n)).to.be.revertedWithCustomError(pool, "ZeroAmount");
    });

    it("lends up to the 75 % collateral factor and no more", async function () {
      const { ethers, token, pool, alice, holderOf } = await deployLending(variant);
      await pool.connect(alice).deposit(1000n * E18);
      const tx = pool.connect(alice).borrow(700n * E18);
      await expect(tx)
        .to.emit(pool, "Borrow")
        .withArgs(alice.address, 700n * E18);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [alice.address, await holderOf(alice.address)],
        [700n * E18, -700n * E18],
      );
      await expect(pool.connect(alice).borrow(51n * E18))
        .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
        // The debt includes the interest of the seconds since the borrow.
        .withArgs((debtAfter: bigint) => debtAfter > 751n * E18 && debtAfter < 752n * E18, 750n * E18);
      expect(await pool.totalBorrows()).to.equal(700n * E18);
    });

    it("lets a withdrawal through only while the remaining deposit covers the debt", async function () {
      const { ethers, token, pool, alice } = await deployLending(variant);
      await pool.connect(alice).deposit(1000n * E18);
      await expect(pool.connect(alice).withdraw(1001n * E18))
        .to.be.revertedWithCustomError(pool, "InsufficientDeposit")
        .withArgs(1000n * E18, 1001n * E18);
      await pool.connect(alice).borrow(300n * E18);
      // 300 of debt needs 400 of deposit: 500 may leave, 601 may not.
      await expect(pool.connect(alice).withdraw(601n * E18)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
      await expect(pool.connect(alice).withdraw(500n * E18)).to.changeTokenBalance(ethers, token, alice, 500n * E18);
      expect(await pool.depositOf(alice.address)).to.equal(500n * E18);
      expect(await pool.totalDeposits()).to.equal(500n * E18);
    });

    it("accrues simple interest per account and repays it all with repay(max)", async function () {
      const { ethers, networkHelpers, token, pool, alice } = await deployLending(variant);
      await pool.connect(alice).deposit(1000n * E18);
      const principal = 500n * E18;
      const t0 = await blockTime(await pool.connect(alice).borrow(principal), ethers);
      await networkHelpers.time.increase(Number(YEAR));
      const repayTx = await pool.connect(alice).repay(MAX);
      const t1 = await blockTime(repayTx, ethers);
      const owed = principal + (principal * RATE * (t1 - t0)) / (YEAR * E18);
      expect(owed).to.be.greaterThan((principal * 11n) / 10n - 1n);
      await expect(repayTx).to.emit(pool, "Repay").withArgs(alice.address, owed);
      await expect(repayTx).to.changeTokenBalance(ethers, token, alice, -owed);
      expect(await pool.debtOf(alice.address)).to.equal(0n);
      expect(await pool.totalBorrows()).to.equal(0n);
      await expect(pool.connect(alice).repay(1n)).to.be.revertedWithCustomError(pool, "RepayTooLarge").withArgs(0n, 1n);
    });

    it("liquidates an account whose debt grew past 85 % of its deposit", async function () {
      const { ethers, networkHelpers, token, pool, alice, bob } = await deployLending(variant);
      await pool.connect(alice).deposit(1000n * E18);
      await pool.connect(alice).borrow(750n * E18);
      await expect(pool.connect(bob).liquidate(alice.address, 100n * E18))
        .to.be.revertedWithCustomError(pool, "NotLiquidatable")
        .withArgs(alice.address);
      expect(await pool.isLiquidatable(alice.address)).to.equal(false);

      // 750 at 10 % a year passes 850 after 1.33 years.
      await networkHelpers.time.increase(Number(2n * YEAR));
      expect(await pool.isLiquidatable(alice.address)).to.equal(true);
      await expect(pool.connect(bob).liquidate(alice.address, 500n * E18)).to.be.revertedWithCustomError(
        pool,
        "RepayTooLarge",
      );

      const repaid = 400n * E18;
      const seized = (repaid * 105n) / 100n;
      const tx = pool.connect(bob).liquidate(alice.address, repaid);
      await expect(tx).to.emit(pool, "Liquidate").withArgs(bob.address, alice.address, repaid, seized);
      await expect(tx).to.changeTokenBalance(ethers, token, bob, seized - repaid);
      expect(await pool.depositOf(alice.address)).to.equal(1000n * E18 - seized);
      expect(await pool.totalDeposits()).to.equal(1000n * E18 - seized);
      // About 900 of debt (750 plus two years at 10 %) minus the 400 repaid.
      const debt = await pool.debtOf(alice.address);
      expect(debt).to.be.greaterThanOrEqual(500n * E18);
      expect(debt).to.be.lessThan(501n * E18);
      expect(await pool.totalBorrows()).to.be.lessThanOrEqual(debt);
    });

    it("mines deposits and borrows of several users in one block with consistent totals", async function () {
      const { provider, pool, signers } = await deployLending(variant);
      const users = signers.slice(0, 4);
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const txs = [];
      for (const [i, user] of users.entries()) txs.push(await pool.connect(user).deposit(BigInt(100 * (i + 1)) * E18));
      await provider.request({ method: "evm_mine", params: [] });
      for (const [i, user] of users.entries()) txs.push(await pool.connect(user).borrow(BigInt(50 * (i + 1)) * E18));
      await provider.request({ method: "evm_mine", params: [] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      const receipts = await Promise.all(txs.map((tx) => tx.wait()));
      expect(receipts.every((r) => r?.status === 1)).to.equal(true);
      expect(new Set(receipts.slice(0, 4).map((r) => r?.blockNumber)).size).to.equal(1);
      expect(new Set(receipts.slice(4).map((r) => r?.blockNumber)).size).to.equal(1);
      expect(await pool.totalDeposits()).to.equal(1000n * E18);
      expect(await pool.totalBorrows()).to.equal(500n * E18);
    });
  });
}

describe("ShardedLendingPool sharding", function () {
  it("keeps each shard's funds in its own vault and totals in partitioned counters", async function () {
    const { token, pool, signers } = await deployLending("ShardedLendingPool");
    const shards = new Map<bigint, bigint>();
    for (const [i, user] of signers.slice(0, 6).entries()) {
      const amount = BigInt(i + 1) * E18;
      await pool.connect(user).deposit(amount);
      const shard = await pool.shardOf(user.address);
      expect(shard).to.equal(BigInt(user.address) % 16n);
      expect(await pool.vaultOf(user.address)).to.equal(await pool.vaults(shard));
      shards.set(shard, (shards.get(shard) ?? 0n) + amount);
    }
    expect(shards.size).to.be.greaterThan(1);
    for (const [shard, amount] of shards) {
      expect(await pool.shardDeposits(shard)).to.equal(amount);
      expect(await token.balanceOf(await pool.vaults(shard))).to.equal(amount);
    }
    expect(await token.balanceOf(await pool.getAddress())).to.equal(0n);
    expect(await pool.totalDeposits()).to.equal(21n * E18);
  });

  it("lets only the pool pay out of a vault", async function () {
    const { ethers, pool, alice } = await deployLending("ShardedLendingPool");
    await pool.connect(alice).deposit(10n * E18);
    const vault = await ethers.getContractAt("LendingVault", await pool.vaultOf(alice.address));
    expect(await vault.pool()).to.equal(await pool.getAddress());
    await expect(vault.connect(alice).pay(alice.address, 1n)).to.be.revertedWith("LendingVault: only the pool");
  });
});

describe("LendingPool vs ShardedLendingPool", function () {
  it("end in the same state after the same scenario", async function () {
    type Step = [user: number, action: "deposit" | "borrow" | "repay" | "withdraw" | "liquidate", amount: bigint];
    const steps: Step[] = [
      [0, "deposit", 1000n * E18],
      [1, "deposit", 2000n * E18],
      [2, "deposit", 500n * E18],
      [0, "borrow", 700n * E18],
      [1, "borrow", 1000n * E18],
      [2, "borrow", 100n * E18],
      [1, "repay", 300n * E18],
      [2, "withdraw", 300n * E18],
      [3, "liquidate", 300n * E18], // user 3 liquidates user 0 after three years
      [1, "repay", MAX],
      [1, "withdraw", 2000n * E18],
    ];
    const results = [];
    for (const variant of VARIANTS) {
      const { networkHelpers, token, pool, signers } = await deployLending(variant);
      let time = 2_000_000_000;
      const events: unknown[] = [];
      for (const [user, action, amount] of steps) {
        const signer = signers[user]!;
        time += action === "liquidate" ? 3 * Number(YEAR) : 3600;
        await networkHelpers.time.setNextBlockTimestamp(time);
        const tx =
          action === "liquidate"
            ? await pool.connect(signer).liquidate(signers[0]!.address, amount)
            : await pool.connect(signer)[action](amount);
        const receipt = await tx.wait();
        for (const log of receipt!.logs) {
          const parsed = pool.interface.parseLog(log);
          if (parsed) events.push([parsed.name, ...parsed.args]);
        }
      }
      const users = signers.slice(0, 4);
      results.push({
        events,
        deposits: await Promise.all(users.map((u) => pool.depositOf(u.address))),
        debts: await Promise.all(users.map((u) => pool.accounts(u.address).then((a: { debt: bigint }) => a.debt))),
        balances: await Promise.all(users.map((u) => token.balanceOf(u.address))),
        totalDeposits: await pool.totalDeposits(),
        totalBorrows: await pool.totalBorrows(),
      });
    }
    const [original, sharded] = results;
    expect(original!.events).to.have.length(steps.length);
    expect(sharded).to.deep.equal(original);
    // user 1 repaid everything and left: only users 0 and 2 still hold debt.
    expect(original!.debts[1]).to.equal(0n);
    expect(original!.deposits[1]).to.equal(0n);
  });
});

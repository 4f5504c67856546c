// Parallelism as assertions: each test sends a few transactions into one block with
// `connection.parallel.mineBlock` and asserts which of them conflict. On `--network parallel` the matchers
// check the block's recorded access sets; on Hardhat's own network the blocks are mined the same way and the
// matchers print once that execution facts are unavailable there, without checking.
import { expect, use } from "chai";
import { network } from "hardhat";
import { parallelChaiMatchers } from "hardhat-parallel/testing";

use(parallelChaiMatchers);

const E18 = 10n ** 18n;

async function connect() {
  const connection = await network.create();
  const signers = await connection.ethers.getSigners();
  return { connection, ethers: connection.ethers, parallel: connection.parallel, signers };
}

describe("Parallelism: NFT minting", function () {
  it("GameNftParallel: mints by different minters share nothing and run in parallel", async function () {
    const { ethers, parallel, signers } = await connect();
    const nft = await ethers.deployContract("GameNftParallel");
    const minters = signers.slice(1, 5);
    const block = await parallel.mineBlock(async () => {
      for (const minter of minters) await nft.connect(minter).mint(minter.address);
    });
    expect(block.receipts.map((r) => r.status)).to.deep.equal(["success", "success", "success", "success"]);
    expect(block).to.runInParallel();
    expect(block).to.haveNoConflictsOn("GameNftParallel");
    if (block.facts !== undefined) {
      // The token id is computed in the contract (minter << 96 | nonce): its mapping slot is decoded from the
      // keccak preimage recorded while the block's transactions are replayed.
      const id = await nft.tokenIdFor(minters[0]!.address, 1n);
      const writes = block.facts.transactions[0]!.writes.map((w) => w.label);
      expect(writes).to.include(`GameNftParallel._owners[${id}]`);
    }
  });

  it("GameNft: every mint reads and bumps nextTokenId, so mints in one block conflict on it", async function () {
    const { ethers, parallel, signers } = await connect();
    const nft = await ethers.deployContract("GameNft");
    const txs: Array<{ hash: string }> = [];
    const block = await parallel.mineBlock(async () => {
      for (const minter of signers.slice(1, 4)) txs.push(await nft.connect(minter).mint(minter.address));
    });
    expect(await nft.nextTokenId()).to.equal(4n);
    expect(block).to.conflictOn("GameNft.nextTokenId");
    expect(block).to.haveNoConflictsOn("GameNft.mintedBy");
    expect(txs.slice(0, 2)).to.not.commute();
  });
});

describe("Parallelism: lending deposits", function () {
  async function depositBlock(variant: "LendingPool" | "ShardedLendingPool") {
    const { ethers, parallel, signers } = await connect();
    const token = await ethers.deployContract("SampleToken");
    const pool = await ethers.deployContract(variant, [await token.getAddress(), E18 / 10n]);
    // Two users whose addresses fall in different shards of the sharded pool (address mod 16).
    const users = signers
      .slice(1)
      .filter((s, i, all) => all.findIndex((o) => BigInt(o.address) % 16n === BigInt(s.address) % 16n) === i)
      .slice(0, 2);
    for (const user of users) {
      await token.mint(user.address, 100n * E18);
      await token.connect(user).approve(await pool.getAddress(), ethers.MaxUint256);
    }
    const block = await parallel.mineBlock(async () => {
      for (const user of users) await pool.connect(user).deposit(10n * E18);
    });
    expect(block.receipts.map((r) => r.status)).to.deep.equal(["success", "success"]);
    expect(await pool.totalDeposits()).to.equal(20n * E18);
    if (block.facts !== undefined) {
      // Decoded labels: the struct field of the depositor's account entry.
      const user = users[0]!.address.toLowerCase();
      const writes = block.facts.transactions[0]!.writes.map((w) => w.label);
      expect(writes).to.include(`${variant}.accounts[${user}].deposited`);
    }
    return block;
  }

  it("LendingPool: deposits conflict on the global totalDeposits and the pool's token balance", async function () {
    const block = await depositBlock("LendingPool");
    expect(block).to.conflictOn("LendingPool.totalDeposits");
    expect(block).to.conflictOn("SampleToken._balances");
    expect(block).to.haveNoConflictsOn("LendingPool.accounts", "LendingPool.accounts[user].deposited");
  });

  it("ShardedLendingPool: deposits of users in different shards run in parallel", async function () {
    const block = await depositBlock("ShardedLendingPool");
    expect(block).to.runInParallel();
    expect(block).to.haveNoConflictsOn("ShardedLendingPool.shardDeposits", "SampleToken._balances");
  });
});

describe("Parallelism: token transfers", function () {
  it("transfers between disjoint pairs commute; two transfers to one recipient conflict on its balance", async function () {
    const { ethers, parallel, signers } = await connect();
    const token = await ethers.deployContract("SampleToken");
    const [, a, b, c, d] = signers;
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error("needs 5 signers");
    for (const holder of [a, b]) await token.mint(holder.address, 100n * E18);
    const disjoint = await parallel.mineBlock(async () => {
      await token.connect(a).transfer(c.address, E18);
      await token.connect(b).transfer(d.address, E18);
    });
    expect(disjoint).to.runInParallel();
    expect([...disjoint.receipts]).to.commute();
    const shared = await parallel.mineBlock(async () => {
      await token.connect(a).transfer(c.address, E18);
      await token.connect(b).transfer(c.address, E18);
    });
    expect(shared).to.conflictOn(`SampleToken._balances[${c.address}]`);
    expect(shared).to.conflictOn("SampleToken._balances[to]");
    expect(shared).to.haveNoConflictsOn(`SampleToken._balances[${a.address}]`, "SampleToken._totalSupply");
    expect(await token.balanceOf(c.address)).to.equal(3n * E18);
  });
});

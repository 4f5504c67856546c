import { expect, use } from "chai";
import type { NetworkConnection } from "hardhat/types/network";

import type { MinedBlock } from "../../src/testing/block-facts.js";
import { parallelChaiMatchers } from "../../src/testing/chai-matchers.js";
import { MineBlockError, ParallelAssertionError } from "../../src/testing/errors.js";
import { compatHre } from "../compat/helpers/compat-pair.js";
import { errorOf } from "../helpers/fixtures.js";

use(parallelChaiMatchers);

interface TokenLike {
  getAddress(): Promise<string>;
  connect(signer: unknown): TokenLike;
  transfer(to: string, amount: bigint, overrides?: Record<string, unknown>): Promise<{ hash: string }>;
}

async function setup(
  network: string,
): Promise<{ connection: NetworkConnection; token: TokenLike; users: string[]; signers: unknown[] }> {
  const hre = await compatHre();
  const connection = await hre.network.create(network);
  const signers = await connection.ethers.getSigners();
  const token = (await connection.ethers.deployContract("Token")) as unknown as TokenLike;
  const users = await Promise.all(signers.slice(0, 6).map((s) => s.getAddress()));
  for (const user of users.slice(1, 4)) await token.transfer(user, 1000n);
  return { connection, token, users: users.map((u) => u.toLowerCase()), signers };
}

describe("testing: mineBlock and the conflict matchers on the parallel network", () => {
  let connection: NetworkConnection;
  let token: TokenLike;
  let users: string[];
  let signers: unknown[];
  const as = (i: number): TokenLike => token.connect(signers[i]);

  before(async () => {
    ({ connection, token, users, signers } = await setup("parallel"));
  });
  after(() => connection.close());

  it("independent transfers: one block, no conflicts, decoded labels with source lines", async () => {
    const before = await connection.ethers.provider.getBlockNumber();
    const block = await connection.parallel.mineBlock(async () => {
      await as(1).transfer(users[4] ?? "", 1n);
      await as(2).transfer(users[5] ?? "", 1n);
    });
    expect(block.number).to.equal(BigInt(before + 1));
    expect(block.receipts.map((r) => r.status)).to.deep.equal(["success", "success"]);
    expect(block.facts?.transactions.map((t) => `${t.contract}.${t.function}`)).to.deep.equal([
      "Token.transfer",
      "Token.transfer",
    ]);
    const writes = block.facts?.transactions[0]?.writes.map((w) => w.label) ?? [];
    expect(writes).to.include(`Token._balances[${users[1]}]`).and.include(`Token._balances[${users[4]}]`);
    const access = block.facts?.transactions[0]?.writes.find((w) => w.label === `Token._balances[${users[4]}]`);
    expect(access?.at).to.match(/ERC20\.sol:\d+$/);
    expect(access?.declaration).to.match(/ERC20\.sol:\d+$/);
    expect(block).to.runInParallel();
    expect(block.receipts).to.have.length(2);
    expect([block.receipts[0], block.receipts[1]]).to.commute();
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });

  it("two transfers to one account conflict on its balance; the failure names location, functions and lines", async () => {
    const block = await connection.parallel.mineBlock(async () => {
      await as(1).transfer(users[5] ?? "", 1n);
      await as(2).transfer(users[5] ?? "", 1n);
    });
    expect(block).to.conflictOn(`Token._balances[${users[5]}]`);
    expect(block).to.conflictOn("Token._balances[to]");
    expect(block).to.conflictOn("Token._balances");
    expect(block).to.haveNoConflictsOn("Token._totalSupply", `Token._balances[${users[1]}]`);
    expect(block).to.not.runInParallel();
    expect([...block.receipts]).to.not.commute();
    const order = await errorOf(async () => expect([...block.receipts]).to.commute());
    expect(order.message).to.include(
      `their order matters on:\n  - Token._balances[${users[5]}]: tx 0 (Token.transfer) and tx 1 (Token.transfer)`,
    );
    const error = await errorOf(async () => expect(block).to.runInParallel());
    expect(error.message).to.match(
      new RegExp(
        `Token\\._balances\\[${users[5]}\\] \\(declared at .*ERC20\\.sol:\\d+\\): ` +
          "written by tx 0 \\(Token\\.transfer\\) at .*ERC20\\.sol:\\d+, read by tx 1 \\(Token\\.transfer\\) at .*ERC20\\.sol:\\d+",
      ),
    );
    // Both sides are `_balances[to] += value`: the site is chosen by the mapping key (the `to` parameter).
    const location = block.facts?.conflicts[0]?.locations[0];
    expect(location?.readAt).to.equal(location?.writtenAt);
    expect((await errorOf(async () => expect(block).to.conflictOn("Token._totalSupply"))).message).to.include(
      `its conflicts are only on Token._balances[${users[5]}]`,
    );
  });

  it("an unknown label is refused with the names that exist", async () => {
    const block = await connection.parallel.mineBlock(() => as(1).transfer(users[4] ?? "", 1n));
    const error = await errorOf(async () => expect(block).to.conflictOn("Token._balancez[to]"));
    expect(error).to.be.instanceOf(ParallelAssertionError);
    expect(error.message).to.match(/unknown label "Token\._balancez\[to\]".*Use one of: .*Token\._balances/);
    expect((await errorOf(async () => expect(block).to.haveNoConflictsOn("Tokn"))).message).to.match(/unknown label/);
  });

  it("a reverting transaction with an explicit gas limit is mined in the block", async () => {
    const block = await connection.parallel.mineBlock(async () => {
      await as(1).transfer(users[4] ?? "", 1n);
      await as(4).transfer(users[1] ?? "", 10n ** 30n, { gasLimit: 200_000 });
    });
    expect(block.receipts.map((r) => r.status)).to.deep.equal(["success", "reverted"]);
    expect(block.facts?.transactions[1]?.status).to.equal("reverted");
  });

  it("nested mineBlock: clear error, nothing mined, automine restored", async () => {
    const before = await connection.ethers.provider.getBlockNumber();
    const error = await errorOf(() =>
      connection.parallel.mineBlock(async () => {
        await as(1).transfer(users[4] ?? "", 1n);
        await connection.parallel.mineBlock(() => as(2).transfer(users[4] ?? "", 1n));
      }),
    );
    expect(error).to.be.instanceOf(MineBlockError);
    expect(error.message).to.match(/inside another mineBlock on the same connection/);
    expect(error.message).to.match(/1 transaction\(s\) it had sent were dropped and automine is restored/);
    expect(await connection.ethers.provider.getBlockNumber()).to.equal(before);
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
    // The chain goes on as before: the next transaction is mined at once.
    await as(1).transfer(users[4] ?? "", 1n);
    expect(await connection.ethers.provider.getBlockNumber()).to.equal(before + 1);
  });

  it("a send failing inside the callback: clear error naming the fix, sent transactions dropped, automine restored", async () => {
    const before = await connection.ethers.provider.getBlockNumber();
    const nonce = await connection.ethers.provider.getTransactionCount(users[1] ?? "");
    const error = await errorOf(() =>
      connection.parallel.mineBlock(async () => {
        await as(1).transfer(users[4] ?? "", 1n);
        await as(4).transfer(users[1] ?? "", 10n ** 30n);
      }),
    );
    expect(error).to.be.instanceOf(MineBlockError);
    expect(error.message).to.match(/callback threw before the block was mined/);
    expect(error.message).to.match(/explicit gas limit/);
    expect(await connection.ethers.provider.getBlockNumber()).to.equal(before);
    expect(await connection.ethers.provider.getTransactionCount(users[1] ?? "", "pending")).to.equal(nonce);
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });

  it("awaiting tx.wait() inside the callback: clear error instead of a hang, nothing mined", async () => {
    const before = await connection.ethers.provider.getBlockNumber();
    const error = await errorOf(() =>
      connection.parallel.mineBlock(async () => {
        const tx = (await as(1).transfer(users[4] ?? "", 1n)) as unknown as { wait(): Promise<unknown> };
        await tx.wait();
      }),
    );
    expect(error).to.be.instanceOf(MineBlockError);
    expect(error.message).to.match(/waited for the receipt of 0x[0-9a-f]{64}/);
    expect(error.message).to.match(/drop `\.wait\(\)`/);
    expect(await connection.ethers.provider.getBlockNumber()).to.equal(before);
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });

  it("parallel_getTransactionAccesses answers the same labels as the block's facts", async () => {
    const block: MinedBlock = await connection.parallel.mineBlock(() => as(3).transfer(users[5] ?? "", 2n));
    const hash = block.receipts[0]?.hash;
    const answer = (await connection.provider.request({
      method: "parallel_getTransactionAccesses",
      params: [hash],
    })) as { function: string; writes: Array<{ label: string }> };
    expect(answer.function).to.equal("transfer");
    expect(answer.writes.map((w) => w.label)).to.deep.equal(block.facts?.transactions[0]?.writes.map((w) => w.label));
    const unknown = `0x${"ab".repeat(32)}`;
    expect(
      await connection.provider.request({ method: "parallel_getTransactionAccesses", params: [unknown] }),
    ).to.equal(null);
  });

  it("labels the storage of a contract a factory created by the code it left (Compat.create's Child)", async () => {
    const compat = (await connection.ethers.deployContract("Compat")) as unknown as {
      create(initial: bigint): Promise<{ hash: string; wait(): Promise<unknown> }>;
    };
    const sent = await compat.create(7n);
    await sent.wait();
    const answer = (await connection.provider.request({
      method: "parallel_getTransactionAccesses",
      params: [sent.hash],
    })) as { writes: Array<{ label: string }> };
    expect(answer.writes.map((w) => w.label)).to.include("Child.value");
  });
});

describe("testing: mineBlock on Hardhat's own network (no execution facts)", () => {
  let connection: NetworkConnection;
  let token: TokenLike;
  let users: string[];
  let signers: unknown[];

  before(async () => {
    ({ connection, token, users, signers } = await setup("default"));
  });
  after(() => connection.close());

  it("mines the transactions in one block, says why facts are unavailable, and the matchers skip", async () => {
    const block = await connection.parallel.mineBlock(async () => {
      await token.connect(signers[1]).transfer(users[5] ?? "", 1n);
      await token.connect(signers[2]).transfer(users[5] ?? "", 1n);
    });
    expect(block.receipts.map((r) => r.status)).to.deep.equal(["success", "success"]);
    expect(new Set(block.receipts.map((r) => r.raw.blockNumber)).size).to.equal(1);
    expect(block.facts).to.equal(undefined);
    expect(block.unavailable).to.match(/not served by hardhat-parallel.*--network parallel/);
    expect(block).to.runInParallel(); // skipped, not checked: printed once
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });

  it("awaiting tx.wait() inside the callback is refused there too", async () => {
    const error = await errorOf(() =>
      connection.parallel.mineBlock(async () => {
        const tx = (await token.connect(signers[1]).transfer(users[5] ?? "", 1n)) as unknown as {
          wait(): Promise<unknown>;
        };
        await tx.wait();
      }),
    );
    expect(error.message).to.match(/waited for the receipt/);
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });

  it("a nested mineBlock is refused there too, automine restored", async () => {
    const error = await errorOf(() =>
      connection.parallel.mineBlock(() => connection.parallel.mineBlock(() => undefined)),
    );
    expect(error.message).to.match(/inside another mineBlock/);
    expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(true);
  });
});

import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";

import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { balanceKey } from "../../../src/runtime/vocabulary.js";
import { bytecodeOf, compatHre } from "../../compat/helpers/compat-pair.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const COINBASE = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";
const token = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);

/** OpenZeppelin's `_balances` mapping sits at slot 0: keccak256(pad(holder) ‖ pad(0)). */
const balanceSlot = (holder: string): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [holder, 0]));
const word = (n: bigint): string => `0x${n.toString(16).padStart(64, "0")}`;

interface AccountEntry {
  address: string;
  balanceChanges: Array<{ index: string; value: string }>;
  nonceChanges: Array<{ index: string; value: string }>;
  codeChanges: unknown[];
  storageChanges: Array<{ key: string; changes: Array<{ index: string; value: string }> }>;
  storageReads: string[];
}

describe("runtime/rpc: debug_getBlockAccessList of an ERC20 transfer", () => {
  let provider: ParallelProvider;
  let tokenAddress: string;
  const amount = 12_345n * 10n ** 18n;
  const minted = 1_000_000n * 10n ** 18n;

  before(async () => {
    await compatHre(); // compiles the fixture's Token (OpenZeppelin ERC20)
    provider = await ParallelProvider.create({ log: () => undefined });
    const deploy = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, data: bytecodeOf("Token.sol", "Token") }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
      contractAddress: string;
    };
    tokenAddress = receipt.contractAddress;
    // A coinbase that exists before the block, so the fee can be a lazy delta.
    await provider.request({ method: "hardhat_setBalance", params: [COINBASE, "0x1"] });
    const data = token.encodeFunctionData("transfer", [BOB, amount]);
    await provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: tokenAddress, data }] });
  });
  after(() => provider.close());

  async function list(): Promise<Map<string, AccountEntry>> {
    const entries = (await provider.request({
      method: "debug_getBlockAccessList",
      params: ["latest"],
    })) as AccountEntry[];
    return new Map(entries.map((e) => [e.address, e]));
  }

  it("records the sender's and recipient's balance slots with their post values", async () => {
    const tokenEntry = (await list()).get(tokenAddress);
    expect(tokenEntry?.storageChanges).to.deep.equal(
      [
        { key: balanceSlot(ALICE), changes: [{ index: "0x1", value: word(minted - amount) }] },
        { key: balanceSlot(BOB), changes: [{ index: "0x1", value: word(amount) }] },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    expect(tokenEntry?.balanceChanges).to.deep.equal([]);
    expect(tokenEntry?.nonceChanges).to.deep.equal([]);
    for (const holder of [ALICE, BOB]) {
      const stored = await provider.request({
        method: "eth_getStorageAt",
        params: [tokenAddress, balanceSlot(holder)],
      });
      const post = tokenEntry?.storageChanges.find((c) => c.key === balanceSlot(holder))?.changes[0]?.value;
      expect(post).to.equal(stored);
    }
  });

  it("records the sender's nonce and balance, matching the state after the block", async () => {
    const alice = (await list()).get(ALICE);
    const nonce = await provider.request({ method: "eth_getTransactionCount", params: [ALICE, "latest"] });
    const balance = await provider.request({ method: "eth_getBalance", params: [ALICE, "latest"] });
    expect(alice?.nonceChanges).to.deep.equal([{ index: "0x1", value: nonce }]);
    expect(alice?.balanceChanges).to.deep.equal([{ index: "0x1", value: balance }]);
    expect(nonce).to.equal("0x2");
  });

  it("the recipient account itself is untouched: only its token slot changes", async () => {
    expect((await list()).has(BOB)).to.equal(false);
  });

  it("pays the coinbase fee as a delta: no read or write of the coinbase balance, exact post balance", async () => {
    const executed = provider.chain.latest.executed[0];
    if (executed === undefined) throw new Error("the block has no transaction");
    const key = balanceKey(COINBASE);
    expect(executed.access.reads.has(key)).to.equal(false);
    expect(executed.access.writes.has(key)).to.equal(false);
    expect(executed.access.deltas.get(key)).to.be.a("bigint");
    const coinbase = (await list()).get(COINBASE);
    const balance = await provider.request({ method: "eth_getBalance", params: [COINBASE, "latest"] });
    expect(coinbase?.balanceChanges).to.deep.equal([{ index: "0x1", value: balance }]);
    expect(BigInt(String(balance))).to.equal(1n + (executed.access.deltas.get(key) ?? 0n));
  });

  it("lists exactly the sender, the token and the coinbase", async () => {
    expect([...(await list()).keys()].sort()).to.deep.equal([ALICE, tokenAddress, COINBASE].sort());
  });
});

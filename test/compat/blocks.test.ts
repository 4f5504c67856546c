import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, BOB, CompatPair, pick } from "./helpers/compat-pair.js";

const compat = new Interface(["function increment()", "function burn(uint256 rounds)"]);

/** Block fields that must be equal on both networks (hashes, roots of state and randomness differ by design). */
const BLOCK_FIELDS = [
  "number",
  "gasUsed",
  "gasLimit",
  "baseFeePerGas",
  "transactions",
  "miner",
  "transactionsRoot",
  "receiptsRoot",
  "logsBloom",
  "sha3Uncles",
  "difficulty",
  "nonce",
  "uncles",
  "withdrawals",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "requestsHash",
];

const EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

type Block = Record<string, unknown> & { hash: string; transactions: unknown[] };

describe("compat: blocks, fees and identity", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  it("answers the same identity, accounts and fee suggestions", async () => {
    for (const method of ["eth_chainId", "net_version", "eth_accounts", "eth_blockNumber"]) {
      const [a, b] = await pair.results(method);
      expect(b, method).to.deep.equal(a);
    }
    for (const method of ["eth_gasPrice", "eth_maxPriorityFeePerGas"]) {
      const [a, b] = await pair.results(method);
      expect(b, method).to.equal(a);
    }
    // EDR does not implement eth_requestAccounts (EIP-1102); the parallel network answers eth_accounts' list.
    const [accounts] = await pair.results("eth_accounts");
    expect(await pair.parallel.provider.request({ method: "eth_requestAccounts" })).to.deep.equal(accounts);
    const [balanceA, balanceB] = await pair.results("eth_getBalance", [BOB, "earliest"]);
    expect(balanceB).to.equal(balanceA);
    expect(balanceA).to.equal("0x21e19e0c9bab2400000");
  });

  it("has the same genesis block fields", async () => {
    const [a, b] = await pair.results("eth_getBlockByNumber", ["0x0", false]);
    // Hardhat's genesis carries keccak256("") as transactionsRoot (an empty mined block has the empty trie's).
    expect(pick(b, BLOCK_FIELDS)).to.deep.equal(pick(a, BLOCK_FIELDS));
    expect((b as Block).transactionsRoot).to.not.equal(EMPTY_TRIE_ROOT);
  });

  it("evolves gasUsed and baseFeePerGas the same over blocks of different sizes", async () => {
    const [deployA] = await pair.results("eth_blockNumber");
    expect(deployA).to.equal("0x0");
    const target = await pair.deploy("Compat.sol", "Compat");
    const sends: Array<Record<string, unknown>> = [
      { from: ALICE, to: BOB, value: "0x1" },
      { from: ALICE, to: target, data: compat.encodeFunctionData("burn", [200]) },
      { from: BOB, to: target, data: compat.encodeFunctionData("increment") },
    ];
    for (const tx of sends) await pair.transact(tx);
    await pair.results("hardhat_mine", ["0x3"]);
    const [latest] = await pair.results("eth_blockNumber");
    for (let n = 1; n <= Number(latest); n++) {
      const [a, b] = await pair.results("eth_getBlockByNumber", [`0x${n.toString(16)}`, true]);
      expect(pick(stripTxHashes(b), BLOCK_FIELDS), `block ${n}`).to.deep.equal(pick(stripTxHashes(a), BLOCK_FIELDS));
    }
    const [historyA, historyB] = await pair.results("eth_feeHistory", ["0x5", "latest", [10, 50, 90]]);
    expect(historyB).to.deep.equal(historyA);
    for (const method of ["eth_gasPrice", "eth_maxPriorityFeePerGas"]) {
      const [a, b] = await pair.results(method);
      expect(b, method).to.equal(a);
    }
  });

  it("finds blocks by hash and counts their transactions", async () => {
    await pair.transact({ from: ALICE, to: BOB, value: "0x1" });
    const [a, b] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Block[];
    if (a === undefined || b === undefined) throw new Error("no latest block");
    const byHashA = await pair.edr.provider.request({ method: "eth_getBlockByHash", params: [a.hash, false] });
    const byHashB = await pair.parallel.provider.request({ method: "eth_getBlockByHash", params: [b.hash, false] });
    expect(byHashA).to.deep.equal(a);
    expect(byHashB).to.deep.equal(b);
    const countA = await pair.edr.provider.request({ method: "eth_getBlockTransactionCountByHash", params: [a.hash] });
    const countB = await pair.parallel.provider.request({
      method: "eth_getBlockTransactionCountByHash",
      params: [b.hash],
    });
    expect([countB]).to.deep.equal([countA]);
    const [byNumberA, byNumberB] = await pair.results("eth_getBlockTransactionCountByNumber", ["latest"]);
    expect(byNumberB).to.equal(byNumberA);
    const unknown = `0x${"12".repeat(32)}`;
    const [missingA, missingB] = await pair.results("eth_getBlockByHash", [unknown, false]);
    expect([missingA, missingB]).to.deep.equal([null, null]);
    const [futureA, futureB] = await pair.results("eth_getBlockByNumber", ["0x99", false]);
    expect([futureA, futureB]).to.deep.equal([null, null]);
  });

  it("counts nonces per tag, including pending ones", async () => {
    await pair.results("evm_setAutomine", [false]);
    await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
    for (const tag of ["latest", "pending", "earliest"]) {
      const [a, b] = await pair.results("eth_getTransactionCount", [ALICE, tag]);
      expect(b, tag).to.equal(a);
    }
  });
});

function stripTxHashes(block: unknown): Record<string, unknown> {
  const b = block as Block;
  const transactions = b.transactions.map((t) => pick(t, ["hash", "from", "to", "nonce", "gas", "value", "input"]));
  return { ...b, transactions };
}

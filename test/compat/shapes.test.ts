import { expect } from "chai";
import { Interface, keccak256 } from "ethers";

import { ALICE, BOB, CompatPair, pick } from "./helpers/compat-pair.js";

const target = new Interface([
  "function poke(uint256 key, uint256 value)",
  "function shout(uint256 key, uint256 value)",
]);
const word = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;
/** Drops the block hashes, which differ by design (docs/COMPATIBILITY.md). */
function withoutBlockHash(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlockHash);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "blockHash")
      .map(([k, v]) => [k, withoutBlockHash(v)]),
  );
}

describe("compat: shapes of transactions, receipts, logs and block parameters", () => {
  let pair: CompatPair;
  let contract: string;
  const hashes: string[] = [];

  before(async () => {
    pair = await CompatPair.open();
    contract = await pair.deploy("FuzzTarget.sol", "FuzzTarget");
    const accessList = [{ address: contract, storageKeys: [word(1)] }];
    for (const tx of [
      { from: ALICE, to: BOB, value: "0x1", gasPrice: "0x77359400", type: "0x0" },
      {
        from: ALICE,
        to: contract,
        data: target.encodeFunctionData("poke", [1, 2]),
        gasPrice: "0x77359400",
        accessList,
      },
      { from: ALICE, to: contract, data: target.encodeFunctionData("poke", [1, 3]), accessList },
      { from: ALICE, to: contract, data: target.encodeFunctionData("shout", [1, 4]) },
      { from: ALICE, data: "0x60006000fd", gas: "0x30000" },
    ]) {
      // Pinned block times: each network reads its wall clock, and a second may pass between the two.
      await pair.results("evm_setNextBlockTimestamp", [2_000_000_000 + hashes.length]);
      const [a, b] = await pair.results("eth_sendTransaction", [tx]).catch(async () => {
        const [ha] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<{
          transactions: string[];
        }>;
        return [ha?.transactions[0], ha?.transactions[0]];
      });
      expect(b).to.equal(a);
      hashes.push(String(a));
    }
  });
  after(() => pair.close());

  it("transaction objects: access lists, no yParity, no chainId on legacy transactions", async () => {
    for (const hash of hashes) {
      const [a, b] = await pair.results("eth_getTransactionByHash", [hash]);
      expect(withoutBlockHash(b), hash).to.deep.equal(withoutBlockHash(a));
    }
    const [legacy] = await pair.results("eth_getTransactionByHash", [hashes[0]]);
    expect(legacy).to.not.have.property("chainId");
    const [withList] = (await pair.results("eth_getTransactionByHash", [hashes[1]])) as Array<{ accessList: unknown }>;
    expect(withList?.accessList).to.deep.equal([{ address: contract, storageKeys: [word(1)] }]);
  });

  it("receipts: logs with blockTimestamp, no contractAddress on a failed creation", async () => {
    for (const hash of hashes) {
      const [a, b] = await pair.results("eth_getTransactionReceipt", [hash]);
      expect(withoutBlockHash(b), hash).to.deep.equal(withoutBlockHash(a));
    }
    const [poke] = (await pair.results("eth_getTransactionReceipt", [hashes[1]])) as Array<{ logs: unknown[] }>;
    expect(poke?.logs[0]).to.have.property("blockTimestamp");
    const [failed] = await pair.results("eth_getTransactionReceipt", [hashes[4]]);
    expect(pick(failed, ["status"])).to.deep.equal({ status: "0x0" });
  });

  it("eth_getLogs: a null topic position needs a topic there (anonymous logs have fewer), toBlock above the head", async () => {
    for (const filter of [
      { fromBlock: "0x0", topics: [null, null] },
      { fromBlock: "0x0", topics: [null] },
      { fromBlock: "0x0", toBlock: "0x99" },
      { fromBlock: "0x0", topics: [word(1)] },
    ]) {
      const [a, b] = await pair.results("eth_getLogs", [filter]);
      expect(withoutBlockHash(b), JSON.stringify(filter)).to.deep.equal(withoutBlockHash(a));
    }
    const [twoTopics] = (await pair.results("eth_getLogs", [
      { fromBlock: "0x0", topics: [null, null] },
    ])) as unknown[][];
    expect(twoTopics).to.have.length(2); // the two Poked logs, not the anonymous one
  });

  it("block numbers as plain JSON numbers where EDR takes them, refused where it refuses them", async () => {
    for (const [method, params] of [
      ["eth_getBlockByNumber", [1, false]],
      ["eth_getBlockTransactionCountByNumber", [2]],
      ["eth_getTransactionByBlockNumberAndIndex", [3, "0x0"]],
    ] as const) {
      const [a, b] = await pair.results(method, [...params]);
      expect(pick(b, ["number", "hash"]) !== undefined).to.equal(true);
      expect(withoutBlockHash(normaliseBlock(b))).to.deep.equal(withoutBlockHash(normaliseBlock(a)));
    }
    const { edr, parallel } = await pair.both("eth_getBalance", [ALICE, 1]);
    expect([edr.ok, parallel.ok]).to.deep.equal([false, false]);
    expect(parallel.ok ? undefined : parallel.code).to.equal(edr.ok ? undefined : edr.code);
  });

  it("eth_getTransactionByBlockHashAndIndex, eth_blobBaseFee, web3_sha3", async () => {
    const [blockA, blockB] = (await pair.results("eth_getBlockByNumber", ["0x2", false])) as Array<{ hash: string }>;
    const a = await pair.edr.provider.request({
      method: "eth_getTransactionByBlockHashAndIndex",
      params: [blockA?.hash, "0x0"],
    });
    const b = await pair.parallel.provider.request({
      method: "eth_getTransactionByBlockHashAndIndex",
      params: [blockB?.hash, "0x0"],
    });
    expect(withoutBlockHash(b)).to.deep.equal(withoutBlockHash(a));
    expect(a).to.not.equal(null);
    const [feeA, feeB] = await pair.results("eth_blobBaseFee");
    expect(feeB).to.equal(feeA);
    const [shaA, shaB] = await pair.results("web3_sha3", ["0x68656c6c6f"]);
    expect([shaA, shaB]).to.deep.equal([keccak256("0x68656c6c6f"), keccak256("0x68656c6c6f")]);
  });
});

/** A block without the fields that differ by design (hashes, state root, random mixHash, size). */
function normaliseBlock(value: unknown): unknown {
  if (value === null || typeof value !== "object" || !("parentHash" in value)) return value;
  const o = { ...(value as Record<string, unknown>) };
  for (const key of ["hash", "parentHash", "stateRoot", "mixHash", "parentBeaconBlockRoot", "extraData", "size"])
    delete o[key];
  return o;
}

import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, BOB, CAROL, CompatPair, comparableReceipt, pick, type Receipt } from "./helpers/compat-pair.js";

const compat = new Interface(["function increment()", "function counter() view returns (uint256)"]);
const STRANGER = "0x1234567890123456789012345678901234567890";
const TS = 2_000_000_000;

type Block = Record<string, unknown> & { transactions: string[]; timestamp: string };

async function latestBlocks(pair: CompatPair): Promise<[Block, Block]> {
  return (await pair.results("eth_getBlockByNumber", ["latest", false])) as [Block, Block];
}

describe("compat: evm_* and hardhat_* methods", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  it("evm_revert of a consumed or unknown id answers false and drops the snapshots taken after it, as EDR does", async () => {
    // Found by fuzz:compat (seeds 20549, 20728, 20769). Each side uses its own ids (EDR's counter is its own).
    const ids: [string[], string[]] = [[], []];
    const seen: [unknown[], unknown[]] = [[], []];
    const steps: Array<[string, (own: readonly string[]) => unknown[]]> = [
      ["evm_snapshot", () => []],
      ["evm_revert", (own) => [own[0]]],
      ["evm_snapshot", () => []],
      ["evm_snapshot", () => []],
      ["evm_revert", (own) => [own[0]]],
      ["evm_revert", (own) => [own[2]]],
      ["evm_revert", (own) => [own[1]]],
    ];
    for (const [method, params] of steps) {
      for (const [side, provider] of [pair.edr.provider, pair.parallel.provider].entries()) {
        const own = ids[side as 0 | 1];
        const answer = await provider.request({ method, params: params(own) });
        if (method === "evm_snapshot") own.push(String(answer));
        else seen[side as 0 | 1].push(answer);
      }
    }
    expect(seen[0]).to.deep.equal([true, false, false, false]);
    expect(seen[1]).to.deep.equal(seen[0]);
  });

  it("evm_snapshot / evm_revert restore blocks, balances and storage", async () => {
    const target = await pair.deploy("Compat.sol", "Compat");
    // Snapshot ids are opaque; EDR's counter does not start at 1 (docs/COMPATIBILITY.md).
    const [snapA, snapB] = await pair.results("evm_snapshot");
    await pair.transact({ from: ALICE, to: target, data: compat.encodeFunctionData("increment") });
    await pair.transact({ from: ALICE, to: BOB, value: "0x100" });
    const revertA = await pair.edr.provider.request({ method: "evm_revert", params: [snapA] });
    const revertB = await pair.parallel.provider.request({ method: "evm_revert", params: [snapB] });
    expect([revertA, revertB]).to.deep.equal([true, true]);
    const again = await pair.parallel.provider.request({ method: "evm_revert", params: [snapB] });
    expect(again).to.equal(false);
    for (const [method, params] of [
      ["eth_blockNumber", []],
      ["eth_getBalance", [BOB, "latest"]],
      ["eth_getStorageAt", [target, "0x0", "latest"]],
      ["eth_getTransactionCount", [ALICE, "latest"]],
    ] as Array<[string, unknown[]]>) {
      const [a, b] = await pair.results(method, params);
      expect(b, method).to.deep.equal(a);
    }
  });

  it("mines several transactions in one block with automine off (evm_mine), as EDR does", async () => {
    const target = await pair.deploy("Compat.sol", "Compat");
    await pair.results("evm_setAutomine", [false]);
    const [autoA, autoB] = await pair.results("hardhat_getAutomine");
    expect([autoA, autoB]).to.deep.equal([false, false]);
    const hashes: Array<[unknown, unknown]> = [];
    for (const from of [ALICE, BOB, CAROL]) {
      const data = compat.encodeFunctionData("increment");
      hashes.push(await pair.results("eth_sendTransaction", [{ from, to: target, data, gas: "0x20000" }]));
    }
    const [pendingA, pendingB] = await pair.results("eth_getTransactionByHash", [hashes[0]?.[0]]);
    expect(pick(pendingB, ["blockNumber", "nonce", "from"])).to.deep.equal(
      pick(pendingA, ["blockNumber", "nonce", "from"]),
    );
    await pair.results("evm_mine");
    const [a, b] = await latestBlocks(pair);
    expect(b.transactions).to.deep.equal(a.transactions);
    expect(a.transactions).to.have.length(3);
    for (const hash of a.transactions) {
      const [ra, rb] = (await pair.results("eth_getTransactionReceipt", [hash])) as [Receipt, Receipt];
      expect(comparableReceipt(rb)).to.deep.equal(comparableReceipt(ra));
    }
  });

  it("hardhat_mine, evm_setNextBlockTimestamp, evm_increaseTime and evm_mine with a timestamp", async () => {
    await pair.results("evm_setNextBlockTimestamp", [TS]);
    await pair.results("evm_mine");
    const [a1, b1] = await latestBlocks(pair);
    expect([Number(a1.timestamp), Number(b1.timestamp)]).to.deep.equal([TS, TS]);
    await pair.results("hardhat_mine", ["0x5", "0x3c"]);
    const [a2, b2] = await latestBlocks(pair);
    expect(pick(b2, ["number", "timestamp"])).to.deep.equal(pick(a2, ["number", "timestamp"]));
    const [incA, incB] = await pair.results("evm_increaseTime", [3600]);
    expect(incB).to.equal(incA);
    await pair.results("evm_mine", [TS + 10_000]);
    const [a3, b3] = await latestBlocks(pair);
    expect(pick(b3, ["number", "timestamp"])).to.deep.equal(pick(a3, ["number", "timestamp"]));
    const low = await pair.both("evm_setNextBlockTimestamp", [TS]);
    expect([low.edr.ok, low.parallel.ok]).to.deep.equal([false, false]);
    expect(low.parallel.ok ? 0 : low.parallel.code).to.equal(low.edr.ok ? 0 : low.edr.code);
  });

  it("hardhat_setBalance, setCode, setNonce and setStorageAt change state the same way", async () => {
    const target = await pair.deploy("Compat.sol", "Compat");
    const [code] = await pair.results("eth_getCode", [target, "latest"]);
    const edits: Array<[string, unknown[]]> = [
      ["hardhat_setBalance", [STRANGER, "0x1000000000000000000"]],
      ["hardhat_setCode", [STRANGER, code]],
      ["hardhat_setNonce", [STRANGER, "0x7"]],
      ["hardhat_setStorageAt", [STRANGER, "0x0", `0x${"0".repeat(62)}2a`]],
    ];
    for (const [method, params] of edits) {
      const [a, b] = await pair.results(method, params);
      expect(b, method).to.equal(a);
    }
    const reads: Array<[string, unknown[]]> = [
      ["eth_getBalance", [STRANGER, "latest"]],
      ["eth_getCode", [STRANGER, "latest"]],
      ["eth_getTransactionCount", [STRANGER, "latest"]],
      ["eth_getStorageAt", [STRANGER, "0x0", "latest"]],
      ["eth_call", [{ to: STRANGER, data: compat.encodeFunctionData("counter") }, "latest"]],
    ];
    for (const [method, params] of reads) {
      const [a, b] = await pair.results(method, params);
      expect(b, method).to.equal(a);
    }
    const lower = await pair.both("hardhat_setNonce", [STRANGER, "0x1"]);
    expect([lower.edr.ok, lower.parallel.ok]).to.deep.equal([false, false]);
  });

  it("impersonates an account, then stops", async () => {
    await pair.results("hardhat_setBalance", [STRANGER, "0x1000000000000000000"]);
    const refused = await pair.both("eth_sendTransaction", [{ from: STRANGER, to: BOB, value: "0x1" }]);
    expect([refused.edr.ok, refused.parallel.ok]).to.deep.equal([false, false]);
    await pair.results("hardhat_impersonateAccount", [STRANGER]);
    const [a, b] = await pair.transact({ from: STRANGER, to: BOB, value: "0x1" });
    expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    const [stopA, stopB] = await pair.results("hardhat_stopImpersonatingAccount", [STRANGER]);
    expect(stopB).to.equal(stopA);
    const again = await pair.both("eth_sendTransaction", [{ from: STRANGER, to: BOB, value: "0x1" }]);
    expect([again.edr.ok, again.parallel.ok]).to.deep.equal([false, false]);
  });

  it("hardhat_setCoinbase, setNextBlockBaseFeePerGas, setPrevRandao and evm_setBlockGasLimit shape the next block", async () => {
    const randao = `0x${"5a".repeat(32)}`;
    for (const [method, params] of [
      ["hardhat_setCoinbase", [CAROL]],
      ["hardhat_setNextBlockBaseFeePerGas", ["0x12345678"]],
      ["hardhat_setPrevRandao", [randao]],
      ["evm_setBlockGasLimit", ["0x1c9c380"]],
    ] as Array<[string, unknown[]]>) {
      const [a, b] = await pair.results(method, params);
      expect(b, method).to.equal(a);
    }
    const [ra, rb] = await pair.transact({ from: ALICE, to: BOB, value: "0x1" });
    expect(comparableReceipt(rb)).to.deep.equal(comparableReceipt(ra));
    const [a, b] = await latestBlocks(pair);
    const fields = ["miner", "baseFeePerGas", "gasLimit", "mixHash"];
    expect(pick(b, fields)).to.deep.equal(pick(a, fields));
    expect(b.mixHash).to.equal(randao);
    const [coinbaseA, coinbaseB] = await pair.results("eth_getBalance", [CAROL, "latest"]);
    expect(coinbaseB).to.equal(coinbaseA);
  });

  it("hardhat_dropTransaction removes a pending transaction, not a mined one", async () => {
    await pair.results("evm_setAutomine", [false]);
    const [hashA, hashB] = await pair.results("eth_sendTransaction", [
      { from: ALICE, to: BOB, value: "0x1", gas: "0x5208" },
    ]);
    expect(hashB).to.equal(hashA);
    const [dropA, dropB] = await pair.results("hardhat_dropTransaction", [hashA]);
    expect([dropA, dropB]).to.deep.equal([true, true]);
    const [goneA, goneB] = await pair.results("eth_getTransactionByHash", [hashA]);
    expect([goneA, goneB]).to.deep.equal([null, null]);
    await pair.results("evm_setAutomine", [true]);
    const [minedA] = await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
    const mined = await pair.both("hardhat_dropTransaction", [minedA]);
    expect([mined.edr.ok, mined.parallel.ok]).to.deep.equal([false, false]);
  });

  it("evm_setIntervalMining mines blocks on a timer", async () => {
    await pair.results("evm_setAutomine", [false]);
    await pair.results("evm_setIntervalMining", [100]);
    await new Promise((resolve) => setTimeout(resolve, 450));
    await pair.results("evm_setIntervalMining", [0]);
    const [a, b] = await pair.results("eth_blockNumber");
    expect(Number(a)).to.be.greaterThan(1);
    expect(Number(b)).to.be.greaterThan(1);
  });

  it("hardhat_metadata and hardhat_reset", async () => {
    await pair.results("hardhat_mine", ["0x3"]);
    const [a, b] = (await pair.results("hardhat_metadata")) as Array<Record<string, unknown>>;
    expect(pick(b, ["chainId", "latestBlockNumber"])).to.deep.equal(pick(a, ["chainId", "latestBlockNumber"]));
    expect(Object.keys(b ?? {}).sort()).to.deep.equal(Object.keys(a ?? {}).sort());
    // EDR (Hardhat 3) answers hardhat_reset "not supported"; the parallel network resets its chain.
    const reset = await pair.both("hardhat_reset", []);
    expect(reset.edr.ok).to.equal(false);
    expect(reset.parallel).to.deep.equal({ ok: true, result: true });
    expect(await pair.parallel.provider.request({ method: "eth_blockNumber" })).to.equal("0x0");
  });

  it("prints Solidity console.log output like EDR", async () => {
    const target = await pair.deploy("Compat.sol", "Compat");
    const data = new Interface(["function logged(uint256 x)"]).encodeFunctionData("logged", [77]);
    const lines: Record<"edr" | "parallel", string[]> = { edr: [], parallel: [] };
    const original = console.log;
    for (const side of ["edr", "parallel"] as const) {
      console.log = (...args: unknown[]) => lines[side].push(args.map(String).join(" "));
      try {
        await pair[side].provider.request({
          method: "eth_sendTransaction",
          params: [{ from: ALICE, to: target, data }],
        });
      } finally {
        console.log = original;
      }
    }
    // Printed once per execution — never by the gas estimation before the send — with lowercase addresses.
    const expected = [`Compat.logged 77 ${ALICE}`];
    expect(lines.parallel.filter((l) => l.includes("Compat.logged"))).to.deep.equal(expected);
    expect(lines.edr.filter((l) => l.includes("Compat.logged"))).to.deep.equal(expected);
  });
});

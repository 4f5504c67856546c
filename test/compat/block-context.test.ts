import { expect } from "chai";

import { ALICE, BOB, CompatPair, pick } from "./helpers/compat-pair.js";

/** Runtime code returning block.number. */
const NUMBER = "0x4360005260206000f3";
/** Runtime code returning block.timestamp. */
const TIMESTAMP = "0x4260005260206000f3";
/** Runtime code returning block.basefee. */
const BASEFEE = "0x4860005260206000f3";
/** Runtime code that reverts unless block.number equals the first calldata word. */
const NUMBER_IS = "0x6000354314600d5760006000fd5b00";
const AT = (n: number): string => `0x${"0".repeat(38)}${n.toString(16).padStart(2, "0")}`;
const word = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;

describe("compat: the block context of calls, estimates, traces and state reads", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
    for (const [i, code] of [NUMBER, TIMESTAMP, BASEFEE, NUMBER_IS].entries()) {
      await pair.both("hardhat_setCode", [AT(0xc0 + i), code]);
    }
    await pair.both("evm_setNextBlockTimestamp", ["0x70000000"]);
    await pair.both("evm_mine");
    await pair.both("evm_mine");
  });
  afterEach(() => pair.close());

  it("eth_call runs in the named block's number and timestamp, `pending` in the next block's", async () => {
    // Genesis timestamps are the wall clock at creation (they differ); later ones follow the set timestamp.
    for (const [to, tags] of [
      [AT(0xc0), ["latest", "pending", "earliest", "0x1", "safe", undefined]],
      [AT(0xc1), ["latest", "pending", "0x1", "0x2", "finalized", undefined]],
    ] as const) {
      for (const tag of tags) {
        const params = tag === undefined ? [{ to }] : [{ to }, tag];
        const { edr, parallel } = await pair.both("eth_call", params);
        expect(parallel, `${to} at ${String(tag)}`).to.deep.equal(edr);
      }
    }
    // The latest block's own number (2), not the next block's.
    const [latest] = await pair.results("eth_call", [{ to: AT(0xc0) }, "latest"]);
    expect(BigInt(String(latest))).to.equal(2n);
  });

  it("calls see a zero base fee whatever fee fields they carry", async () => {
    for (const fees of [{}, { gasPrice: "0x77359400" }, { maxFeePerGas: "0x77359400" }]) {
      for (const tag of ["latest", "pending", "0x1"]) {
        const { edr, parallel } = await pair.both("eth_call", [{ from: ALICE, to: AT(0xc2), ...fees }, tag]);
        expect(parallel, `${JSON.stringify(fees)} at ${tag}`).to.deep.equal(edr);
        expect(BigInt(String(edr.ok ? edr.result : 1))).to.equal(0n);
      }
    }
  });

  it("eth_estimateGas runs in the named block, and in the pending block when none is named", async () => {
    for (const [n, tag] of [
      [2, "latest"],
      [3, "pending"],
      [3, undefined],
      [1, "0x1"],
      [2, "0x1"],
    ] as const) {
      const call = { from: ALICE, to: AT(0xc3), data: word(n) };
      const { edr, parallel } = await pair.both("eth_estimateGas", tag === undefined ? [call] : [call, tag]);
      expect(parallel, `number ${n} at ${String(tag)}`).to.deep.equal(edr);
    }
  });

  it("debug_traceCall traces in the named block", async () => {
    for (const tag of ["latest", "pending", "0x0"]) {
      const { edr, parallel } = await pair.both("debug_traceCall", [{ to: AT(0xc0) }, tag]);
      expect(parallel, tag).to.deep.equal(edr);
      expect(parallel.ok).to.equal(true);
    }
  });

  it("`pending` reads and calls include the pool's transactions (automine off)", async () => {
    await pair.both("evm_setAutomine", [false]);
    await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
    for (const [method, params] of [
      ["eth_getBalance", [BOB, "pending"]],
      ["eth_getBalance", [BOB, "latest"]],
      ["eth_getTransactionCount", [ALICE, "pending"]],
      ["eth_call", [{ to: AT(0xc0) }, "pending"]],
      ["eth_estimateGas", [{ from: ALICE, to: AT(0xc3), data: word(3) }]],
    ] as const) {
      const { edr, parallel } = await pair.both(method, [...params]);
      expect(parallel, `${method} ${JSON.stringify(params)}`).to.deep.equal(edr);
    }
    const fields = ["address", "balance", "nonce", "codeHash", "storageHash", "storageProof"];
    const [a, b] = await pair.results("eth_getProof", [BOB, [], "pending"]);
    expect(pick(b, fields)).to.deep.equal(pick(a, fields));
    // The pending block was thrown away: nothing was mined, the pool still holds the transaction.
    const [numberA, numberB] = await pair.results("eth_blockNumber");
    expect(numberB).to.equal(numberA);
    const [balanceA, balanceB] = await pair.results("eth_getBalance", [BOB, "latest"]);
    expect(balanceB).to.equal(balanceA);
    await pair.both("evm_mine");
    const [minedA, minedB] = await pair.results("eth_getBlockTransactionCountByNumber", ["latest"]);
    expect([minedA, minedB]).to.deep.equal(["0x1", "0x1"]);
  });
});

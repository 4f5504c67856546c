import { expect } from "chai";

import { ALICE, BOB, CAROL, CompatPair } from "./helpers/compat-pair.js";

const send = (from: string, nonce: number, fees: Record<string, string>): Record<string, unknown> => ({
  from,
  to: CAROL,
  value: "0x1",
  gas: "0x5208",
  nonce: `0x${nonce.toString(16)}`,
  ...fees,
});

describe("compat: the mempool keeps what cannot be mined yet, replacements need a price bump", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
    await pair.both("evm_setAutomine", [false]);
  });
  afterEach(() => pair.close());

  async function sameCounts(): Promise<void> {
    for (const [method, params] of [
      ["eth_getBlockTransactionCountByNumber", ["latest"]],
      ["eth_getTransactionCount", [ALICE, "latest"]],
      ["eth_getTransactionCount", [BOB, "latest"]],
      ["eth_getBalance", [CAROL, "latest"]],
    ] as const) {
      const [a, b] = await pair.results(method, [...params]);
      expect(b, `${method} ${JSON.stringify(params)}`).to.equal(a);
    }
  }

  it("a nonce-gapped transaction waits in the pool and is mined once the gap is filled", async () => {
    const fees = { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };
    await pair.results("eth_sendTransaction", [send(ALICE, 2, fees)]);
    await pair.both("evm_mine");
    await sameCounts();
    await pair.results("eth_sendTransaction", [send(ALICE, 0, fees)]);
    await pair.results("eth_sendTransaction", [send(ALICE, 1, fees)]);
    await pair.both("evm_mine");
    await sameCounts();
    const [count] = await pair.results("eth_getBlockTransactionCountByNumber", ["latest"]);
    expect(count).to.equal("0x3");
  });

  it("an underpriced transaction waits until the base fee drops to its max fee", async () => {
    await pair.results("eth_sendTransaction", [send(BOB, 0, { maxFeePerGas: "0x1", maxPriorityFeePerGas: "0x1" })]);
    await pair.both("evm_mine");
    await sameCounts();
    await pair.both("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
    await pair.both("evm_mine");
    await sameCounts();
    const [count] = await pair.results("eth_getTransactionCount", [BOB, "latest"]);
    expect(count).to.equal("0x1");
  });

  it("eth_getTransactionCount(…, 'pending') counts what the pending block takes; sends count the pool", async () => {
    const pending = async (who: string): Promise<unknown> => {
      const [a, b] = await pair.results("eth_getTransactionCount", [who, "pending"]);
      expect(b, `pending nonce of ${who}`).to.equal(a);
      return a;
    };
    const cheap = { maxFeePerGas: "0x10", maxPriorityFeePerGas: "0x1" };
    const fair = { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };
    await pair.results("eth_sendTransaction", [send(BOB, 0, cheap)]); // below the next base fee
    expect(await pending(BOB)).to.equal("0x0");
    await pair.results("eth_sendTransaction", [send(ALICE, 0, fair)]);
    await pair.results("eth_sendTransaction", [send(ALICE, 2, fair)]); // behind a gap
    expect(await pending(ALICE)).to.equal("0x1");
    await pair.both("evm_mine");
    expect(await pending(BOB)).to.equal("0x0");
    // A send without a nonce still takes the next one after the pooled transactions (same hash on both).
    const { nonce: _nonce, ...noNonce } = send(BOB, 0, fair);
    const [edrHash, parallelHash] = await pair.results("eth_sendTransaction", [noNonce]);
    expect(parallelHash).to.equal(edrHash);
    expect(await pending(BOB)).to.equal("0x0");
  });

  it("eth_getTransactionCount(…, 'pending') leaves out what the pending block's gas limit cannot take (fuzz:compat seed 53322)", async () => {
    await pair.both("evm_setBlockGasLimit", ["0x2dc6c0"]);
    for (const value of ["0x5d4ea", "0x876ff"]) {
      await pair.results("eth_sendTransaction", [{ from: ALICE, gas: "0x2dc6c0", to: CAROL, value }]);
    }
    const [a, b] = await pair.results("eth_getTransactionCount", [ALICE, "pending"]);
    expect(a).to.equal("0x1"); // the second transaction waits for the next block
    expect(b).to.equal(a);
    await pair.both("evm_mine");
    await sameCounts();
  });

  it("a same-nonce replacement needs 10 % more max fee and tip, with Hardhat's message", async () => {
    await pair.results("eth_sendTransaction", [
      send(CAROL, 0, { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" }),
    ]);
    const replacements: Array<Record<string, string>> = [
      { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" },
      { maxFeePerGas: "0x77359401", maxPriorityFeePerGas: "0x2" },
      { maxFeePerGas: "0x83215600", maxPriorityFeePerGas: "0x1" },
      { maxFeePerGas: "0x83215600", maxPriorityFeePerGas: "0x2" },
      { gasPrice: "0x90000000" },
      { gasPrice: "0xa0000000" },
    ];
    for (const fees of replacements) {
      const { edr, parallel } = await pair.both("eth_sendTransaction", [send(CAROL, 0, fees)]);
      if (!edr.ok) expect(edr.message).to.match(/^(Replacement transaction underpriced|Known transaction)/);
      // Hashes of accepted replacements are compared too (same signer, same fields).
      expect(parallel, JSON.stringify(fees)).to.deep.equal(edr);
    }
    await pair.both("evm_mine");
    await sameCounts();
  });

  it("eth_pendingTransactions lists the pool as EDR: senders by first arrival, executable ones, then gapped ones", async () => {
    const fees = { maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" };
    await pair.results("eth_sendTransaction", [send(BOB, 0, fees)]);
    await pair.results("eth_sendTransaction", [send(ALICE, 0, fees)]);
    await pair.results("eth_sendTransaction", [send(CAROL, 3, fees)]);
    await pair.results("eth_sendTransaction", [send(BOB, 1, fees)]);
    await pair.results("eth_sendTransaction", [send(ALICE, 1, fees)]);
    const [a, b] = await pair.results("eth_pendingTransactions");
    expect((b as unknown[]).length).to.equal(5);
    expect(JSON.parse(JSON.stringify(b))).to.deep.equal(JSON.parse(JSON.stringify(a)));
    await pair.both("evm_mine");
    const [after] = await pair.results("eth_pendingTransactions");
    expect(await pair.results("eth_pendingTransactions")).to.deep.equal([after, after]);
  });
});

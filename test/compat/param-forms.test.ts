import { expect } from "chai";

import { ALICE, BOB, CompatPair, comparableError, outcomeOf, pick } from "./helpers/compat-pair.js";

const HASH = `0x${"11".repeat(32)}`;
const FEES = { from: ALICE, to: BOB, gasPrice: "0x3b9aca00" };

/**
 * Param forms where Hardhat's network is lenient or strict in ways a hand-written reader easily is not: both
 * networks must accept alike, or refuse alike with the same code (messages of malformed params are worded
 * differently on purpose: ours name the parameter).
 */
const ACCEPTED_OR_REFUSED_ALIKE: Array<[string, unknown[]]> = [
  ["hardhat_setBalance", [BOB, "0x"]],
  ["hardhat_setNonce", [BOB, "0x01"]],
  ["hardhat_setBalance", [BOB, `0x${"0".repeat(66)}1`]],
  ["hardhat_setNonce", [BOB, "0X1"]],
  ["hardhat_setNonce", [BOB, "12"]],
  ["eth_getBalance", [BOB, "0x00"]],
  ["eth_getBalance", [BOB, "0x"]],
  ["eth_getBalance", [BOB, `0x${"00".repeat(32)}`]],
  ["eth_getBalance", [BOB, HASH]],
  ["eth_call", [{ to: BOB }, HASH]],
  ["eth_getBlockByNumber", [HASH, false]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { stateDiff: { "0x00": HASH } } }]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { stateDiff: { [HASH]: "0x01" } } }]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { state: { [HASH]: "0x1" } } }]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { nonce: "0x10000000000000000" } }]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { code: "0x1" } }]],
  ["eth_getStorageAt", [BOB, "0x", "latest"]],
  ["eth_getTransactionByBlockNumberAndIndex", ["latest", "0x"]],
  ["eth_call", [{ to: BOB, value: "0x00" }]],
  ["eth_getBlockByNumber", ["latest"]],
  ["eth_getBlockByHash", [HASH]],
  ["eth_feeHistory", ["0x1", "latest"]],
  ["eth_getProof", [BOB, [`0x${"00".repeat(32)}`]]],
  ["eth_getProof", [BOB, ["0x0"], "latest"]],
  ["hardhat_mine", ["0x2", "0x0"]],
  ["hardhat_setLoggingEnabled", [false]],
  ["eth_mining", []],
  ["eth_hashrate", []],
  ["net_peerCount", []],
  ["eth_foo", []],
  ["eth_getStorageAt", [BOB, "1", "latest"]],
  ["eth_getStorageAt", [BOB, "10", "latest"]],
  ["eth_getStorageAt", [BOB, "abc", "latest"]],
  ["eth_getStorageAt", [BOB, "0x00001", "latest"]],
  ["eth_getStorageAt", [BOB, 5, "latest"]],
  ["eth_getBalance", [BOB, { blockNumber: "0x0", requireCanonical: false }]],
  ["eth_getBalance", [BOB, { blockHash: HASH, blockNumber: "0x0" }]],
  ["eth_getBalance", [BOB, {}]],
  ["eth_call", [{ from: ALICE, to: BOB, data: "0x12", input: "0x12" }]],
  ["eth_call", [{ from: ALICE, to: BOB, type: "0x3" }]],
  ["eth_call", [{ from: ALICE, to: BOB, type: "0x9" }]],
  ["eth_call", [{ from: ALICE, to: BOB, type: "0x100" }]],
  ["eth_estimateGas", [{ from: ALICE, to: BOB, type: "0x3" }]],
  // EDR: -32000 "Storage value must be exactly 32 bytes long…" (its message ends with a JSON position).
  ["hardhat_setStorageAt", [BOB, "0x0", "0x1"]],
  ["hardhat_setStorageAt", [BOB, "0x0", `0x${"00".repeat(33)}`]],
];

/** Refusals whose code, message and data both networks share. */
const REFUSED_ALIKE: Array<[string, unknown[]]> = [
  ["eth_sendTransaction", [{ ...FEES, maxFeePerGas: "0x3b9aca00" }]],
  ["eth_sendTransaction", [{ ...FEES, maxPriorityFeePerGas: "0x1" }]],
  ["eth_sendTransaction", [{ ...FEES, maxFeePerGas: "0x3b9aca00", maxPriorityFeePerGas: "0x1" }]],
  ["eth_call", [{ ...FEES, maxFeePerGas: "0x3b9aca00" }]],
  ["eth_estimateGas", [{ ...FEES, maxPriorityFeePerGas: "0x1" }]],
  ["eth_getLogs", [{ blockHash: HASH }]],
  ["eth_getBalance", [BOB, { blockHash: HASH }]],
  ["eth_call", [{ to: BOB }, "latest", { [BOB]: { state: { [HASH]: HASH }, stateDiff: { [HASH]: HASH } } }]],
  ["eth_getTransactionCount", [BOB, { blockHash: HASH, requireCanonical: true }]],
  ["eth_call", [{ to: BOB }, { blockHash: HASH }]],
  ["eth_newFilter", [{ blockHash: HASH }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, chainId: "0x1" }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, type: "0x3" }]],
  ["eth_sendTransaction", [{ from: ALICE }]],
  ["eth_sendTransaction", [{ from: ALICE, to: null, data: "0x" }]],
  ["eth_sendTransaction", [{ from: ALICE, gas: "0x1fffffff" }]],
  ["eth_sendTransaction", [{ from: ALICE, to: BOB, authorizationList: [] }]],
  ["eth_sendTransaction", [{ from: ALICE, authorizationList: [] }]],
  ["eth_call", [{ from: ALICE }]],
  ["eth_call", [{ from: ALICE, data: "0x" }]],
  ["eth_call", [{ from: ALICE, to: BOB, authorizationList: [] }]],
  ["eth_estimateGas", [{ from: ALICE }]],
  ["eth_feeHistory", ["0x2", "latest", [101]]],
  ["eth_feeHistory", ["0x2", "latest", [10, -1]]],
  ["eth_getLogs", [{ blockHash: HASH, fromBlock: "0x0" }]],
  ["eth_newFilter", [{ blockHash: HASH, toBlock: "latest" }]],
];

/** Send shapes whose `type` Hardhat's network ignores: the fee fields choose the transaction's type. */
const TYPED_SENDS: Array<Record<string, unknown>> = [
  { type: "0x0" },
  { type: "0x1" },
  { type: "0x4" },
  { type: "0x5" },
  { type: "0x16" },
  { type: "0x1", gasPrice: "0x77359400" },
  { type: "0x2", gasPrice: "0x77359400" },
  { type: "0x0", maxFeePerGas: "0x77359400" },
  { gasPrice: "0x77359400", accessList: [] },
  { chainId: "0x7a69" },
];
const TX_SHAPE = ["type", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "accessList", "chainId", "nonce"];

describe("compat: param forms are accepted and refused as on Hardhat's network", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  for (const [method, params] of ACCEPTED_OR_REFUSED_ALIKE) {
    it(`${method} ${JSON.stringify(params).slice(0, 90)}: same acceptance and code`, async () => {
      const edr = await outcomeOf(pair.edr, method, structuredClone(params));
      const parallel = await outcomeOf(pair.parallel, method, structuredClone(params));
      expect(parallel.ok, JSON.stringify({ edr, parallel })).to.equal(edr.ok);
      if (!edr.ok && !parallel.ok) expect(parallel.code).to.equal(edr.code);
    });
  }

  for (const [method, params] of REFUSED_ALIKE) {
    it(`${method} ${JSON.stringify(params).slice(0, 90)}: same refusal`, async () => {
      const edr = await outcomeOf(pair.edr, method, structuredClone(params));
      const parallel = await outcomeOf(pair.parallel, method, structuredClone(params));
      expect(edr.ok).to.equal(false);
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    });
  }

  it("eth_sendTransaction ignores `type` as Hardhat's network does: the fee fields choose it", async () => {
    for (const shape of TYPED_SENDS) {
      const [a, b] = await pair.results("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", ...shape }]);
      const [ta, tb] = [
        (await outcomeOf(pair.edr, "eth_getTransactionByHash", [a])) as { result: unknown },
        (await outcomeOf(pair.parallel, "eth_getTransactionByHash", [b])) as { result: unknown },
      ];
      expect(pick(tb.result, TX_SHAPE), JSON.stringify(shape)).to.deep.equal(pick(ta.result, TX_SHAPE));
    }
  });

  it("eth_feeHistory with `pending` counts the pending block (rewards 0, the base fee after it)", async () => {
    await pair.both("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
    await pair.both("evm_setAutomine", [false]);
    for (const params of [
      ["0x2", "pending", [50]],
      ["0x1", "pending", [0, 100]],
      ["0x9", "pending", []],
    ]) {
      const [edr, parallel] = await pair.results("eth_feeHistory", params);
      expect(parallel, `empty pool ${JSON.stringify(params)}`).to.deep.equal(edr);
    }
    await pair.both("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", maxPriorityFeePerGas: "0x7" }]);
    const [edr, parallel] = await pair.results("eth_feeHistory", ["0x3", "pending", [0, 50, 100]]);
    expect(parallel).to.deep.equal(edr);
  });

  it("hardhat_mine with interval 0 gives the blocks the timestamps Hardhat's network gives", async () => {
    await pair.both("hardhat_mine", ["0x3", "0x0"]);
    const stamps = async (side: "edr" | "parallel"): Promise<bigint[]> => {
      const out: bigint[] = [];
      for (const n of ["0x1", "0x2", "0x3"]) {
        const b = (await outcomeOf(pair[side], "eth_getBlockByNumber", [n, false])) as {
          result: { timestamp: string };
        };
        out.push(BigInt(b.result.timestamp));
      }
      return out.map((t) => t - (out[0] ?? 0n));
    };
    expect(await stamps("parallel")).to.deep.equal(await stamps("edr"));
  });
});

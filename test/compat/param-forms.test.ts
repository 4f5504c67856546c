import { expect } from "chai";

import { ALICE, BOB, CompatPair, comparableError, outcomeOf } from "./helpers/compat-pair.js";

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
  ["eth_getLogs", [{ blockHash: HASH, fromBlock: "0x0" }]],
  ["eth_newFilter", [{ blockHash: HASH, toBlock: "latest" }]],
];

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

import { expect } from "chai";

import { comparable, describeDivergence, firstDifference, replay, shrink } from "./fuzz/compat-replay.js";
import { WAITING, generateStream, type Step } from "./fuzz/compat-stream.js";
import { compatHre } from "./helpers/compat-pair.js";

/** The CI slice: seeds 1–100, 30 requests each (full runs: `npm run fuzz:compat -- --seeds 1000`). */
const SEEDS = 100;
const STEPS = 30;

describe("compat: differential fuzzer against Hardhat's network", () => {
  before(async () => {
    await compatHre();
  });

  it(`${SEEDS} seeded request streams answer the same on EDR and on the parallel network`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const stream = generateStream(seed, { steps: STEPS, exclude: WAITING });
      const found = await replay(stream);
      if (found === undefined) continue;
      const small = await shrink(stream, found, 60);
      failures.push(describeDivergence(seed, small.steps, small.divergence));
    }
    expect(failures, failures.join("\n\n")).to.deep.equal([]);
  });

  it("streams are reproducible from their seed and cover every family", () => {
    expect(generateStream(7, { steps: 50 })).to.deep.equal(generateStream(7, { steps: 50 }));
    const methods = new Set(
      Array.from({ length: 40 }, (_, seed) => generateStream(seed, { steps: 60 }).map((s) => s.method)).flat(),
    );
    for (const method of [
      "eth_sendTransaction",
      "eth_call",
      "eth_estimateGas",
      "evm_mine",
      "hardhat_mine",
      "evm_snapshot",
      "evm_revert",
      "evm_increaseTime",
      "evm_setNextBlockTimestamp",
      "hardhat_setBalance",
      "hardhat_setCode",
      "hardhat_setNonce",
      "hardhat_setStorageAt",
      "hardhat_setCoinbase",
      "hardhat_setNextBlockBaseFeePerGas",
      "hardhat_setPrevRandao",
      "hardhat_impersonateAccount",
      "eth_newFilter",
      "eth_getFilterChanges",
      "eth_getLogs",
      "eth_getProof",
      "debug_traceTransaction",
    ]) {
      expect(methods, method).to.include(method);
    }
  });

  it("reports a real difference with the step, both answers, and a minimised stream", async () => {
    // web3_clientVersion differs by design (docs/COMPATIBILITY.md): the harness must see it.
    const stream: Step[] = [
      ...generateStream(3, { steps: 12, exclude: WAITING }),
      { method: "web3_clientVersion", params: [] },
    ];
    const found = await replay(stream);
    expect(found?.step).to.equal(stream.length - 1);
    expect(found?.where).to.match(/^\$\.result: EDR "HardhatNetwork/);
    const small = await shrink(stream, found ?? expect.fail("no divergence"));
    expect(small.steps).to.deep.equal([{ method: "web3_clientVersion", params: [] }]);
    expect(describeDivergence(3, small.steps, small.divergence)).to.match(/seed 3: step 0 \(web3_clientVersion\)/);
  });

  it("normalises only the documented differences", () => {
    const block = (hash: string, timestamp: string, gasUsed: string) => ({
      ok: true as const,
      result: { number: "0x1", hash, parentHash: hash, miner: "0x0", timestamp, gasUsed, stateRoot: hash },
    });
    const [a, b] = comparable("eth_getBlockByNumber", block("0xaa", "0x10", "0x5"), block("0xbb", "0x11", "0x5"));
    expect(firstDifference(a, b)).to.equal(undefined);
    const [c, d] = comparable("eth_getBlockByNumber", block("0xaa", "0x10", "0x5"), block("0xbb", "0x12", "0x6"));
    expect(firstDifference(c, d)).to.match(/timestamp/);
    const [e, f] = comparable(
      "eth_call",
      { ok: false, code: 3, message: "reverted with reason string 'x'", data: "0x01" },
      { ok: false, code: 3, message: "reverted with reason string 'y'", data: "0x01" },
    );
    expect(firstDifference(e, f)).to.match(/message/);
  });
});

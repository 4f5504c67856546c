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
    // eth_requestAccounts is ours only (docs/COMPATIBILITY.md: EDR does not serve it): the harness must see it.
    const stream: Step[] = [
      ...generateStream(3, { steps: 12, exclude: WAITING }),
      { method: "eth_requestAccounts", params: [] },
    ];
    const found = await replay(stream);
    expect(found?.step).to.equal(stream.length - 1);
    expect(found?.where).to.match(/^\$\.error: EDR -32004 \/ parallel undefined/);
    const small = await shrink(stream, found ?? expect.fail("no divergence"));
    expect(small.steps).to.deep.equal([{ method: "eth_requestAccounts", params: [] }]);
    expect(describeDivergence(3, small.steps, small.divergence)).to.match(/seed 3: step 0 \(eth_requestAccounts\)/);
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
    // The client's name, hardhat_metadata's per-instance fields and the request id in -32004's data are not
    // compared; everything else of them is.
    const ok = (result: unknown) => ({ ok: true as const, result });
    const [g, h] = comparable("web3_clientVersion", ok("HardhatNetwork/3"), ok("HardhatParallel/0.1.0"));
    expect(firstDifference(g, h)).to.equal(undefined);
    const metadata = (chainId: number, instanceId: string) => ({ chainId, instanceId, clientVersion: instanceId });
    const [i, j] = comparable("hardhat_metadata", ok(metadata(1, "0xa")), ok(metadata(1, "0xb")));
    expect(firstDifference(i, j)).to.equal(undefined);
    const [k, l] = comparable("hardhat_metadata", ok(metadata(1, "0xa")), ok(metadata(2, "0xa")));
    expect(firstDifference(k, l)).to.match(/chainId/);
    const unsupported = (id: number, method: string) => ({
      ok: false as const,
      code: -32004,
      message: `Method ${method} is not supported`,
      data: { jsonrpc: "2.0", id, method, params: [] },
    });
    const [m, n] = comparable("foo", unsupported(3, "foo"), unsupported(9, "foo"));
    expect(firstDifference(m, n)).to.equal(undefined);
    const [o, p] = comparable("foo", unsupported(3, "foo"), unsupported(3, "bar"));
    expect(firstDifference(o, p)).to.match(/method/);
  });
});

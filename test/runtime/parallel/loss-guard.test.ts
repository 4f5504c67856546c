import { expect } from "chai";

import { DEFAULT_FALLBACK_POLICY, lossGuardActive } from "../../../src/runtime/parallel/fallback-policy.js";
import { LossGuard } from "../../../src/runtime/parallel/loss-guard.js";

const CHAIN = {};

describe("loss guard", () => {
  it("lets every block try parallel while parallel blocks beat their sequential prediction", () => {
    const guard = new LossGuard(4);
    for (let i = 0; i < 5; i++) {
      expect(guard.decide(CHAIN)).to.equal(undefined);
      guard.record(CHAIN, 80, 100);
    }
  });

  it("after a losing block runs the next ones sequentially, retrying every 4th, until a retry wins", () => {
    const guard = new LossGuard(4);
    guard.record(CHAIN, 150, 100);
    const decisions = Array.from({ length: 8 }, () => guard.decide(CHAIN));
    expect(decisions.map((d) => d === undefined)).to.deep.equal([false, false, false, true, false, false, false, true]);
    expect(decisions[0]?.reason).to.match(/^measured-loss: the last parallel block took 150 ms, ≈ 100 ms predicted/);
    guard.record(CHAIN, 90, 100);
    expect(guard.decide(CHAIN)).to.equal(undefined);
  });

  it("follows one chain: a block over another state starts unguarded", () => {
    const guard = new LossGuard(4);
    guard.record(CHAIN, 150, 100);
    expect(guard.decide(CHAIN)?.parallel).to.equal(false);
    expect(guard.decide({})).to.equal(undefined);
    expect(guard.decide(CHAIN)).to.equal(undefined);
  });

  it("never guards on an unknown prediction", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, 500, Infinity);
    expect(guard.decide(CHAIN)).to.equal(undefined);
  });

  it("is active with the default policy, not when a policy asks for parallel whatever it costs", () => {
    expect(lossGuardActive(DEFAULT_FALLBACK_POLICY)).to.equal(true);
    expect(lossGuardActive({ ...DEFAULT_FALLBACK_POLICY, minSequentialMs: 0 })).to.equal(false);
    expect(lossGuardActive({ ...DEFAULT_FALLBACK_POLICY, lossGuard: false })).to.equal(false);
  });
});

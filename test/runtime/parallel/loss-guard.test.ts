import { expect } from "chai";

import { DEFAULT_FALLBACK_POLICY, lossGuardActive } from "../../../src/runtime/parallel/fallback-policy.js";
import type { ConflictProbe } from "../../../src/runtime/parallel/conflict-probe.js";
import { blockShape, LossGuard, MAX_BACKOFF, PROBE_REUSE } from "../../../src/runtime/parallel/loss-guard.js";

import { createWorld, tx } from "./helpers/fuzz-world.js";

const CHAIN = {};
const SHAPE = "10:0xtoken:a9059cbb";
const OTHER = "10:0xpool:022c0d9f";
const PROBE: ConflictProbe = { sampled: 16, dependent: 0, ratio: 0, ms: 4 };

/** A parallel block of SHAPE that won, with `probe` (reused or not) and `reExecutions`; then the guard's next probe. */
function clean(guard: LossGuard, reused: boolean, reExecutions = 0): ConflictProbe | undefined {
  guard.record(CHAIN, SHAPE, 1000, 80, 100);
  guard.recordProbe(CHAIN, SHAPE, PROBE, reused, reExecutions);
  return guard.reusableProbe(CHAIN, SHAPE);
}

/** Which of the next `k` blocks of `shape` the guard lets run in parallel. */
function next(guard: LossGuard, k: number, shape = SHAPE): boolean[] {
  return Array.from({ length: k }, () => guard.decide(CHAIN, shape) === undefined);
}

describe("loss guard", () => {
  it("lets every block try parallel while parallel blocks beat sequential", () => {
    const guard = new LossGuard();
    for (let i = 0; i < 5; i++) {
      expect(guard.decide(CHAIN, SHAPE)).to.equal(undefined);
      guard.record(CHAIN, SHAPE, 1000, 80, 100);
    }
  });

  it("after a losing block re-probes after 1, 2, 4 … up to MAX_BACKOFF sequential blocks, and a winning retry lifts it", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    const first = guard.decide(CHAIN, SHAPE);
    expect(first?.reason).to.match(
      /^measured-loss: the last parallel block took 150 ms, ≈ 100 ms predicted sequentially \(this block shape; re-probed in 1 blocks\)$/,
    );
    expect(next(guard, 1)).to.deep.equal([true]);
    const pattern: boolean[] = [];
    for (let retry = 0; retry < 6; retry++) {
      guard.record(CHAIN, SHAPE, 1000, 150, 100);
      for (;;) {
        const parallel = guard.decide(CHAIN, SHAPE) === undefined;
        pattern.push(parallel);
        if (parallel) break;
      }
    }
    const runs = pattern
      .join("")
      .split("true")
      .slice(0, -1)
      .map((r) => r.length / "false".length);
    expect(runs).to.deep.equal([2, 4, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF]);
    guard.record(CHAIN, SHAPE, 1000, 90, 100);
    expect(next(guard, 3)).to.deep.equal([true, true, true]);
  });

  it("is not switched off by one slow block after fast ones", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, SHAPE, 1000, 80, 100);
    guard.record(CHAIN, SHAPE, 1000, 85, 100);
    guard.record(CHAIN, SHAPE, 1000, 300, 100);
    expect(next(guard, 2)).to.deep.equal([true, true]);
    guard.record(CHAIN, SHAPE, 1000, 300, 100);
    expect(next(guard, 1)).to.deep.equal([false]);
  });

  it("judges against the sequential time measured on the shape's sequential blocks once there is one", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    expect(guard.decide(CHAIN, SHAPE)?.parallel).to.equal(false);
    // The probe's prediction was too low: this shape really takes 0.2 ms per transaction sequentially.
    guard.recordSequential(CHAIN, SHAPE, 1000, 200);
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    expect(next(guard, 2)).to.deep.equal([true, true]);
    guard.record(CHAIN, SHAPE, 1000, 250, 100);
    expect(guard.decide(CHAIN, SHAPE)?.reason).to.match(/took 250 ms, ≈ 200 ms measured sequentially/);
  });

  it("remembers the probe's sequential verdict for the shape, re-probing with the same backoff", () => {
    const guard = new LossGuard();
    guard.recordProbeFallback(
      CHAIN,
      SHAPE,
      "dense-conflicts: 100% of 16 sampled transactions depend on an earlier one",
    );
    expect(guard.decide(CHAIN, SHAPE)?.reason).to.match(
      /^dense-conflicts: 100% .* \(this block shape; re-probed in 1 blocks\)$/,
    );
    expect(next(guard, 1)).to.deep.equal([true]);
    guard.recordProbeFallback(
      CHAIN,
      SHAPE,
      "dense-conflicts: 100% of 16 sampled transactions depend on an earlier one",
    );
    expect(next(guard, 3)).to.deep.equal([false, false, true]);
    // The probe then found the shape parallel and the block won: no more skipping.
    guard.record(CHAIN, SHAPE, 1000, 80, 100);
    expect(next(guard, 2)).to.deep.equal([true, true]);
  });

  it("says a shape ran in parallel only after a parallel block that did not lose, not after a probe verdict", () => {
    const guard = new LossGuard();
    expect(guard.ranParallel(CHAIN, SHAPE)).to.equal(false);
    guard.record(CHAIN, SHAPE, 1000, 80, 100);
    expect(guard.ranParallel(CHAIN, SHAPE)).to.equal(true);
    expect(guard.ranParallel(CHAIN, OTHER)).to.equal(false);
    guard.recordProbeFallback(
      CHAIN,
      SHAPE,
      "dense-conflicts: 100% of 16 sampled transactions depend on an earlier one",
    );
    expect(guard.ranParallel(CHAIN, SHAPE)).to.equal(false);
    guard.record(CHAIN, SHAPE, 1000, 80, 100);
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    expect(guard.ranParallel(CHAIN, SHAPE)).to.equal(false);
  });

  it("reuses a shape's probe while its parallel blocks re-execute nothing, then probes again every PROBE_REUSE + 1 blocks", () => {
    const guard = new LossGuard();
    expect(guard.reusableProbe(CHAIN, SHAPE)).to.equal(undefined);
    const pattern = [clean(guard, false) !== undefined];
    for (let block = 0; block < 2 * PROBE_REUSE + 1; block++)
      pattern.push(clean(guard, pattern.at(-1) === true) !== undefined);
    const probed = [...pattern.keys()].filter((i) => !pattern[i]);
    expect(probed).to.deep.equal([PROBE_REUSE, 2 * PROBE_REUSE + 1]);
    expect(guard.reusableProbe(CHAIN, OTHER)).to.equal(undefined);
    expect(guard.reusableProbe({}, SHAPE)).to.equal(undefined);
  });

  it("forgets the probe after a block that re-executed, a losing block or a probe fallback", () => {
    const guard = new LossGuard();
    expect(clean(guard, false)).to.equal(PROBE);
    expect(clean(guard, true, 3)).to.equal(undefined);
    expect(clean(guard, false)).to.equal(PROBE);
    // A loss: the latest block and most of the last three slower than sequential.
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    guard.recordProbe(CHAIN, SHAPE, PROBE, true, 0);
    expect(guard.reusableProbe(CHAIN, SHAPE)).to.equal(undefined);
    const fresh = new LossGuard();
    expect(clean(fresh, false)).to.equal(PROBE);
    fresh.recordProbeFallback(
      CHAIN,
      SHAPE,
      "dense-conflicts: 100% of 16 sampled transactions depend on an earlier one",
    );
    fresh.decide(CHAIN, SHAPE);
    expect(fresh.reusableProbe(CHAIN, SHAPE)).to.equal(undefined);
  });

  it("keeps shapes apart, and a block over another state starts without history", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    expect(guard.decide(CHAIN, OTHER)).to.equal(undefined);
    expect(guard.decide(CHAIN, SHAPE)?.parallel).to.equal(false);
    guard.record(CHAIN, SHAPE, 1000, 150, 100);
    expect(guard.decide({}, SHAPE)).to.equal(undefined);
  });

  it("never guards on an unknown prediction", () => {
    const guard = new LossGuard();
    guard.record(CHAIN, SHAPE, 1000, 500, Infinity);
    expect(guard.decide(CHAIN, SHAPE)).to.equal(undefined);
  });

  it("tells block shapes apart by length class and dominant call", async () => {
    const w = await createWorld(70);
    const token = w.interfaces.Token;
    const call = (i: number) =>
      token?.encodeFunctionData("transfer", [`0x${(0xbeef00 + i).toString(16).padStart(40, "0")}`, 1n]) ?? "0x";
    const transfers = (k: number) =>
      w.accounts
        .slice(0, k)
        .map((from, i) => tx(w, from, w.contracts.Token, Buffer.from(call(i).slice(2), "hex"), 0n, 80_000n));
    const eth = w.accounts.slice(0, 64).map((from) => tx(w, from, w.accounts[69], new Uint8Array(0), 1n, 21_000n));
    const a = blockShape(transfers(64));
    expect(a).to.equal(blockShape(transfers(60)));
    expect(a).to.not.equal(blockShape(transfers(16)));
    expect(a).to.not.equal(blockShape(eth));
    expect(blockShape([...transfers(32), ...eth.slice(0, 32)])).to.match(/:mixed$/);
  });

  it("is active with the default policy, not when a policy asks for parallel whatever it costs", () => {
    expect(lossGuardActive(DEFAULT_FALLBACK_POLICY)).to.equal(true);
    expect(lossGuardActive({ ...DEFAULT_FALLBACK_POLICY, minSequentialMs: 0 })).to.equal(false);
    expect(lossGuardActive({ ...DEFAULT_FALLBACK_POLICY, lossGuard: false })).to.equal(false);
  });
});

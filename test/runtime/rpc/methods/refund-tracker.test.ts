import { expect } from "chai";

import { RefundTracker } from "../../../../src/runtime/rpc/methods/refund-tracker.js";

const step = (name: string, gasRefund: bigint): { opcode: { name: string }; gasRefund: bigint } => ({
  opcode: { name },
  gasRefund,
});

/** Feeds steps to the tracker and returns the refunds it reports. */
function refunds(tracker: RefundTracker, steps: Array<[string, bigint]>): unknown[] {
  return steps.map(([name, gasRefund]) => {
    const log: Record<string, unknown> = {};
    tracker.observe(step(name, gasRefund), log);
    return log.refund;
  });
}

describe("RefundTracker (struct-log refund as EDR shows it)", () => {
  it("an SSTORE step shows the counter before its own refund", () => {
    const tracker = new RefundTracker();
    tracker.frameStarts(0n);
    expect(
      refunds(tracker, [
        ["PUSH0", 0n],
        ["SSTORE", 4800n],
        ["POP", 4800n],
      ]),
    ).to.deep.equal([0, 0, 4800]);
  });

  it("a child frame counts from 0; a returning child's refunds join the caller's", () => {
    const tracker = new RefundTracker();
    tracker.frameStarts(0n);
    expect(
      refunds(tracker, [
        ["SSTORE", 4800n],
        ["CALL", 4800n],
      ]),
    ).to.deep.equal([0, 4800]);
    tracker.frameStarts(4800n);
    expect(
      refunds(tracker, [
        ["SSTORE", 9600n],
        ["STOP", 9600n],
      ]),
    ).to.deep.equal([0, 4800]);
    tracker.frameEnds(false, 9600n);
    expect(
      refunds(tracker, [
        ["SSTORE", 7600n],
        ["STOP", 7600n],
      ]),
    ).to.deep.equal([9600, 7600]);
  });

  it("a failed child's refunds are dropped, also for an SSTORE right after the call", () => {
    const tracker = new RefundTracker();
    tracker.frameStarts(0n);
    refunds(tracker, [
      ["SSTORE", 4800n],
      ["CALL", 4800n],
    ]);
    tracker.frameStarts(4800n);
    refunds(tracker, [
      ["SSTORE", 9600n],
      ["REVERT", 9600n],
    ]);
    tracker.frameEnds(true, 0n);
    expect(refunds(tracker, [["SSTORE", 2800n]])).to.deep.equal([4800]);
  });

  it("a frame that undoes its caller's refund shows revm's signed counter as unsigned 64-bit", () => {
    const tracker = new RefundTracker();
    tracker.frameStarts(4800n);
    expect(
      refunds(tracker, [
        ["SSTORE", 2800n],
        ["STOP", 2800n],
      ]),
    ).to.deep.equal([0, Number((1n << 64n) - 2000n)]);
  });
});

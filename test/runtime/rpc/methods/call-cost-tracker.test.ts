import { expect } from "chai";

import { CallCostTracker } from "../../../../src/runtime/rpc/methods/call-cost-tracker.js";

import { stepEvent } from "./step-event.js";

/** The gasCost of a CALL step (asking for `requested` gas, value `value`) once `next` ran. */
function callCost(
  requested: bigint,
  value: bigint,
  enters: boolean,
  next: { depth: number; gasLeft: bigint },
): unknown {
  const calls = new CallCostTracker();
  const log: Record<string, unknown> = { gasCost: 100 };
  // A CALL's stack, top last: gas, to, value, ...
  calls.observe(stepEvent("CALL", 0, [0n, 0n, 0n, 0n, value, 7n, requested], { gasLeft: 1_100n }), log);
  if (enters) calls.frameStarts();
  calls.observe(stepEvent("STOP", next.depth, [], { gasLeft: next.gasLeft }), {});
  return log.gasCost;
}

describe("CallCostTracker (CALL and CREATE gasCost as geth and EDR show it)", () => {
  it("adds the gas the child frame started with, less a value call's stipend", () => {
    expect(callCost(500n, 0n, true, { depth: 1, gasLeft: 500n })).to.equal(600);
    expect(callCost(500n, 1n, true, { depth: 1, gasLeft: 2_800n })).to.equal(600);
  });

  it("adds the gas given to a frame that answered at once: what was asked, at most all but a 64th", () => {
    expect(callCost(50n, 0n, true, { depth: 0, gasLeft: 900n })).to.equal(150);
    expect(callCost(5_000n, 0n, true, { depth: 0, gasLeft: 900n })).to.equal(100 + 1_000 - 15);
  });

  it("reports 0 when no child frame started", () => {
    expect(callCost(50n, 0n, false, { depth: 0, gasLeft: 900n })).to.equal(0);
  });
});

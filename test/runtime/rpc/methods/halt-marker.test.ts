import { expect } from "chai";

import { HaltMarker } from "../../../../src/runtime/rpc/methods/halt-marker.js";

import { stepEvent } from "./step-event.js";

/** The log of the last step of a frame at depth 0 that ended with `error`. */
function marked(op: string, error: string | undefined): Record<string, unknown> {
  const halts = new HaltMarker();
  const log: Record<string, unknown> = { op, gas: 500, gasCost: 3 };
  halts.frameStarts(0);
  halts.step(stepEvent(op, 0), log);
  halts.frameEnds(0, error);
  return log;
}

describe("HaltMarker (struct-log halts as EDR shows them)", () => {
  it("names the halt in EDR's words on the frame's last step", () => {
    expect(marked("JUMP", "invalid JUMP").error).to.equal("Some(InvalidJump)");
    expect(marked("INVALID", "invalid opcode").error).to.equal("Some(InvalidFEOpcode)");
    expect(marked("opcode 0xef", "invalid opcode").error).to.equal("Some(OpcodeNotFound)");
  });

  it("charges all the gas left to a step that ran out of gas, except a creation's RETURN", () => {
    expect(marked("SSTORE", "out of gas")).to.deep.include({ error: "Some(OutOfGas)", gasCost: 500 });
    expect(marked("RETURN", "out of gas")).to.deep.equal({ op: "RETURN", gas: 500, gasCost: 3 });
  });

  it("leaves a successful frame and a revert unmarked", () => {
    expect(marked("STOP", undefined)).to.not.have.property("error");
    expect(marked("REVERT", "revert")).to.not.have.property("error");
  });

  it("does not mark an earlier frame's step when a frame halts before its first step", () => {
    const halts = new HaltMarker();
    const earlier: Record<string, unknown> = { op: "STOP", gas: 9, gasCost: 0 };
    halts.frameStarts(1);
    halts.step(stepEvent("STOP", 1), earlier);
    halts.frameEnds(1, undefined);
    halts.frameStarts(1);
    halts.frameEnds(1, "out of gas");
    expect(earlier).to.not.have.property("error");
  });
});

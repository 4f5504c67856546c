import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";

import { frameStatus, gethError, parityError, revertReason } from "../../../../src/runtime/rpc/tracers/frame-errors.js";
import type { RecordedFrame } from "../../../../src/runtime/rpc/tracers/frame-recorder.js";

const errors = new Interface(["error Error(string)", "error Panic(uint256)", "error Custom(uint256)"]);

function frame(error: string | undefined, haltOp?: string, lastGasLeft = 100_000n): RecordedFrame {
  return {
    kind: "CALL",
    from: "0x",
    to: "0x",
    value: 0n,
    gas: 0n,
    input: "0x",
    depth: 1,
    output: "0x",
    gasUsed: 0n,
    error,
    haltOp,
    lastGasLeft,
    lastCost: undefined,
    children: [],
    logs: [],
    selfdestruct: undefined,
  };
}

describe("frame errors", () => {
  it("names halts as revm does, in geth's and parity's wording", () => {
    const cases: Array<[RecordedFrame, string, string]> = [
      [frame("revert", "REVERT"), "execution reverted", "Reverted"],
      [frame("out of gas", "MSTORE"), "out of gas", "Out of gas"],
      [frame("out of gas", "SSTORE", 2300n), "out of gas: not enough gas for reentrancy sentry", "Out of gas"],
      [frame("invalid opcode", "INVALID"), "invalid opcode: INVALID", "Bad instruction"],
      [frame("invalid opcode", "UNKNOWN"), "invalid opcode", "Bad instruction"],
      [frame("static state change", "SSTORE"), "StateChangeDuringStaticCall", "StateChangeDuringStaticCall"],
      [
        frame("insufficient balance for transfer"),
        "insufficient balance for transfer",
        "Insufficient balance for transfer",
      ],
      [frame("invalid input length"), "precompiled failed", "Built-in failed"],
      [frame("out of gas"), "out of gas", "Out of gas"],
      [frame("revert"), "precompiled failed", "Built-in failed"],
    ];
    for (const [f, geth, parity] of cases) {
      const status = frameStatus(f);
      expect(status, f.error).to.not.equal(undefined);
      if (status === undefined) continue;
      expect([gethError(status), parityError(status)], f.error).to.deep.equal([geth, parity]);
    }
    expect(frameStatus(frame(undefined))).to.equal(undefined);
  });

  it("decodes revert reasons: reason strings, panics, raw UTF-8, nothing for custom errors", () => {
    expect(revertReason(errors.encodeErrorResult("Error", ["no way"]))).to.equal("no way");
    expect(revertReason(errors.encodeErrorResult("Panic", [0x11]))).to.equal("arithmetic underflow or overflow");
    expect(revertReason(errors.encodeErrorResult("Panic", [0x01]))).to.equal("assert(false)");
    expect(revertReason(errors.encodeErrorResult("Panic", [0x99]))).to.equal("unknown panic code: 0x99");
    expect(revertReason(errors.encodeErrorResult("Custom", [0xff]))).to.equal(undefined);
    expect(revertReason(`0x${Buffer.from("plain text").toString("hex")}`)).to.equal("plain text");
    expect(revertReason("0x")).to.equal(undefined);
    expect(revertReason(errors.encodeErrorResult("Error", [""]))).to.equal(undefined);
    // A reason string whose offset is not 32 is not decoded as one (its bytes are not UTF-8 either).
    const odd = `0x08c379a0${AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [64, 0xff]).slice(2)}ff`;
    expect(revertReason(odd)).to.equal(undefined);
  });
});

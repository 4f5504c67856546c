import { expect } from "chai";

import {
  LAST_OUTER_STEP,
  structLog,
  traceOptions,
  WITHOUT_STRUCT_LOGS,
} from "../../../../src/runtime/rpc/methods/struct-log.js";

import { stepEvent } from "./step-event.js";

describe("struct-log (one step as geth shows it)", () => {
  it("reads memory as off unless enableMemory or disableMemory: false asks for it", () => {
    expect(traceOptions(undefined)).to.deep.equal({
      disableStack: false,
      disableMemory: true,
      disableStorage: false,
      enableReturnData: false,
      structLogs: true,
      lastOuterStep: false,
    });
    expect(traceOptions({ enableMemory: true }).disableMemory).to.equal(false);
    expect(traceOptions({ disableMemory: false }).disableMemory).to.equal(false);
    expect(traceOptions({ [WITHOUT_STRUCT_LOGS]: true }).structLogs).to.equal(false);
    expect(traceOptions({ [LAST_OUTER_STEP]: true }).lastOuterStep).to.equal(true);
  });

  it("reports depth from 1, the whole opcode cost, the stack and memory in words", () => {
    const memory = Uint8Array.of(0xab);
    const step = stepEvent("MSTORE", 0, [255n], {
      memory,
      memoryWordCount: 1n,
      opcode: { name: "MSTORE", fee: 3, dynamicFee: 9n },
    });
    expect(structLog(step, traceOptions({ enableMemory: true }))).to.deep.equal({
      pc: 0,
      op: "MSTORE",
      gas: 1000,
      gasCost: 9,
      depth: 1,
      stack: ["0xff"],
      memory: [`0xab${"0".repeat(62)}`],
    });
    expect(structLog(step, traceOptions({ disableStack: true }))).to.not.have.any.keys("stack", "memory");
  });
});

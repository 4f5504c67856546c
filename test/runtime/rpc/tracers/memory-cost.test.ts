import { expect } from "chai";

import { memoryExpansionCost } from "../../../../src/runtime/rpc/tracers/memory-cost.js";

describe("memoryExpansionCost", () => {
  it("prices growth as 3 per word plus words squared over 512, less what memory already cost", () => {
    // MLOAD at 0 on empty memory: one word, 3 gas.
    expect(memoryExpansionCost("MLOAD", [0n], 0n)).to.equal(3n);
    // MLOAD at 0x01000000: 524,289 words.
    const words = 0x01000000n / 32n + 1n;
    expect(memoryExpansionCost("MLOAD", [0x01000000n], 0n)).to.equal(3n * words + (words * words) / 512n);
    // Already grown far enough: nothing.
    expect(memoryExpansionCost("MSTORE", [1n, 0n], 4n)).to.equal(0n);
  });

  it("reads each opcode's ranges from the stack (top last) and ignores empty ones", () => {
    // KECCAK256 offset 64, size 32 (offset on top): three words.
    expect(memoryExpansionCost("KECCAK256", [32n, 64n], 0n)).to.equal(9n);
    expect(memoryExpansionCost("KECCAK256", [0n, 1_000_000n], 0n)).to.equal(0n);
    // CALL (gas on top, then address, value, in offset and size, out offset and size): out range 0x40..0x60
    // grows to three words; the in range is empty.
    const call = [0x20n, 0x40n, 0n, 0n, 0n, 0n, 100_000n];
    expect(memoryExpansionCost("CALL", call, 0n)).to.equal(9n);
    expect(memoryExpansionCost("ADD", [1n, 2n], 0n)).to.equal(0n);
  });
});

import { expect } from "chai";

import { decodeInstructions } from "../../../src/plugin/network/source-maps.js";

describe("plugin/network/source-maps: decodeInstructions", () => {
  // PUSH1 0x80, PUSH2 0x0102, JUMPDEST, JUMP, REVERT
  const code = "0x6080610102" + "5b" + "56" + "fd";

  it("maps each instruction's pc to its source-map entry, fields inherited from the previous entry", () => {
    const instructions = decodeInstructions(code, "10:5:0:-;;20:::i;:7:1:o;", (file) => file === 0);
    expect([...instructions.keys()]).to.deep.equal([0, 2, 5, 6, 7]);
    expect(instructions.get(0)).to.deep.equal({
      opcode: 0x60,
      jump: "-",
      location: { offset: 10, length: 5, file: 0 },
    });
    expect(instructions.get(2)?.location).to.deep.equal({ offset: 10, length: 5, file: 0 });
    expect(instructions.get(5)).to.deep.equal({
      opcode: 0x5b,
      jump: "i",
      location: { offset: 20, length: 5, file: 0 },
    });
  });

  it("a location in a file the build does not list (generated code) or past the map is none", () => {
    const instructions = decodeInstructions(code, "10:5:0:-;;20:::i;:7:1:o", (file) => file === 0);
    expect(instructions.get(6)).to.deep.equal({ opcode: 0x56, jump: "o", location: undefined });
    expect(instructions.get(7)).to.deep.equal({ opcode: 0xfd, jump: "-", location: undefined });
  });
});

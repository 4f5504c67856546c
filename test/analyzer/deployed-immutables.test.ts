import { expect } from "chai";
import type { Node } from "solidity-ast/node.js";
import { immutableOffsets, immutableValues } from "../../src/analyzer/deployed-immutables.js";

const decl = (name: string) => ({ nodeType: "VariableDeclaration", name }) as unknown as Node;
const build = (names: Record<number, string>) => ({
  node: (id: number | null | undefined) => (id != null && names[id] !== undefined ? decl(names[id]) : undefined),
});

describe("analyzer: immutables read from a deployment's code (deployed-immutables.ts)", function () {
  it("keeps each immutable's first word offset by name; a name two immutables share, or a non-word range, is left out", function () {
    const refs = {
      "7": [
        { start: 10, length: 32 },
        { start: 90, length: 32 },
      ],
      "8": [{ start: 50, length: 32 }],
      "9": [{ start: 130, length: 32 }],
      "10": [{ start: 170, length: 20 }],
    };
    const offsets = immutableOffsets(build({ 7: "factory", 8: "owner", 9: "owner", 10: "odd" }), refs);
    expect(offsets).to.deep.equal({ factory: 10 });
    expect(immutableOffsets(build({}), refs)).to.equal(undefined);
    expect(immutableOffsets(build({}), undefined)).to.equal(undefined);
  });

  it("reads the 32-byte word at the offset; code too short for it tells nothing", function () {
    const word = `${"00".repeat(12)}${"ab".repeat(20)}`;
    const code = `0x${"60".repeat(5)}${word}${"00".repeat(3)}`;
    expect(immutableValues({ immutables: { factory: 5 } }, code)).to.deep.equal({ factory: `0x${word}` });
    expect(immutableValues({ immutables: { factory: 5, late: 30 } }, code)).to.deep.equal({ factory: `0x${word}` });
    expect(immutableValues({}, code)).to.deep.equal({});
  });
});

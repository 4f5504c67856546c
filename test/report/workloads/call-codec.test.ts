import { expect } from "chai";
import { Interface } from "ethers";

import { CallCodec } from "../../../src/report/workloads/call-codec.js";

const ABI = [
  "function transfer(address to, uint256 amount) returns (bool)",
  "function swap(uint256 amountIn, bool zeroForOne)",
  "function mint(address to)",
  "function mint(address to, uint256 id)",
  "function craft(uint256[] ids, bytes data, (address a, uint8 b) t)",
];
const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

describe("CallCodec", function () {
  const iface = new Interface(ABI);
  const codec = new CallCodec(iface);

  it("encodes exactly as Interface.encodeFunctionData, again and again", function () {
    const calls: Array<[string, unknown[]]> = [
      ["transfer", [ALICE, 5n]],
      ["transfer", [ALICE, 2n ** 255n]],
      ["swap", [10n ** 15n, true]],
      ["mint(address)", [ALICE]],
      ["mint(address,uint256)", [ALICE, 7n]],
      ["craft", [[1n, 2n, 3n], "0x1234", [ALICE, 9]]],
    ];
    for (let round = 0; round < 3; round++)
      for (const [fn, args] of calls) expect(codec.encode(fn, args), fn).to.equal(iface.encodeFunctionData(fn, args));
  });

  it("fails like encodeFunctionData on an ambiguous or unknown name and on bad arguments", function () {
    for (const [fn, args] of [
      ["mint", [ALICE]],
      ["burn", []],
      ["transfer", [ALICE]],
    ] as Array<[string, unknown[]]>) {
      const expected = (() => {
        try {
          iface.encodeFunctionData(fn, args);
          return "no error";
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(expected, fn).to.not.equal("no error");
      expect(() => codec.encode(fn, args), fn).to.throw(expected);
    }
  });

  it("names the function of a selector as getFunction does, and nothing for an unknown selector", function () {
    iface.forEachFunction((f) => expect(codec.functionName(f.selector)).to.equal(iface.getFunction(f.selector)?.name));
    expect(codec.functionName("0xdeadbeef")).to.equal(undefined);
  });
});

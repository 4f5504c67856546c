import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";

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

  it("writes one-word arguments itself exactly as the ABI coder does, edge values and fallbacks included", function () {
    const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const values: Record<string, unknown[]> = {
      address: [ALICE, checksummed, ALICE.toUpperCase().replace("0X", "0x"), `0x${"0".repeat(40)}`],
      bool: [true, false, 1, 0],
      uint8: [0n, 255n, 7, "9", 200],
      int16: [-32768n, 32767n, -1n, -1, 0n, "0x10"],
      uint256: [0n, 2n ** 256n - 1n, Number.MAX_SAFE_INTEGER, "123"],
      int256: [-(2n ** 255n), 2n ** 255n - 1n, -5, 0n],
      bytes32: [`0x${"ab".repeat(32)}`, `0x${"AB".repeat(32)}`, `0x${"0".repeat(64)}`],
    };
    for (const [type, list] of Object.entries(values)) {
      const single = new Interface([`function g(${type} x)`]);
      const singleCodec = new CallCodec(single);
      for (const value of list)
        expect(singleCodec.encode("g", [value]), `${type} ${String(value)}`).to.equal(
          single.encodeFunctionData("g", [value]),
        );
    }
    const mixed = new Interface(["function f(address a, bool b, uint8 c, int16 d, uint256 e, int256 g, bytes32 h)"]);
    const args = [ALICE, true, 255n, -2n, 2n ** 200n, -(2n ** 100n), `0x${"cd".repeat(32)}`];
    expect(new CallCodec(mixed).encode("f", args)).to.equal(mixed.encodeFunctionData("f", args));
    for (const bad of [
      [ALICE, true, 256n, 0n, 0n, 0n, `0x${"0".repeat(64)}`],
      ["0x1234", true, 1n, 0n, 0n, 0n, `0x${"0".repeat(64)}`],
    ]) {
      expect(() => new CallCodec(mixed).encode("f", bad)).to.throw(/out-of-bounds|invalid/i);
    }
  });

  it("writes dynamic arrays of one-word values itself exactly as the ABI coder does, fallbacks included", function () {
    const swap = new Interface([
      "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)",
      "function batch(int8[] deltas, bool flag, bytes32[] keys, uint64[] ids)",
      "function fixed(address[2] pair, uint256 n)",
    ]);
    const swapCodec = new CallCodec(swap);
    const token = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
    const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const calls: Array<[string, unknown[]]> = [
      ["swapExactTokensForTokens", [10n ** 18n, 0n, [token(1), token(2)], ALICE, 2n ** 40n]],
      ["swapExactTokensForTokens", [1n, 2n, [token(1), token(2), token(3), ALICE], ALICE, 3]],
      ["swapExactTokensForTokens", [1n, 2n, [], ALICE, 3n]],
      // An element the word writers leave to the coder (a checksummed address), and an element out of range.
      ["swapExactTokensForTokens", [1n, 2n, [token(1), checksummed], ALICE, 3n]],
      ["batch", [[-128n, 127n, -1, 0n], true, [`0x${"ab".repeat(32)}`], [0n, 2n ** 64n - 1n, 5]]],
      ["batch", [[], false, [], []]],
      ["batch", [[1n], false, [`0x${"AB".repeat(32)}`, `0x${"0".repeat(64)}`], [7n, 8n, 9n]]],
      ["fixed", [[token(4), token(5)], 6n]],
    ];
    for (const [fn, args] of calls)
      expect(swapCodec.encode(fn, args), `${fn} ${String(args)}`).to.equal(swap.encodeFunctionData(fn, args));
    // The plain ones never reach the ABI coder.
    const expected = calls.map(([fn, args]) => swap.encodeFunctionData(fn, args));
    const coder = Object.getOwnPropertyDescriptor(AbiCoder, "defaultAbiCoder");
    Object.defineProperty(AbiCoder, "defaultAbiCoder", {
      value: () => expect.fail("the ABI coder was called"),
      configurable: true,
    });
    try {
      for (const i of [0, 1, 2, 4, 5, 6]) {
        const [fn, args] = calls[i] ?? ["", []];
        expect(new CallCodec(swap).encode(fn, args), `${fn} ${String(args)}`).to.equal(expected[i]);
      }
    } finally {
      if (coder !== undefined) Object.defineProperty(AbiCoder, "defaultAbiCoder", coder);
    }
    expect(() => swapCodec.encode("batch", [[128n], true, [], []])).to.throw(/out-of-bounds|overflow|invalid/i);
    expect(() => swapCodec.encode("swapExactTokensForTokens", [1n, 2n, "not an array", ALICE, 3n])).to.throw(
      /cannot encode/,
    );
  });

  it("names an overloaded function's signatures and an unknown function's alternatives", function () {
    const named = new CallCodec(iface, "Token");
    expect(() => named.encode("mint", [ALICE])).to.throw(
      'Token.mint is overloaded: name one by its signature, one of "mint(address)", "mint(address,uint256)"',
    );
    expect(() => named.encode("burn", [])).to.throw(
      'Token has no function "burn" (its functions: "craft(uint256[],bytes,(address,uint8))", "mint(address)", ',
    );
    expect(() => named.encode("mint(uint256)", [1n])).to.throw('Token has no function "mint(uint256)"');
    expect(named.encode("mint(address, uint256)", [ALICE, 1n])).to.equal(
      iface.encodeFunctionData("mint(address,uint256)", [ALICE, 1n]),
    );
  });

  it("fails like encodeFunctionData on bad arguments", function () {
    let expected = "no error";
    try {
      iface.encodeFunctionData("transfer", [ALICE]);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).to.not.equal("no error");
    expect(() => codec.encode("transfer", [ALICE])).to.throw(expected);
    // The workload's call is named with the arguments it was given, before the coder's words.
    expect(() => new CallCodec(iface, "Token").encode("transfer", [ALICE, "abc"])).to.throw(
      `cannot encode Token.transfer(address,uint256) with arguments ("${ALICE}", "abc"): invalid BigNumberish string`,
    );
  });

  it("names the function of a selector as getFunction does, and nothing for an unknown selector", function () {
    iface.forEachFunction((f) => expect(codec.functionName(f.selector)).to.equal(iface.getFunction(f.selector)?.name));
    expect(codec.functionName("0xdeadbeef")).to.equal(undefined);
  });
});

import { expect } from "chai";
import { Interface } from "ethers";
import { keyValue, paramBytesOf, paramWord } from "../../src/analyzer/key-values.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

describe("analyzer: calldata words of parameters (key-values.ts)", function () {
  it("a static parameter after dynamic ones sits at its head word (a dynamic one takes its offset word)", function () {
    expect(paramWord("safeTransferFrom(address,address,uint256,uint256,bytes)", 2)).to.equal(2);
    expect(paramWord("f(bytes,address)", 1)).to.equal(1);
    expect(paramWord("f(string,uint256[],address)", 2)).to.equal(2);
  });

  it("static tuples and fixed arrays before it take their whole size; a dynamic tuple one word", function () {
    expect(paramWord("f((uint256,uint256),address)", 1)).to.equal(2);
    expect(paramWord("f(uint256[3],address)", 1)).to.equal(3);
    expect(paramWord("f((uint256,bytes),address)", 1)).to.equal(1);
    expect(paramWord("f(uint256[2][2],bool)", 1)).to.equal(4);
  });

  it("no word for a parameter that is not one static value", function () {
    expect(paramWord("f(bytes,address)", 0)).to.equal(undefined);
    expect(paramWord("f(uint256[3],address)", 0)).to.equal(undefined);
    expect(paramWord("f((uint256,uint256))", 0)).to.equal(undefined);
    expect(paramWord("f()", 0)).to.equal(undefined);
  });
});

describe("analyzer: members of calldata struct parameters (key-values.ts)", function () {
  const forwarder = contractOf(analyzeFixtures("0.8.28", ["PublishedOzAccess.sol"]), "PubForwarder");
  const execute = fnOf(forwarder, "execute");
  const TARGET = "0x00000000000000000000000000000000000c0de1";
  const FROM = "0x000000000000000000000000000000000000a11c";

  it("ERC2771Forwarder's `request.to` is member 1 of the calldata struct, read from the transaction's calldata", function () {
    const all = [...execute.reads, ...execute.writes].flatMap((a) => a.location.levels.map((l) => l.key));
    const to = all.find((k) => k?.kind === "param" && k.name === "request.to");
    expect(to).to.deep.include({ kind: "param", index: 0, member: 1 });
    if (to?.kind !== "param") throw new Error("no request.to key");
    const iface = new Interface([
      "function execute((address from, address to, uint256 value, uint256 gas, uint48 deadline, bytes data, bytes signature) request)",
    ]);
    const input = iface.encodeFunctionData("execute", [[FROM, TARGET, 0n, 100000n, 2n ** 40n, "0x1234", "0x"]]);
    const call = { from: FROM, to: "0x00000000000000000000000000000000000f0a2d", input };
    const tx = { hash: "0x01", ...call, accesses: [] };
    expect(keyValue(to, call, tx, execute)).to.equal(BigInt(TARGET));
    expect(keyValue({ ...to, member: 0 }, call, tx, execute)).to.equal(BigInt(FROM));
    // A member of a dynamic type (`data`) is no word.
    expect(keyValue({ ...to, member: 5 }, call, tx, execute)).to.equal("any");
  });

  it("the bytes of a `bytes` member (`request.data`, member 5) are read from the struct's own offsets", function () {
    const iface = new Interface([
      "function execute((address from, address to, uint256 value, uint256 gas, uint48 deadline, bytes data, bytes signature) request)",
    ]);
    const data = `0x${"ab".repeat(37)}`;
    const input = iface.encodeFunctionData("execute", [[FROM, TARGET, 0n, 1n, 2n, data, `0x${"cd".repeat(65)}`]]);
    const call = { from: FROM, to: TARGET, input };
    const key = { kind: "param" as const, name: "request.data", index: 0, member: 5 };
    expect(paramBytesOf(key, call, execute)?.toString("hex")).to.equal(data.slice(2));
    expect(paramBytesOf({ ...key, member: 6 }, call, execute)?.length).to.equal(65);
    // Not a `bytes` member, or another parameter's name: no bytes.
    expect(paramBytesOf({ ...key, member: 1 }, call, execute)).to.equal(undefined);
    expect(paramBytesOf({ ...key, name: "other.data" }, call, execute)).to.equal(undefined);
  });

  it("tx.origin is the transaction's sender, also where a call inside it has another sender (`origin`)", function () {
    const call = { from: TARGET, to: TARGET, input: "0x" };
    const tx = { hash: "0x01", from: TARGET, origin: FROM, to: TARGET, input: "0x", accesses: [] };
    expect(keyValue({ kind: "origin" }, call, tx, execute)).to.equal(BigInt(FROM));
    expect(keyValue({ kind: "sender" }, call, tx, execute)).to.equal(BigInt(TARGET));
  });
});

/**
 * Fixed-size arrays indexed by computed values (the sharding pattern of the sample's *Parallel contracts): the
 * access must cover every element the index can denote, and two accesses conflict iff their indices are equal.
 * Expectations are hand-checked against the layout written at the top of StaticArrays.sol.
 */
import { expect } from "chai";
import {
  checkSoundness,
  summarizeBytecode,
  type AccessJson,
  type ExecutedTransaction,
} from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const arrays = () => contractOf(analyzeFixtures("0.8.28", ["StaticArrays.sol"]), "StaticArrays");

function write(fn: string, prefix: string): AccessJson {
  const found = fnOf(arrays(), fn).writes.find((w) => w.location.text.startsWith(prefix));
  if (found === undefined) throw new Error(`no write of ${prefix} in ${fn}`);
  return found;
}

/** Level `i` of a write as `[start, span]` (hex). */
function bounds(fn: string, prefix: string, i = 0): [string, string | null] {
  const level = write(fn, prefix).location.levels[i];
  return [level?.start ?? "", level?.span ?? ""];
}

describe("analyzer: fixed-size arrays with computed indices (StaticArrays.sol)", function () {
  it("sizes arrays whose length is a constant (solc's layout agrees with the hand-checked one)", function () {
    const slots = Object.fromEntries(arrays().storage.map((s) => [s.label, s.slot]));
    expect(slots).to.deep.equal({
      shardTotal: "0x0",
      shardOwner: "0x4",
      cells: "0x8",
      grid: "0x10",
      ticks: "0x1c",
      perShard: "0x1e",
      bags: "0x22",
      tail: "0x23",
    });
    // Was: one slot (the `SHARDS` length made the type unknown), so shards 1..3 went unpredicted.
    expect(bounds("add", "shardTotal")).to.deep.equal(["0x0", "0x4"]);
    const owner = write("add", "shardOwner").location;
    expect([owner.levels[0]?.start, owner.levels[0]?.span, owner.offset, owner.bytes]).to.deep.equal([
      "0x4",
      "0x4",
      0,
      20,
    ]);
  });

  it("an element member covers that member in every element (struct in a fixed array)", function () {
    // cells[s].c: slot 8 + 2s + 1 for s in 0..3 → bounds [9, 16).
    expect(bounds("setC", "cells")).to.deep.equal(["0x9", "0x7"]);
    expect(write("setC", "cells").location.levels[0]?.index).to.deep.include({
      base: "0x8",
      start: "0x1",
      span: "0x1",
    });
    // cells[s].b: packed in the first slot of the element.
    const b = write("setB", "cells").location;
    expect([b.levels[0]?.start, b.levels[0]?.span, b.offset, b.bytes]).to.deep.equal(["0x8", "0x7", 16, 16]);
  });

  it("arrays of arrays, mappings in a fixed array, fixed arrays in a struct", function () {
    // grid[s][col % 3]: 16 + 3s + j → [16, 28).
    expect(bounds("setGrid", "grid")).to.deep.equal(["0x10", "0xc"]);
    expect(write("setGrid", "grid").location.levels[0]?.index?.terms.map((t) => [t.stride, t.count])).to.deep.equal([
      ["0x3", "0x4"],
      ["0x1", "0x3"],
    ]);
    // perShard[s][to]: the mapping's slot is one of 30..33.
    expect(bounds("credit", "perShard")).to.deep.equal(["0x1e", "0x4"]);
    expect(write("credit", "perShard").location.levels[1]?.key).to.deep.equal({ kind: "param", name: "to", index: 0 });
    // Bag = x, items[4], last: `last` is slot 5 of the Bag (was 2 when the constant length was not resolved).
    expect(bounds("setLast", "bags", 1)).to.deep.equal(["0x5", "0x1"]);
    expect(bounds("setItem", "bags", 1)).to.deep.equal(["0x1", "0x4"]);
  });

  it("packed elements at a computed index cover the whole array (no per-element key)", function () {
    const tick = write("tick", "ticks").location;
    expect([tick.levels[0]?.start, tick.levels[0]?.span, tick.levels[0]?.index, tick.offset]).to.deep.equal([
      "0x1c",
      "0x2",
      undefined,
      undefined,
    ]);
    expect(pairOf(arrays(), "tick", "tick").class).to.equal("always");
  });

  it("computed indices are may-alias keys: conflict iff the shards are equal, never `always`", function () {
    const add = pairOf(arrays(), "add", "add");
    expect(add.class).to.equal("key-dependent");
    expect(add.words).to.contain("msg.sender % SHARDS = msg.sender % SHARDS′");
    expect(add.clauses.every((c) => c.terms.every((t) => t.bounded === true))).to.equal(true);
    const grid = pairOf(arrays(), "setGrid", "setGrid");
    expect(grid.class).to.equal("key-dependent");
    expect(grid.clauses[0]?.terms).to.have.length(2);
    const credit = pairOf(arrays(), "credit", "credit");
    // `+=` on both sides: they only meet in commutative updates, iff to % SHARDS = to′ % SHARDS and to = to′.
    expect(credit.class).to.equal("commutative-only");
    expect(credit.clauses.map((c) => c.terms.map((t) => `${t.a.kind}${t.bounded ? "[]" : ""}`))).to.deep.equal([
      ["expr[]", "param"],
    ]);
    // `to % SHARDS` is arithmetic over a parameter: execution can evaluate it (soundness, precision oracle).
    expect(credit.clauses[0]?.terms[0]?.a).to.include({ kind: "expr", op: "%", text: "to % SHARDS" });
    expect(pairOf(arrays(), "add", "totalOf").words).to.contain("msg.sender % SHARDS = shard′");
  });

  it("different members or constant elements separate accesses", function () {
    expect(pairOf(arrays(), "setC", "setB").class).to.equal("none");
    expect(pairOf(arrays(), "setB", "setB").class).to.equal("key-dependent");
    expect(pairOf(arrays(), "bumpFirst", "totalOf").words).to.contain("0 = shard′");
    expect(pairOf(arrays(), "add", "bumpTail").class).to.equal("none");
    expect(pairOf(arrays(), "setItem", "setLast").class).to.equal("none");
  });
});

const SENDERS = ["11", "22", "33", "44", "a7"].map((b) => `0x${b.repeat(20)}`); // shards 1, 2, 3, 0, 3

async function run(): Promise<{ address: string; txs: ExecutedTransaction[] }> {
  const calls = SENDERS.flatMap((from, i) => [
    { from, fn: "add", args: [BigInt(i + 1)] },
    { from, fn: "setC", args: [7n] },
    { from, fn: "setB", args: [8n] },
    { from, fn: "setGrid", args: [BigInt(i), 9n] },
    { from, fn: "tick", args: [10n] },
    { from, fn: "credit", args: [SENDERS[(i + 1) % SENDERS.length], 11n] },
    { from, fn: "setLast", args: [12n] },
    { from, fn: "setItem", args: [BigInt(i), 13n] },
    { from, fn: "bumpFirst", args: [] },
    { from, fn: "totalOf", args: [BigInt(i % 4)] },
  ]);
  return execute("StaticArrays.sol", "StaticArrays", calls);
}

describe("analyzer: soundness of fixed-size array accesses against execution", function () {
  it("every slot of every shard the calls touch is covered, with and without keccak preimages", async function () {
    const { address, txs } = await run();
    const result = analyzeFixtures("0.8.28", ["StaticArrays.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "StaticArrays" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(60);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
    const bare = txs.map(({ preimages: _, ...tx }) => tx);
    const withoutPreimages = checkSoundness({ result, deployments: { [address]: "StaticArrays" }, transactions: bare });
    expect(withoutPreimages.misses).to.deep.equal([]);
  });

  it("the check catches the old bug: an element access narrowed to shard 0 misses the other shards", async function () {
    const { address, txs } = await run();
    const broken = structuredClone(analyzeFixtures("0.8.28", ["StaticArrays.sol"]));
    const setC = contractOf(broken, "StaticArrays").functions.find((f) => f.name === "setC");
    const level = setC?.writes[0]?.location.levels[0];
    if (level === undefined) throw new Error("no setC write");
    delete level.index;
    level.span = "0x1"; // slot 9 only: cells[0].c
    const report = checkSoundness({ result: broken, deployments: { [address]: "StaticArrays" }, transactions: txs });
    // Senders of shards 1, 2, 3, 3 write cells[s].c at slots 11, 13, 15, 15.
    expect(report.misses.filter((m) => m.function === "setC(uint256)").map((m) => Number(m.slot))).to.deep.equal([
      11, 13, 15, 15,
    ]);
  });
});

describe("analyzer: bytecode fallback memory", function () {
  it("a KECCAK256 over memory written by CALLDATACOPY is not the stale word stored before (unknown slot)", function () {
    // mstore(0, 5); calldatacopy(0, 4, 32); sload(keccak256(0, 32)); stop
    const code = "600560005260206004600037602060002054" + "00";
    const [fn] = summarizeBytecode(code, new Map([["12345678", "f(uint256)"]]));
    expect(fn?.reads.map((a) => a.location.root.kind)).to.deep.equal(["unknown"]);
  });

  it("an unaligned MSTORE invalidates the words it overlaps", function () {
    // mstore(0, 5); mstore(16, caller); sload(keccak256(0, 32)); stop
    const code = "6005600052" + "33601052" + "602060002054" + "00";
    const [fn] = summarizeBytecode(code, new Map([["12345678", "f()"]]));
    expect(fn?.reads.map((a) => a.location.root.kind)).to.deep.equal(["unknown"]);
  });
});

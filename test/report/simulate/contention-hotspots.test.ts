import { expect } from "chai";

import { buildDependencyDag } from "../../../src/report/simulate/dependency-dag.js";
import { functionPairConflicts } from "../../../src/report/simulate/function-conflicts.js";
import { blockHotspots, groupHotspots, mergeHotspots } from "../../../src/report/simulate/contention-hotspots.js";
import { block, COINBASE, counterBlock, independentBlock, slot } from "./trace-builders.js";

const hotspotsOf = (trace: ReturnType<typeof block>) => blockHotspots(trace, buildDependencyDag(trace));

describe("report/simulate: hotspots", () => {
  it("finds the counter of a counter block with its edges, touches and serialized gas", () => {
    expect(hotspotsOf(counterBlock(4))).to.deep.equal([
      { location: slot(0), edges: 3, transactions: 4, readers: 4, writers: 4, deltaWriters: 0, serializedGas: 300 },
    ]);
    expect(hotspotsOf(independentBlock(5))).to.deep.equal([]);
  });

  it("counts a waiting transaction once however many edges reach it, and counts delta writers", () => {
    const trace = block([
      { gas: 10, deltas: [COINBASE] },
      { gas: 20, deltas: [COINBASE] },
      { gas: 40, reads: [COINBASE] },
    ]);
    expect(hotspotsOf(trace)).to.deep.equal([
      { location: COINBASE, edges: 2, transactions: 3, readers: 1, writers: 0, deltaWriters: 2, serializedGas: 40 },
    ]);
  });

  it("ranks by serialized gas, then edges, then touches, then key", () => {
    const [x, y, z] = [slot(2), slot(1), slot(3)];
    const trace = block([
      { writes: [x, y, z] },
      { gas: 100, reads: [y] },
      { gas: 100, reads: [x] },
      { gas: 300, reads: [z] },
    ]);
    expect(hotspotsOf(trace).map((h) => h.location)).to.deep.equal([z, y, x]);
  });

  it("groups locations: an edge or a transaction through two locations of one group counts once", () => {
    const [a, b, other] = [slot(1), slot(2), slot(3)];
    const trace = block([
      { gas: 10, writes: [a, b] },
      { gas: 20, reads: [a, b] },
      { gas: 40, reads: [other] },
    ]);
    // Per location, both a and b carry the one edge 0 -> 1: summing them would say 2 edges out of 1.
    expect(hotspotsOf(trace).map((h) => h.edges)).to.deep.equal([1, 1]);
    const grouped = groupHotspots([trace, trace], (location) => (location === other ? undefined : "pair"));
    expect([...grouped]).to.deep.equal([["pair", { edges: 2, transactions: 4, serializedGas: 40 }]]);
  });

  it("merges blocks by summing per location", () => {
    const merged = mergeHotspots([hotspotsOf(counterBlock(4)), hotspotsOf(counterBlock(3, 10))]);
    expect(merged).to.deep.equal([
      { location: slot(0), edges: 5, transactions: 7, readers: 7, writers: 7, deltaWriters: 0, serializedGas: 320 },
    ]);
  });
});

describe("report/simulate: function-pair conflicts", () => {
  it("calls every pair of counter increments conflicting, not only DAG neighbours", () => {
    expect(functionPairConflicts([counterBlock(4)])).to.deep.equal([
      { first: "Counter.increment", second: "Counter.increment", conflicts: 6, pairs: 6, rate: 1 },
    ]);
  });

  it("counts pairs across blocks and orders pairs by rate", () => {
    const inc = { reads: [slot(0)], writes: [slot(0)], contract: "Counter", function: "increment" };
    const get = { reads: [slot(0)], contract: "Counter", function: "get" };
    const move = { reads: [slot(5)], writes: [slot(5)], contract: "Token", function: "transfer" };
    const result = functionPairConflicts([block([inc, move, inc, get]), block([get, inc])]);
    expect(result).to.deep.equal([
      { first: "Counter.increment", second: "Counter.increment", conflicts: 1, pairs: 1, rate: 1 },
      { first: "Counter.get", second: "Counter.increment", conflicts: 2, pairs: 3, rate: 2 / 3 },
    ]);
  });
});

import { expect } from "chai";

import { RunWriters } from "../../../../src/runtime/parallel/block-stm/run-writers.js";
import type { AccessSets, LocationKey, LocationValue } from "../../../../src/runtime/vocabulary.js";

function access(writes: Record<string, bigint>, deltas: Record<string, bigint> = {}): AccessSets {
  return {
    reads: new Map(),
    writes: new Map(Object.entries(writes)),
    deltas: new Map(Object.entries(deltas)),
    codes: new Map(),
  };
}

/** A committed state the checks read through, counting the reads. */
function committed(values: Record<string, bigint>): { valueOf: (key: LocationKey) => LocationValue; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    valueOf: (key) => {
      reads.push(key);
      return values[key] ?? 0n;
    },
  };
}

describe("RunWriters (validation by run at the in-order commit)", () => {
  it("accepts reads of locations only the reader's own run wrote without reading the state", () => {
    const writers = new RunWriters();
    writers.accepted(0, access({ a: 5n }));
    const state = committed({ a: 99n });
    expect(
      writers.firstStale(
        0,
        new Map([
          ["a", 5n],
          ["b", 0n],
        ]),
        state.valueOf,
      ),
    ).to.equal(undefined);
    expect(state.reads).to.deep.equal([]);
  });

  it("checks by value a location another run wrote, and names it when it changed", () => {
    const writers = new RunWriters();
    writers.accepted(0, access({ a: 5n }));
    const state = committed({ a: 5n });
    expect(writers.firstStale(1, new Map([["a", 5n]]), state.valueOf)).to.equal(undefined);
    expect(writers.firstStale(1, new Map([["a", 4n]]), state.valueOf)).to.equal("a");
    expect(state.reads).to.deep.equal(["a", "a"]);
  });

  it("treats deltas of two runs as mixed, and an absolute write as resetting the location to its writer", () => {
    const writers = new RunWriters();
    writers.accepted(0, access({}, { c: 1n }));
    writers.accepted(1, access({}, { c: 1n }));
    const state = committed({ c: 2n });
    expect(writers.firstStale(1, new Map([["c", 1n]]), state.valueOf)).to.equal("c");
    writers.accepted(1, access({ c: 7n }));
    expect(writers.firstStale(1, new Map([["c", 123n]]), state.valueOf)).to.equal(undefined);
  });

  it("checks every read of a run by value once one of its transactions was decided at its commit point", () => {
    const writers = new RunWriters();
    writers.decidedAtCommit(0, access({ x: 1n }));
    const state = committed({ b: 3n, x: 1n });
    // b was written by nobody committed, but run 0 went on from a speculative write that is not final.
    expect(writers.firstStale(0, new Map([["b", 2n]]), state.valueOf)).to.equal("b");
    // x, written at the commit point, is checked by value for every run.
    expect(writers.firstStale(1, new Map([["x", 0n]]), state.valueOf)).to.equal("x");
  });

  it("checks every read of a run that did not execute in block order by value", () => {
    const writers = new RunWriters();
    writers.unordered(2);
    const state = committed({ a: 1n });
    expect(writers.firstStale(2, new Map([["a", 0n]]), state.valueOf)).to.equal("a");
    expect(writers.firstStale(3, new Map([["a", 0n]]), state.valueOf)).to.equal(undefined);
  });
});

import { expect } from "chai";

import {
  balanceKey,
  parseLocationKey,
  storageKey,
  validateBlockTrace,
} from "../../../src/report/record/block-trace.js";
import { buildDependencyDag, conflictDensity } from "../../../src/report/simulate/dependency-dag.js";
import { address, block, COINBASE, counterBlock, independentBlock, slot } from "./trace-builders.js";

const pairs = (dag: ReturnType<typeof buildDependencyDag>): string[] => dag.edges.map((e) => `${e.from}->${e.to}`);

describe("report/simulate: location keys", () => {
  it("builds canonical keys and parses them back", () => {
    const key = storageKey(
      "0xABCDEF0000000000000000000000000000000001",
      "0x000000000000000000000000000000000000000000000000000000000000001a",
    );
    expect(key).to.equal("storage:0xabcdef0000000000000000000000000000000001:0x1a");
    expect(storageKey(address(1), 26n)).to.equal(storageKey(address(1), "1a"));
    expect(parseLocationKey(key)).to.deep.equal({
      kind: "storage",
      address: "0xabcdef0000000000000000000000000000000001",
      slot: "0x1a",
    });
    expect(parseLocationKey(`${balanceKey(address(2))}#3`)).to.deep.equal({
      kind: "balance",
      address: address(2),
      part: 3,
    });
  });

  it("rejects malformed keys, misplaced indices and bad gas", () => {
    expect(() => parseLocationKey("storage:0x12")).to.throw(/Invalid location key "storage:0x12"/);
    expect(() => parseLocationKey(`balance:${address(1)}:0x1`)).to.throw(/Invalid location key/);
    expect(() =>
      validateBlockTrace({ transactions: [{ index: 1, gasUsed: 1, reads: [], writes: [], deltas: [] }] }),
    ).to.throw(/transaction 0: index is 1/);
    expect(() => validateBlockTrace(block([{ reads: ["nonce:0xzz"] }]), 4)).to.throw(
      /Block 4, transaction 0: Invalid location key/,
    );
    expect(() => validateBlockTrace(block([{ gas: -1 }]))).to.throw(/gasUsed -1/);
    expect(() => validateBlockTrace(block([{ gas: 2n ** 60n }]))).to.throw(/not a non-negative safe integer/);
  });
});

describe("report/simulate: dependency DAG", () => {
  it("has no edge in a block of independent transactions", () => {
    const dag = buildDependencyDag(independentBlock(6));
    expect(dag.edges).to.deep.equal([]);
    expect(conflictDensity(dag)).to.equal(0);
  });

  it("links each counter increment to the previous one only (latest writer)", () => {
    const dag = buildDependencyDag(counterBlock(4));
    expect(pairs(dag)).to.deep.equal(["0->1", "1->2", "2->3"]);
    expect(dag.edges[0]?.locations).to.deep.equal([slot(0)]);
    expect(dag.predecessors).to.deep.equal([[], [0], [1], [2]]);
    expect(dag.successors).to.deep.equal([[1], [2], [3], []]);
    expect(conflictDensity(dag)).to.equal(3 / 6);
  });

  it("builds a diamond and records every location of an edge, sorted", () => {
    const [a, b, c, d] = [slot(1), slot(2), slot(3), slot(4)];
    const dag = buildDependencyDag(
      block([
        { writes: [b, a] },
        { reads: [a], writes: [c] },
        { reads: [b], writes: [d] },
        { reads: [d, c] },
        { reads: [b, a] },
      ]),
    );
    expect(pairs(dag)).to.deep.equal(["0->1", "0->2", "1->3", "2->3", "0->4"]);
    expect(dag.edges.at(-1)?.locations).to.deep.equal([a, b].sort());
  });

  it("ignores write-after-write, write-after-read and blind writes", () => {
    const x = slot(7);
    const dag = buildDependencyDag(block([{ reads: [x] }, { writes: [x] }, { writes: [x] }, { reads: [x] }]));
    expect(pairs(dag)).to.deep.equal(["2->3"]);
  });

  it("creates no edge for coinbase deltas, but a coinbase reader waits for the writer and every delta since", () => {
    const withFees = block([
      { deltas: [COINBASE] },
      { writes: [COINBASE] },
      { deltas: [COINBASE] },
      { deltas: [COINBASE] },
      { reads: [COINBASE] },
    ]);
    expect(pairs(buildDependencyDag(withFees))).to.deep.equal(["1->4", "2->4", "3->4"]);
    const onlyFees = block(Array.from({ length: 5 }, () => ({ deltas: [COINBASE] })));
    expect(buildDependencyDag(onlyFees).edges).to.have.length(0);
  });

  it("does not let a transaction depend on itself and handles empty and one-transaction blocks", () => {
    expect(buildDependencyDag(block([{ reads: [slot(1)], writes: [slot(1)] }])).edges).to.deep.equal([]);
    const empty = buildDependencyDag(block([]));
    expect(empty.size).to.equal(0);
    expect(conflictDensity(empty)).to.equal(0);
  });
});

import { expect } from "chai";

import { simulateBlockStm } from "../../../src/report/simulate/block-stm-simulation.js";
import type { LocationKey } from "../../../src/report/record/block-trace.js";
import { referenceBlockStm } from "./reference-block-stm.js";
import { block, COINBASE, counterBlock, independentBlock, seededRandom, slot } from "./trace-builders.js";

/** A random block mixing hot slots, duplicated and never-written reads, blind writes, deltas and their readers. */
function mixedBlock(random: () => number, n: number): ReturnType<typeof block> {
  const pick = (): LocationKey => (random() < 0.3 ? COINBASE : slot(Math.floor(random() * (random() < 0.5 ? 3 : 40))));
  return block(
    Array.from({ length: n }, () => {
      const reads = Array.from({ length: Math.floor(random() * 5) }, pick);
      const writes = reads.filter((key) => key !== COINBASE && random() < 0.5);
      if (random() < 0.2) writes.push(slot(Math.floor(random() * 40)));
      const deltas = random() < 0.7 ? [COINBASE] : random() < 0.5 ? [slot(1)] : [];
      return { gas: 21_000 + Math.floor(random() * 80_000), reads, writes, deltas };
    }),
  );
}

describe("report/simulate: Block-STM simulation", () => {
  it("runs one thread sequentially and pays only validation", () => {
    const result = simulateBlockStm(counterBlock(4), 1);
    expect(result).to.deep.include({ makespanGas: 420, executions: 4, aborts: 0, validations: 4, validationGas: 20 });
    expect(result.speedup).to.equal(400 / 420);
    expect(simulateBlockStm(counterBlock(4), 1, { validationCostFraction: 0 }).speedup).to.equal(1);
  });

  it("runs independent transactions side by side with one execution each", () => {
    const result = simulateBlockStm(independentBlock(8), 8);
    expect(result).to.deep.include({ makespanGas: 105, executions: 8, executionsPerTx: 1, aborts: 0, wastedGas: 0 });
    const free = simulateBlockStm(independentBlock(8), 4, { validationCostFraction: 0 });
    expect(free.speedup).to.equal(4);
    expect(simulateBlockStm(independentBlock(8), 64, { validationCostFraction: 0 }).speedup).to.equal(8);
  });

  it("reproduces the hand-simulated counter chain on two threads", () => {
    // t=0 tx0, tx1 run; t=105 validation aborts tx1 (it read storage, tx0 wrote), tx2 reads tx1's first
    // incarnation; t=210 tx2 aborted, tx3 suspended on its ESTIMATE; tx3 ends at 410, validated at 415.
    const result = simulateBlockStm(counterBlock(4), 2);
    expect(result).to.deep.equal({
      threads: 2,
      sequentialGas: 400,
      makespanGas: 415,
      speedup: 400 / 415,
      executions: 6,
      executionsPerTx: 1.5,
      aborts: 2,
      suspensions: 1,
      validations: 6,
      wastedGas: 200,
      validationGas: 30,
      committed: [
        { start: 0, end: 100 },
        { start: 105, end: 205 },
        { start: 210, end: 310 },
        { start: 310, end: 410 },
      ],
    });
  });

  it("never beats sequential on a fully dependent chain, and counts the aborts", () => {
    for (const threads of [2, 4, 8, 16, 32, 64]) {
      const result = simulateBlockStm(counterBlock(20), threads);
      expect(result.speedup, `threads ${threads}`).to.be.at.most(1);
      expect(result.aborts, `threads ${threads}`).to.be.greaterThan(0);
      expect(result.executions).to.equal(20 + result.aborts);
      expect(result.wastedGas).to.equal(100 * result.aborts);
    }
  });

  it("lets coinbase deltas commute but makes a coinbase reader wait for them", () => {
    const transfer = (i: number) => ({ reads: [slot(i)], writes: [slot(i)], deltas: [COINBASE] });
    const fees = block(Array.from({ length: 8 }, (_, i) => transfer(i)));
    expect(simulateBlockStm(fees, 8)).to.deep.include({ aborts: 0, suspensions: 0, makespanGas: 105 });
    // With 16 threads the reader starts at t=0, sees no fee yet, fails validation at 105 and runs again.
    const reader = block([...Array.from({ length: 8 }, (_, i) => transfer(i)), { reads: [COINBASE] }]);
    expect(simulateBlockStm(reader, 16)).to.deep.include({ aborts: 1, executions: 10, makespanGas: 210 });
  });

  it("gives exactly what the reference implementation gives, on 150 seeded random blocks at 1-64 threads", () => {
    const random = seededRandom(20_261_206);
    for (let i = 0; i < 150; i++) {
      const mixed = mixedBlock(random, 1 + Math.floor(random() * 60));
      for (const threads of [1, 2, 3, 4, 8, 16, 32, 64]) {
        expect(simulateBlockStm(mixed, threads), `block ${i}, ${threads} threads`).to.deep.equal(
          referenceBlockStm(mixed, threads),
        );
      }
    }
  });

  it("handles the empty block and a single transaction, and rejects bad parameters", () => {
    expect(simulateBlockStm(block([]), 4)).to.deep.include({ speedup: 1, executions: 0, executionsPerTx: 0 });
    expect(simulateBlockStm(block([{ gas: 1000, writes: [slot(1)] }]), 16)).to.deep.include({ makespanGas: 1050 });
    expect(() => simulateBlockStm(block([]), 1.5)).to.throw(/positive integer/);
    expect(() => simulateBlockStm(block([]), 2, { validationCostFraction: -1 })).to.throw(/validationCostFraction/);
  });
});

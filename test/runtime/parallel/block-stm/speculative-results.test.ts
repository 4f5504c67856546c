import { expect } from "chai";

import type { BlockExecutionInput } from "../../../../src/runtime/exec/block-execution.js";
import { SpeculativeResults } from "../../../../src/runtime/parallel/block-stm/speculative-results.js";
import { StatsRecorder } from "../../../../src/runtime/parallel/execution-stats.js";
import type { SpeculativeOutcome } from "../../../../src/runtime/parallel/lanes/speculative-lane.js";

const N = 10;
const block = { transactions: new Array<unknown>(N) } as unknown as BlockExecutionInput;
const invalid: SpeculativeOutcome = { kind: "invalid", message: "x" };

/** Whether a read of run `run` is checked by value (no other run wrote the location). */
function checkedByValue(results: SpeculativeResults, run: number): boolean {
  let read = false;
  results.writers.firstStale(run, new Map([["a", 1n]]), () => {
    read = true;
    return 1n;
  });
  return read;
}

describe("SpeculativeResults (outcomes as they arrive)", () => {
  it("a run declared out of block order is validated by value, though each piece of it is in order", () => {
    const results = new SpeculativeResults(block, new StatsRecorder(N));
    const run = results.newRun();
    results.runOver(run, [3, 7, 5, 9]);
    results.acceptRun(run, [3, 7], [invalid, invalid]);
    results.acceptRun(run, [5, 9], [invalid, invalid]);
    expect(checkedByValue(results, run)).to.equal(true);
  });

  it("a run in block order whose pieces arrive one by one keeps its validation by run", () => {
    const results = new SpeculativeResults(block, new StatsRecorder(N));
    const run = results.newRun();
    results.runOver(run, [3, 5, 7, 9]);
    results.acceptRun(run, [3, 5], [invalid, invalid]);
    results.acceptRun(run, [7, 9], [invalid, invalid]);
    expect(checkedByValue(results, run)).to.equal(false);
  });

  it("a transaction of a streamed lane is ready once its piece arrived, or once the lane ended without it", async () => {
    const results = new SpeculativeResults(block, new StatsRecorder(N));
    let end = (): void => undefined;
    const done = new Promise<void>((resolve) => (end = resolve));
    results.awaiting([4, 5, 6], done);
    expect(results.ready(3), "no lane").to.equal(true);
    expect(results.ready(4)).to.equal(false);
    results.acceptRun(results.newRun(), [4], [invalid]);
    expect(results.ready(4)).to.equal(true);
    expect(results.ready(5)).to.equal(false);
    end();
    await done;
    expect(results.ready(5), "the lane ended").to.equal(true);
    expect(await results.speculative(5)).to.equal(undefined);
  });
});

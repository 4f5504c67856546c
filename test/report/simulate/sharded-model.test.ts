import { expect } from "chai";

import { balanceKey } from "../../../src/report/record/block-trace.js";
import { shardOfAccount, simulateSharded } from "../../../src/report/simulate/sharded-model.js";
import { address, block, COINBASE } from "./trace-builders.js";

/** Transaction i touches the balance of address(i) (shard i mod S) and pays the coinbase fee as a delta. */
const local = (i: number) => ({
  reads: [balanceKey(address(i))],
  writes: [balanceKey(address(i))],
  deltas: [COINBASE],
});

describe("report/simulate: sharded model", () => {
  it("places accounts by address mod S unless the partition says otherwise", () => {
    expect(shardOfAccount(address(6), 4)).to.equal(2);
    expect(shardOfAccount(address(6).toUpperCase().replace("0X", "0x"), 4, { [address(6)]: 7 })).to.equal(3);
  });

  it("reaches S with 0 % cross-shard traffic spread evenly (coinbase deltas do not bind)", () => {
    const result = simulateSharded(block(Array.from({ length: 8 }, (_, i) => local(i))), 4);
    expect(result).to.deep.equal({
      shards: 4,
      sequentialGas: 800,
      makespanGas: 200,
      speedup: 4,
      crossShardTransactions: 0,
      crossShardRatio: 0,
    });
  });

  it("falls to 1 / (1 + factor) with 100 % of transactions touching every shard", () => {
    const everywhere = { reads: [0, 1, 2, 3].map((n) => balanceKey(address(n))), writes: [balanceKey(address(0))] };
    const trace = block(Array.from({ length: 8 }, () => everywhere));
    expect(simulateSharded(trace, 4)).to.deep.include({ makespanGas: 1600, speedup: 0.5, crossShardRatio: 1 });
    expect(simulateSharded(trace, 4, { crossShardCostFactor: 0.25 }).makespanGas).to.equal(1000);
  });

  it("serializes a cross-shard transaction after both shards and before what follows", () => {
    const cross = { reads: [balanceKey(address(0)), balanceKey(address(1))] };
    const trace = block([local(0), local(1), cross, local(2)]);
    // shard 0: tx0 [0,100]; shard 1: tx1 [0,100]; tx2 on {0,1}: [100,300]; tx3 on shard 0: [300,400].
    expect(simulateSharded(trace, 2)).to.deep.include({ makespanGas: 400, speedup: 1, crossShardTransactions: 1 });
  });

  it("lets deltas bind shards when asked, and honours an explicit partition", () => {
    const trace = block(Array.from({ length: 8 }, (_, i) => local(i)));
    // address(999) is on shard 3: six transactions become cross-shard (200 each), two stay on shard 3.
    expect(simulateSharded(trace, 4, { countDeltas: true })).to.deep.include({
      makespanGas: 1400,
      crossShardTransactions: 6,
    });
    const allOnZero = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [address(i), 0]));
    expect(simulateSharded(trace, 4, { partition: allOnZero }).speedup).to.equal(1);
  });

  it("handles the empty block and rejects bad parameters", () => {
    expect(simulateSharded(block([]), 4)).to.deep.include({ speedup: 1, crossShardRatio: 0 });
    expect(() => simulateSharded(block([]), 0)).to.throw(/positive integer/);
    expect(() => simulateSharded(block([]), 2, { crossShardCostFactor: -1 })).to.throw(/crossShardCostFactor/);
  });
});

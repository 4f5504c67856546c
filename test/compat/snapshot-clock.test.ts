import { expect } from "chai";

import { CompatPair } from "./helpers/compat-pair.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The clock offset in whole seconds (`evm_increaseTime(0)` answers it) on each network. */
async function offsets(pair: CompatPair): Promise<[bigint, bigint]> {
  const [edr, parallel] = await pair.results("evm_increaseTime", [0]);
  return [BigInt(String(edr)), BigInt(String(parallel))];
}

// Found by replaying real suites' request streams (test/compat/replay): loadFixture reverts to a snapshot before
// every test, and EDR's blocks after a revert were later than ours by the seconds since the snapshot. The pauses
// are 1.5 s so that the whole seconds elapsed are 1 on both networks whatever the milliseconds between them.
describe("compat: evm_revert moves the block clock as Hardhat's network does", () => {
  it("the offset comes back grown by the whole seconds since evm_snapshot", async function () {
    this.timeout(20_000);
    const pair = await CompatPair.open();
    try {
      await pair.both("evm_mine", []);
      const before = await offsets(pair);
      const [a] = await pair.results("evm_snapshot", []);
      await pair.both("evm_increaseTime", [100]);
      await pause(1500);
      await pair.both("evm_revert", [a]);
      const after = await offsets(pair);
      expect(after[1] - before[1], "parallel").to.equal(after[0] - before[0]);
      expect(after[0] - before[0], "EDR").to.equal(1n);
    } finally {
      await pair.close();
    }
  });

  it("nested snapshots: each revert adds the seconds since its own snapshot", async function () {
    this.timeout(20_000);
    const pair = await CompatPair.open();
    try {
      await pair.both("evm_mine", []);
      const before = await offsets(pair);
      const [outer] = await pair.results("evm_snapshot", []);
      await pause(1500);
      const [inner] = await pair.results("evm_snapshot", []);
      await pause(1500);
      await pair.both("evm_revert", [inner]);
      const middle = await offsets(pair);
      await pair.both("evm_revert", [outer]);
      const after = await offsets(pair);
      expect([middle[1] - before[1], after[1] - before[1]]).to.deep.equal([
        middle[0] - before[0],
        after[0] - before[0],
      ]);
      expect(after[0] - before[0], "EDR").to.equal(3n);
    } finally {
      await pair.close();
    }
  });
});

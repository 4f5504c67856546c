import { expect } from "chai";

import { CompatPair } from "./helpers/compat-pair.js";

/** Waits until the wall clock is early in a second, so that a short request sequence stays within it. */
async function earlyInSecond(): Promise<void> {
  const ms = Date.now() % 1000;
  if (ms > 300) await new Promise((resolve) => setTimeout(resolve, 1010 - ms));
}

/** The latest block's timestamp on each network. */
async function latest(pair: CompatPair): Promise<[bigint, bigint]> {
  const [a, b] = await pair.results("eth_getBlockByNumber", ["latest", false]);
  return [BigInt((a as { timestamp: string }).timestamp), BigInt((b as { timestamp: string }).timestamp)];
}

// Found by replaying real-viem-suite's request stream (test/compat/replay): viem's `testClient.mine({ blocks })`
// sends `hardhat_mine` with interval 0, after which EDR's blocks were two seconds earlier than ours.
describe("compat: the block clock after hardhat_mine at interval 0 is Hardhat's network's", () => {
  for (const count of [2, 3, 8]) {
    it(`hardhat_mine(${count}, 0), then evm_mine, evm_mine, evm_increaseTime(10) + evm_mine`, async () => {
      const pair = await CompatPair.open();
      try {
        await pair.both("eth_blockNumber", []); // the parallel chain is created on first use: not in the second below
        await earlyInSecond();
        await pair.both("evm_mine", []);
        const start = await latest(pair);
        const seen: Array<[bigint, bigint]> = [];
        const note = async () => {
          const [a, b] = await latest(pair);
          seen.push([a - start[0], b - start[1]]);
        };
        await pair.both("hardhat_mine", [`0x${count.toString(16)}`, "0x0"]);
        await note();
        await pair.both("evm_mine", []);
        await note();
        await pair.both("evm_mine", []);
        await note();
        await pair.both("evm_increaseTime", [10]);
        await pair.both("evm_mine", []);
        await note();
        const edr = seen.map(([a]) => a);
        expect(
          seen.map(([, b]) => b),
          `EDR ${edr.join(",")}`,
        ).to.deep.equal(edr);
        // EDR's shape: the block after the run is one second before the run's last one.
        expect(edr[1]).to.equal((edr[0] ?? 0n) - 1n);
      } finally {
        await pair.close();
      }
    });
  }
});

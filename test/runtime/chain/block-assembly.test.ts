import { expect } from "chai";

import { createEnvironmentBlock, type BlockEnvironment } from "../../../src/runtime/chain/block-assembly.js";
import { createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";

const ENV: BlockEnvironment = {
  number: 7n,
  parentHash: new Uint8Array(32).fill(1),
  timestamp: 1_700_000_000n,
  coinbase: "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
  gasLimit: 60_000_000n,
  baseFeePerGas: 0n,
  prevRandao: new Uint8Array(32).fill(2),
};

describe("runtime/chain: createEnvironmentBlock", () => {
  it("gives the block made last time for an equal environment, a new one when any field differs", () => {
    const common = createSharedTxCommon(31337n, "prague");
    const block = createEnvironmentBlock(common, ENV);
    expect(createEnvironmentBlock(common, { ...ENV, parentHash: ENV.parentHash.slice() })).to.equal(block);
    const variants: Array<
      [string, Partial<BlockEnvironment>, (b: ReturnType<typeof createEnvironmentBlock>) => unknown]
    > = [
      ["number", { number: 8n }, (b) => b.header.number],
      ["timestamp", { timestamp: 1_700_000_001n }, (b) => b.header.timestamp],
      ["base fee", { baseFeePerGas: 5n }, (b) => b.header.baseFeePerGas],
      ["gas limit", { gasLimit: 30_000_000n }, (b) => b.header.gasLimit],
      ["coinbase", { coinbase: "0x0000000000000000000000000000000000000001" }, (b) => b.header.coinbase.toString()],
      ["parent hash", { parentHash: new Uint8Array(32).fill(3) }, (b) => b.header.parentHash[0]],
      ["prevRandao", { prevRandao: new Uint8Array(32).fill(4) }, (b) => b.header.mixHash[0]],
      ["extra data", { extraData: new Uint8Array([9]) }, (b) => b.header.extraData[0]],
    ];
    let previous = block;
    for (const [name, change, read] of variants) {
      const env = { ...ENV, ...change };
      const other = createEnvironmentBlock(common, env);
      expect(other, name).to.not.equal(previous);
      const expected = Object.values(change)[0];
      const value = expected instanceof Uint8Array ? expected[0] : expected;
      expect(read(other), name).to.equal(value);
      previous = other;
    }
    expect(createEnvironmentBlock(common, ENV), "back to the first environment").to.not.equal(previous);
  });
});

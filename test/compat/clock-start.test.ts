import { expect } from "chai";

import { CompatPair, outcomeOf } from "./helpers/compat-pair.js";

/** The latest block's timestamp after mining one block. */
async function minedAt(connection: CompatPair["edr"]): Promise<bigint> {
  await outcomeOf(connection, "evm_mine", []);
  const block = await outcomeOf(connection, "eth_getBlockByNumber", ["latest", false]);
  if (!block.ok) throw new Error(block.message);
  return BigInt((block.result as { timestamp: string }).timestamp);
}

// Found by replaying real suites' request streams (test/compat/replay): a test file opens its connection when it
// is loaded and sends its first request when its tests run, seconds later; EDR's clock runs from the opening, ours
// ran from the first request (when the chain is made), so our blocks were those seconds earlier.
describe("compat: the block clock starts when the connection opens, as on Hardhat's network", () => {
  it("a block mined 3 s after network.create() has EDR's timestamp (within the second the two reads straddle)", async function () {
    this.timeout(30_000);
    const pair = await CompatPair.open();
    try {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // Ours first: its chain is made on this request, which takes a while; EDR's block follows at once.
      const parallel = await minedAt(pair.parallel);
      const edr = await minedAt(pair.edr);
      expect(Number(edr - parallel), `EDR ${edr}, parallel ${parallel}`).to.be.within(0, 1);
    } finally {
      await pair.close();
    }
  });
});

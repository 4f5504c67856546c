import { expect } from "chai";

import { CompatPair, comparableError } from "./helpers/compat-pair.js";

/** Methods clients probe that Hardhat's network does not serve (viem tries the first two before falling back). */
const PROBED: Array<[string, unknown[]]> = [
  [
    "eth_fillTransaction",
    [{ from: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", to: "0x0000000000000000000000000000000000000001" }],
  ],
  ["wallet_sendTransaction", [{ from: "0x000000000000000000000000000000000000dEaD", value: "0x1" }]],
  ["wallet_getCapabilities", []],
  ["no_suchMethod", []],
];

// Found by replaying real-viem-suite's request stream (test/compat/replay): EDR's -32004 carries the request as
// its data (the id is the provider's own request counter, the same on both); ours carried none.
describe("compat: unsupported methods answer as on Hardhat's network", () => {
  it("-32004 with the message and the request as data", async () => {
    const pair = await CompatPair.open();
    try {
      for (const [method, params] of PROBED) {
        const { edr, parallel } = await pair.both(method, params);
        expect(comparableError(edr), method).to.include({ code: -32004 });
        expect(comparableError(parallel), method).to.deep.equal(comparableError(edr));
      }
    } finally {
      await pair.close();
    }
  });
});

import { expect } from "chai";

import { ALICE, BOB, CompatPair } from "./helpers/compat-pair.js";

/** Steps between snapshots: the ids `evm_snapshot` answers must be Hardhat's network's after each. */
const STEPS: Array<[string, Array<[string, unknown[]]>]> = [
  ["an automined transfer", [["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]]]],
  [
    "an automined revert with gas given",
    [["eth_sendTransaction", [{ from: ALICE, data: "0x60006000fd", gas: "0x10000" }]]],
  ],
  ["a send refused before mining", [["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x1" }]]]],
  [
    "evm_mine and hardhat_mine",
    [
      ["evm_mine", []],
      ["hardhat_mine", ["0x3"]],
    ],
  ],
  [
    "a pooled transaction mined by evm_mine with automine off",
    [
      ["evm_setAutomine", [false]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB }]],
      ["evm_mine", []],
      ["evm_setAutomine", [true]],
    ],
  ],
  // Refused after Hardhat's network took the send's snapshot: an id is used up all the same.
  [
    "a send without the funds for it",
    [["eth_sendTransaction", [{ from: BOB, to: ALICE, value: "0x21e19e0c9bab2400000" }]]],
  ],
  ["a send over the transaction gas cap", [["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x1000001" }]]]],
  [
    "sends over a lowered block gas limit, with gas given and estimated",
    [
      ["evm_setBlockGasLimit", ["0x5208"]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, gas: "0x5209" }]],
      ["eth_sendTransaction", [{ from: ALICE, to: BOB, data: "0x1234" }]],
      ["evm_setBlockGasLimit", ["0x1c9c380"]],
    ],
  ],
  ["a revert to the first snapshot", [["evm_revert", ["0x1"]]]],
];

describe("compat: snapshot ids advance as on Hardhat's network", () => {
  it("after automined, refused, mined and pooled transactions and reverts", async () => {
    const pair = await CompatPair.open();
    try {
      const first = await pair.results("evm_snapshot", []);
      expect(first[1]).to.equal(first[0]);
      for (const [label, requests] of STEPS) {
        for (const [method, params] of requests) await pair.both(method, params);
        const [edr, parallel] = await pair.results("evm_snapshot", []);
        expect(parallel, label).to.equal(edr);
      }
    } finally {
      await pair.close();
    }
  });
});

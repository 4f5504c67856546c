import { expect } from "chai";
import type { NetworkUserConfig } from "hardhat/types/config";
import type { NetworkConnection } from "hardhat/types/network";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

const [A0, A1] = ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"];
/** How long a block may take to show up (a liveness bound, never compared: blocks come on each network's timer). */
const PATIENCE_MS = 20_000;

async function request(connection: NetworkConnection, method: string, params: unknown[] = []): Promise<unknown> {
  return connection.provider.request({ method, params });
}

/** Polls until `receipt` of `hash` exists; returns it. */
async function receiptOf(connection: NetworkConnection, hash: unknown): Promise<Record<string, unknown>> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const receipt = await request(connection, "eth_getTransactionReceipt", [hash]);
    if (receipt !== null) return receipt as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`no block took ${String(hash)} within ${PATIENCE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What interval mining gives on one network: the automine flag, the sent transaction's receipt and block. */
async function run(network: NetworkUserConfig, name: string): Promise<Record<string, unknown>> {
  const hre = await createFixtureHre("compat-project", {
    plugins: [hardhatParallel],
    solidity: "0.8.28",
    networks: { default: network },
  });
  const connection = await hre.network.create(name);
  try {
    const automine = await request(connection, "hardhat_getAutomine");
    const hash = await request(connection, "eth_sendTransaction", [{ from: A0, to: A1, value: "0x1", gas: "0x5208" }]);
    const receipt = await receiptOf(connection, hash);
    const block = (await request(connection, "eth_getBlockByNumber", [receipt.blockNumber, false])) as {
      transactions: unknown[];
      timestamp: string;
    };
    const parent = (await request(connection, "eth_getBlockByNumber", [
      `0x${(BigInt(String(receipt.blockNumber)) - 1n).toString(16)}`,
      false,
    ])) as { timestamp: string };
    return {
      automine,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
      transactions: block.transactions,
      // Interval blocks are at least one second apart unless the network allows equal timestamps (then either).
      timestampStep:
        network.type === "edr-simulated" && network.allowBlocksWithSameTimestamp === true
          ? "any"
          : BigInt(block.timestamp) - BigInt(parent.timestamp) >= 1n,
    };
  } finally {
    await connection.close();
  }
}

describe("compat: interval mining (mining.interval), as on Hardhat's network", () => {
  const cases: Array<[string, NetworkUserConfig]> = [
    ["a fixed interval", { type: "edr-simulated", mining: { auto: false, interval: 1000 } }],
    [
      "a [min, max] range with equal timestamps allowed",
      { type: "edr-simulated", allowBlocksWithSameTimestamp: true, mining: { auto: false, interval: [300, 600] } },
    ],
  ];
  for (const [label, network] of cases) {
    it(`${label}: blocks come on a timer and take the pooled transaction`, async () => {
      const edr = await run(network, "default");
      const parallel = await run(network, "parallel");
      expect(parallel).to.deep.equal(edr);
      expect(edr.automine).to.equal(false);
      expect(edr.status).to.equal("0x1");
    });
  }
});

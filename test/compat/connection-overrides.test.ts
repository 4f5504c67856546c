import { expect } from "chai";
import type { NetworkConnection } from "hardhat/types/network";

import { compatHre, outcomeOf } from "./helpers/compat-pair.js";

const KEY = `0x${"11".repeat(32)}`;
const FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

/** Overrides a test passes to `network.create({ override })`, each compared on both networks. */
const OVERRIDES: Array<[string, Record<string, unknown>, Array<[string, unknown[]]>]> = [
  ["chainId", { chainId: 1234 }, [["eth_chainId", []]]],
  ["mining.auto off", { mining: { auto: false } }, [["hardhat_getAutomine", []]]],
  ["initialBaseFeePerGas 0", { initialBaseFeePerGas: 0n }, [["eth_getBlockByNumber", ["latest", false]]]],
  ["accounts as { privateKey, balance }", { accounts: [{ privateKey: KEY, balance: "1000" }] }, [["eth_accounts", []]]],
  ["blockGasLimit", { blockGasLimit: 5_000_000n }, [["eth_getBlockByNumber", ["latest", false]]]],
  ["coinbase", { coinbase: "0x00000000000000000000000000000000000000c1" }, [["eth_coinbase", []]]],
  [
    "blockGasLimit false (a transaction above the limit is taken)",
    { blockGasLimit: false, transactionGasCap: false },
    [["eth_sendTransaction", [{ from: FROM, to: FROM, gas: "0x4c4b400", maxFeePerGas: "0x77359400" }]]],
  ],
];

/** The fields of a block both networks set from the settings alone. */
function settled(result: unknown): unknown {
  if (typeof result !== "object" || result === null || !("gasLimit" in result)) return result;
  const b = result as Record<string, unknown>;
  return { gasLimit: b.gasLimit, baseFeePerGas: b.baseFeePerGas, number: b.number };
}

describe("compat: connection overrides (network.create({ override })) apply as on Hardhat's network", () => {
  for (const [label, override, requests] of OVERRIDES) {
    it(label, async () => {
      const hre = await compatHre();
      const edr = await hre.network.create({ network: "default", override });
      const parallel: NetworkConnection = await hre.network.create({ network: "parallel", override });
      try {
        expect(parallel.networkConfig.type).to.equal("edr-simulated");
        for (const [method, params] of requests) {
          const a = await outcomeOf(edr, method, params);
          const b = await outcomeOf(parallel, method, params);
          expect(b.ok, JSON.stringify(b)).to.equal(true);
          if (a.ok && b.ok) expect(settled(b.result), method).to.deep.equal(settled(a.result));
        }
        const version = await parallel.provider.request({ method: "web3_clientVersion" });
        expect(String(version)).to.match(/^HardhatParallel\//);
      } finally {
        await edr.close();
        await parallel.close();
      }
    });
  }

  it("a connection without overrides keeps the settings network's chain", async () => {
    const hre = await compatHre();
    await (await hre.network.create({ network: "parallel", override: { chainId: 777 } })).close();
    const plain = await hre.network.create("parallel");
    try {
      expect(await plain.provider.request({ method: "eth_chainId" })).to.equal("0x7a69");
    } finally {
      await plain.close();
    }
  });

  it("an invalid override is refused by Hardhat's validation, naming it", async () => {
    const hre = await compatHre();
    const error = await hre.network
      .create({ network: "parallel", override: { mining: { auto: "yes" } } as never })
      .then(() => undefined)
      .catch((e: unknown) => e as Error);
    expect(error?.message).to.match(/mining/);
  });
});

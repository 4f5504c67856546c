import { expect } from "chai";

import { createParallelNetwork, ParallelRuntime } from "../../../src/runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";

/** Every block of two or more transactions goes parallel, whatever it costs. */
const ALWAYS = { minTransactions: 2, minSequentialMs: 0, minMsPerTx: 0, denseConflictRatio: 2 };

async function mineTransfers(provider: ParallelProvider, count: number): Promise<Record<string, unknown>> {
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  await provider.request({ method: "evm_setAutomine", params: [false] });
  for (let i = 0; i < count; i++) {
    const params = [{ from: accounts[i % 10], to: accounts[10 + (i % 10)], value: "0x1" }];
    await provider.request({ method: "eth_sendTransaction", params });
  }
  await provider.request({ method: "evm_mine", params: [] });
  return (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
    string,
    unknown
  >;
}

describe("runtime/network: createParallelNetwork", function () {
  this.timeout(120_000);

  it("runs blocks on its runtime, and sequentially while parallelWhen says no", async () => {
    const gate = { parallel: false };
    const network = await createParallelNetwork({
      runtime: { strategy: "block-stm", workers: 2, policy: ALWAYS },
      parallelWhen: () => gate.parallel,
    });
    try {
      expect((await mineTransfers(network.provider, 10)).strategy).to.equal("sequential");
      gate.parallel = true;
      const stats = await mineTransfers(network.provider, 10);
      expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
      expect(stats.lanes).to.equal(2);
    } finally {
      await network.close();
    }
  });

  it("shares a runtime between networks one after another and leaves it open when they close", async () => {
    const runtime = new ParallelRuntime({ strategy: "block-stm", workers: 2, policy: ALWAYS, log: () => {} });
    try {
      for (let round = 0; round < 2; round++) {
        const network = await createParallelNetwork({ runtime, log: () => {} });
        try {
          const stats = await mineTransfers(network.provider, 10);
          expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
          expect(stats.faults).to.deep.equal([]);
        } finally {
          await network.close();
        }
      }
    } finally {
      await runtime.close();
    }
  });
});

import { expect } from "chai";

import { ParallelExecution } from "../../../src/runtime/parallel/parallel-execution.js";
import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";

describe("a block mined through the provider", function () {
  this.timeout(120_000);

  it("is executed by the Block-STM executor and its statistics are readable", async () => {
    const execution = new ParallelExecution({
      strategy: "block-stm",
      workers: 2,
      policy: { minTransactions: 4, minSequentialMs: 0, minMsPerTx: 0 },
    });
    const provider = await ParallelProvider.create({ chainOptions: { chooseExecutor: execution.chooseExecutor } });
    try {
      const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
      // An automined block first: the coinbase exists afterwards, so its fees become lazy deltas.
      await provider.request({
        method: "eth_sendTransaction",
        params: [{ from: accounts[19], to: accounts[18], value: "0x1" }],
      });
      await provider.request({ method: "evm_setAutomine", params: [false] });
      const hashes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const from = accounts[i % 6] ?? "";
        const to = accounts[6 + (i % 6)] ?? "";
        hashes.push(
          (await provider.request({
            method: "eth_sendTransaction",
            params: [{ from, to, value: "0x1000" }],
          })) as string,
        );
      }
      await provider.request({ method: "evm_mine", params: [] });
      const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
        string,
        unknown
      >;
      expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
      expect(stats.transactions).to.equal(12);
      expect(stats.lanes).to.equal(2);
      expect(stats.faults).to.deep.equal([]);
      expect((stats.executionsPerTx as number[]).length).to.equal(12);
      // Same sender every 6 txs: tx i+6 depends on tx i (its nonce).
      expect(stats.dependencies).to.deep.include([0, 6]);
      // The main thread's CPU time on the block covers its phases.
      const t = stats.timings as Record<string, number>;
      const phases = ["dispatchCpuMs", "laneCpuMs", "stealCpuMs", "commitCpuMs"].map((k) => t[k] ?? Number.NaN);
      for (const ms of phases) expect(ms).to.be.at.least(0);
      // Thread CPU time may advance in scheduler ticks: a block of 12 transfers can read 0 on an idle machine.
      expect(t.mainCpuMs).to.be.at.least(0);
      expect(t.mainCpuMs).to.be.at.least(phases.reduce((a, b) => a + b, 0) - 0.05);
      for (const hash of hashes) {
        const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
          status: string;
          blockNumber: string;
        };
        expect(receipt.status).to.equal("0x1");
        expect(receipt.blockNumber).to.equal("0x2");
      }
      const balance = await provider.request({ method: "eth_getBalance", params: [accounts[6], "latest"] });
      expect(BigInt(balance as string)).to.equal(10_000n * 10n ** 18n + 2n * 0x1000n);
      JSON.stringify(stats);
    } finally {
      await provider.close();
      await execution.close();
    }
  });
});

import { expect } from "chai";

import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";

interface Partition {
  txShards: Array<number | null>;
  crossShardTxs: number[];
  laneOfShard: number[];
  shared: string[];
}

describe("a block mined in sharded mode", function () {
  this.timeout(120_000);

  it("shows its partition in parallel_getBlockStatistics: shards, each transaction's shard, cross-shard ones", async () => {
    const execution = new ParallelExecution({
      strategy: "sharded",
      workers: 2,
      shards: 2,
      policy: { minTransactions: 4, minSequentialMs: 0, minMsPerTx: 0, maxCrossShardRatio: 1 },
    });
    const provider = await ParallelProvider.create({ chainOptions: { chooseExecutor: execution.chooseExecutor } });
    try {
      const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
      await provider.request({ method: "evm_setAutomine", params: [false] });
      // Six senders, each paying its own recipient twice: pairs the graph partition keeps together.
      for (let i = 0; i < 12; i++) {
        const from = accounts[i % 6] ?? "";
        const to = accounts[6 + (i % 6)] ?? "";
        await provider.request({ method: "eth_sendTransaction", params: [{ from, to, value: "0x1000" }] });
      }
      await provider.request({ method: "evm_mine", params: [] });
      const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
        string,
        unknown
      >;
      expect(stats.strategy, String(stats.reason)).to.equal("sharded");
      expect(stats.shards).to.equal(2);
      expect(stats.partitioner).to.equal("graph");
      const partition = stats.partition as Partition;
      expect(partition.txShards).to.have.length(12);
      expect(partition.crossShardTxs).to.deep.equal([]);
      expect(stats.crossShard).to.equal(0);
      // A sender's two transactions share a shard; both shards are used and each has a thread.
      for (let i = 0; i < 6; i++) expect(partition.txShards[i + 6]).to.equal(partition.txShards[i]);
      expect(new Set(partition.txShards)).to.deep.equal(new Set([0, 1]));
      expect([...partition.laneOfShard].sort(), JSON.stringify(stats)).to.deep.equal([0, 1]);
      const load = stats.shardLoad as Array<{ transactions: number }>;
      expect(load.reduce((s, l) => s + l.transactions, 0)).to.equal(12);
      // Plain JSON, as the provider serves it.
      expect(JSON.parse(JSON.stringify(stats))).to.deep.equal(stats);
    } finally {
      await provider.close();
      await execution.close();
    }
  });
});

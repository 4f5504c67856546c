import { expect } from "chai";

import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";

const FORCED = { minTransactions: 4, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 };

describe("lane engine: a pool prepared before the first block", function () {
  this.timeout(120_000);

  it("starts the worker with a replica, then runs blocks whose worker lanes answer, with sequential's state roots", async () => {
    const execution = new ParallelExecution({ strategy: "block-stm", workers: 2, policy: FORCED });
    const parallel = await ParallelProvider.create({ chainOptions: { chooseExecutor: execution.chooseExecutor } });
    const sequential = await ParallelProvider.create();
    try {
      const accounts = (await parallel.request({ method: "eth_accounts" })) as string[];
      const both = async (method: string, params: unknown[]) => {
        await sequential.request({ method, params });
        return parallel.request({ method, params });
      };
      await both("eth_sendTransaction", [{ from: accounts[0], to: accounts[1], value: "0x1" }]);
      const { chain } = parallel;
      // Twice: preparing is idempotent (the second only ships what changed, here nothing).
      await execution.prepare(chain.state, chain.common.chainId(), chain.common.hardfork());
      await execution.prepare(chain.state, chain.common.chainId(), chain.common.hardfork());
      for (let block = 0; block < 2; block++) {
        await both("evm_setAutomine", [false]);
        for (let i = 0; i < 40; i++) {
          const to = `0x${(0xabc000 + block * 100 + i).toString(16).padStart(40, "0")}`;
          await both("eth_sendTransaction", [{ from: accounts[i % 20], to, value: "0x5" }]);
        }
        await both("evm_mine", []);
        await both("evm_setAutomine", [true]);
        const stats = (await parallel.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as {
          strategy: string;
          faults: unknown[];
          laneSizes: number[];
        };
        expect(stats.strategy).to.equal("block-stm");
        expect(stats.faults).to.deep.equal([]);
        // A worker lane ran and answered (a lane without an answer is recorded as a fault).
        expect(stats.laneSizes).to.have.length(2);
        expect(stats.laneSizes[1]).to.be.greaterThan(0);
        const [a, b] = await Promise.all(
          [sequential, parallel].map((p) => p.request({ method: "eth_getBlockByNumber", params: ["latest", false] })),
        );
        expect((b as { stateRoot: string }).stateRoot).to.equal((a as { stateRoot: string }).stateRoot);
      }
    } finally {
      await parallel.close();
      await sequential.close();
      await execution.close();
    }
  });
});

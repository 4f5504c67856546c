import { expect } from "chai";
import type { Interface } from "ethers";

import type { ParallelExecutionStats } from "../../../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../../../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../../../src/runtime/util/hex.js";

import { COINBASES, createWorld, digest, runBlock, syncNonces, tx, type FuzzWorld } from "./helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";

function transfers(world: FuzzWorld, count: number, base: number): ReturnType<typeof tx>[] {
  const token = world.interfaces.Token as Interface;
  return world.accounts.slice(0, count).map((from, i) => {
    const to = `0x${(base + i).toString(16).padStart(40, "0")}`;
    return tx(world, from, world.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
  });
}

describe("ParallelExecution.warmUpExecutor", function () {
  this.timeout(120_000);
  let world: FuzzWorld;

  before(async () => {
    world = await createWorld(260);
  });

  for (const strategy of ["block-stm", "sharded"] as const) {
    it(`${strategy}: runs the block on the same workers in parallel, with sequential's result`, async () => {
      const runtime = new ParallelExecution({ strategy, workers: 2, shards: 2 });
      try {
        const txs = transfers(world, 250, strategy === "sharded" ? 0xa11ce000 : 0xb0b0000);
        const mark = world.state.mark();
        const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase, 100_000_000n));
        world.state.rollback(mark);
        const result = await runBlock(world, runtime.warmUpExecutor(world.sequential), txs, coinbase, 100_000_000n);
        const stats = result.stats as ParallelExecutionStats;
        expect(stats.strategy).to.equal(strategy);
        expect(stats.laneSizes.length).to.equal(2);
        expect(digest(world, result)).to.equal(expected);
        world.blockNumber++;
        syncNonces(world);
      } finally {
        await runtime.close();
      }
    });
  }

  it("a sequential runtime warms nothing: its warm-up executor is the sequential one", () => {
    const runtime = new ParallelExecution({ strategy: "sequential", workers: 2 });
    expect(runtime.warmUpExecutor(world.sequential)).to.equal(world.sequential);
  });
});

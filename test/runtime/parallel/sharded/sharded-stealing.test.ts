import { expect } from "chai";
import type { Interface } from "ethers";

import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";

import { COINBASES, createWorld, digest, runBlock, syncNonces, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const POOLS = 8;
const coinbase = COINBASES[0] ?? "";

/** `n` swaps, sender i on pool i % POOLS: each pool with its own traders. */
function ownTraders(w: FuzzWorld, n: number): ReturnType<typeof tx>[] {
  const pool = w.interfaces.Pool as Interface;
  return w.accounts.slice(0, n).map((from, i) => {
    const data = pool.encodeFunctionData("swap", [10n ** 15n, i % 2 === 0]);
    return tx(w, from, w.contracts[`Pool#${i % POOLS}`], fromHex(data), 0n, 90_000n);
  });
}

describe("sharded: a late worker's tail is taken back in whole groups", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let runtime: ParallelExecution;

  before(async () => {
    world = await createWorld(200);
    const deployer = world.accounts[199] ?? "";
    const creations = Array.from({ length: POOLS }, () =>
      tx(world, deployer, undefined, fromHex(world.bytecode.Pool ?? "0x"), 0n, 400_000n),
    );
    const deployed = await runBlock(world, world.sequential, creations, coinbase, 100_000_000n);
    deployed.executed.forEach((e, i) => (world.contracts[`Pool#${i}`] = e.createdAddress ?? ""));
    world.blockNumber++;
    runtime = new ParallelExecution({
      strategy: "sharded",
      workers: 2,
      shards: 2,
      timeoutMs: 3000,
      policy: { minTransactions: 2, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0, maxCrossShardRatio: 1 },
    });
  });
  after(() => runtime.close());

  it("a worker stuck in its first pool: the main thread runs its other pools, none of them again", async () => {
    // A warm worker starts its lane before the main thread ends its own (the case worth testing), usually.
    await runtime.prepare(world.state, world.common.chainId(), world.common.hardfork());
    const txs = ownTraders(world, 160);
    const mark = world.state.mark();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase, 100_000_000n));
    world.state.rollback(mark);
    runtime.engine.nextFault = { kind: "hang", afterTxs: 3 };
    const result = await runBlock(world, runtime.executorFor(world.sequential), txs, coinbase, 100_000_000n);
    expect(digest(world, result)).to.equal(expected);
    const stats = result.stats as ParallelExecutionStats & { crossShard: number };
    expect(stats.strategy, stats.reason).to.equal("sharded");
    expect(stats.crossShard).to.equal(0);
    const workerLane = stats.laneSizes[1] ?? 0;
    const perPool = 160 / POOLS;
    // The worker's lane holds whole pools; all but the one it is stuck in were taken back whole (all of them
    // when the main thread ended its own lane before the worker started).
    expect(workerLane % perPool).to.equal(0);
    expect(workerLane).to.be.at.least(2 * perPool);
    expect(stats.stolen).to.be.oneOf([workerLane - perPool, workerLane]);
    // No stolen swap missed an earlier swap of its pool: nothing failed validation.
    expect(stats.validationFailures).to.equal(0);
    expect(stats.reExecutions).to.equal(0);
    world.blockNumber++;
    syncNonces(world);
  });
});

import { expect } from "chai";
import type { Interface } from "ethers";

import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { DEFAULT_FALLBACK_POLICY } from "../../../../src/runtime/parallel/fallback-policy.js";
import { LaneEngine } from "../../../../src/runtime/parallel/lanes/lane-engine.js";
import { blockShape, LossGuard } from "../../../../src/runtime/parallel/loss-guard.js";
import { GraphPartitioner } from "../../../../src/runtime/parallel/sharded/graph-partitioner.js";
import { ShardedExecutor } from "../../../../src/runtime/parallel/sharded/sharded-executor.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";

import { COINBASES, createWorld, digest, runBlock, syncNonces, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";

describe("sharded: the loss guard", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let engine: LaneEngine;

  before(async () => {
    world = await createWorld(120);
    engine = new LaneEngine({ workers: 2 });
  });
  after(() => engine.close());

  it("runs a block of a shape whose sharded block lost sequentially, saying so, with sequential's result", async () => {
    const token = world.interfaces.Token as Interface;
    const txs = world.accounts.slice(0, 100).map((from, i) => {
      const to = `0x${(0xfeed00 + i).toString(16).padStart(40, "0")}`;
      return tx(
        world,
        from,
        world.contracts.Token,
        fromHex(token.encodeFunctionData("transfer", [to, 1n])),
        0n,
        80_000n,
      );
    });
    const mark = world.state.mark();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase, 100_000_000n));
    world.state.rollback(mark);
    const guard = new LossGuard();
    // The shape's last sharded block took twice its sequential time.
    guard.record(world.state, blockShape(txs), txs.length, 200, 100);
    const executor = new ShardedExecutor(
      engine,
      world.sequential,
      new GraphPartitioner(2),
      DEFAULT_FALLBACK_POLICY,
      guard,
    );
    const result = await runBlock(world, executor, txs, coinbase, 100_000_000n);
    const stats = result.stats as ParallelExecutionStats & { requested?: string };
    expect(stats.strategy).to.equal("sequential");
    expect(stats.requested).to.equal("sharded");
    expect(stats.reason).to.match(
      /^measured-loss: the last parallel block took 200 ms, ≈ 100 ms predicted sequentially/,
    );
    expect(digest(world, result)).to.equal(expected);
    // It measured the shape's sequential time: the guard now judges against it.
    expect(guard.ranParallel(world.state, blockShape(txs))).to.equal(false);
    world.blockNumber++;
    syncNonces(world);
  });
});

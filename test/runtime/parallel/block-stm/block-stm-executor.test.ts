import { expect } from "chai";
import type { Interface } from "ethers";

import { BlockStmExecutor } from "../../../../src/runtime/parallel/block-stm/block-stm-executor.js";
import type { ConflictProbe } from "../../../../src/runtime/parallel/conflict-probe.js";
import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { DEFAULT_FALLBACK_POLICY } from "../../../../src/runtime/parallel/fallback-policy.js";
import { blockShape, LossGuard } from "../../../../src/runtime/parallel/loss-guard.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";
import { COINBASES, createWorld, digest, runBlock, syncNonces, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";
/** A clean probe of the shape, as an earlier block would have left it (≈ 0.3 ms per transaction). */
const EARLIER: ConflictProbe = { sampled: 15, dependent: 0, ratio: 0, ms: 4.5 };

/** `count` ERC20 transfers, to fresh recipients or (`hot`) all to one. */
function transfers(world: FuzzWorld, count: number, base: number, hot = false): ReturnType<typeof tx>[] {
  const token = world.interfaces.Token as Interface;
  return world.accounts.slice(0, count).map((from, i) => {
    const to = `0x${(hot ? base : base + i).toString(16).padStart(40, "0")}`;
    return tx(world, from, world.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
  });
}

describe("BlockStmExecutor: a block shape's probe reused", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let runtime: ParallelExecution;

  before(async () => {
    world = await createWorld(260);
    runtime = new ParallelExecution({ strategy: "block-stm", workers: 2 });
  });
  after(() => runtime.close());

  /** Runs `txs` on an executor whose guard remembers a clean probe of their shape; checks sequential's result. */
  async function reusing(
    txs: ReturnType<typeof tx>[],
    earlier = EARLIER,
  ): Promise<{ stats: ParallelExecutionStats; guard: LossGuard }> {
    const guard = new LossGuard();
    const shape = blockShape(txs);
    guard.record(world.state, shape, txs.length, 1, 100);
    guard.recordProbe(world.state, shape, earlier, false, 0);
    const executor = new BlockStmExecutor(runtime.engine, world.sequential, DEFAULT_FALLBACK_POLICY, guard);
    const mark = world.state.mark();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase, 100_000_000n));
    world.state.rollback(mark);
    const result = await runBlock(world, executor, txs, coinbase, 100_000_000n);
    expect(digest(world, result)).to.equal(expected);
    world.blockNumber++;
    syncNonces(world);
    return { stats: result.stats as ParallelExecutionStats, guard };
  }

  it("runs a block of a clean shape in parallel without probing it, and says so", async () => {
    const { stats, guard } = await reusing(transfers(world, 250, 0xc1ea0000));
    expect(stats.strategy).to.equal("block-stm");
    expect(stats.reason).to.equal(
      "parallel: probe found 0% dependent (an earlier block of this shape; none re-executed since)",
    );
    expect(stats.timings.probeMs).to.equal(0);
    expect((stats as unknown as { probe: ConflictProbe }).probe).to.equal(EARLIER);
    expect(stats.reExecutions).to.equal(0);
    expect(guard.reusableProbe(world.state, blockShape(transfers(world, 250, 0xc1ea0000)))).to.equal(EARLIER);
  });

  it("stays exact when the shape's conflicts appear, and probes the shape's next block", async () => {
    // The conflicts show only where the worker ran its lane speculatively. On a busy machine the worker may not
    // have started when the main lane ends; its lane is then taken back whole and runs at the commit points
    // (no speculation, nothing to re-execute), so the block is tried again — a slow worker is not a failure.
    for (let attempt = 0; attempt < 6; attempt++) {
      const txs = transfers(world, 250, 0x407000 + attempt, true);
      const { stats, guard } = await reusing(txs);
      expect(stats.strategy).to.equal("block-stm");
      if (stats.reExecutions > 0) {
        expect(guard.reusableProbe(world.state, blockShape(txs))).to.equal(undefined);
        return;
      }
      expect(stats.stolen, "no re-execution: the worker lane ran at the commit points").to.equal(
        stats.laneSizes.slice(1).reduce((a, b) => a + b, 0),
      );
    }
  });

  it("probes a block whose remembered probe would not send it to parallel at this length", async () => {
    // 250 transactions at the remembered 0.02 ms each: below the policy's 15 ms of sequential work.
    const { stats } = await reusing(transfers(world, 250, 0x5e1f0000), { ...EARLIER, ms: 0.3 });
    expect(stats.reason).to.not.match(/earlier block/);
    expect(stats).to.not.have.property("probeReused");
    expect((stats as unknown as { probe: ConflictProbe }).probe).to.not.equal(EARLIER);
  });
});

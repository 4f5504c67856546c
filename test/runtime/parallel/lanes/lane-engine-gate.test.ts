import { expect } from "chai";
import type { Interface } from "ethers";

import { createEnvironmentBlock } from "../../../../src/runtime/chain/block-assembly.js";
import { contiguousSegments } from "../../../../src/runtime/parallel/block-stm/block-stm-executor.js";
import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { StatsRecorder } from "../../../../src/runtime/parallel/execution-stats.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";

import { COINBASES, createWorld, digest, runBlock, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";

function transfers(w: FuzzWorld, n: number, salt: number): ReturnType<typeof tx>[] {
  const token = w.interfaces.Token as Interface;
  return w.accounts.slice(0, n).map((from, i) => {
    const to = `0x${(salt + i).toString(16).padStart(40, "0")}`;
    return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
  });
}

describe("lane engine: a gate beside the worker lanes", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let runtime: ParallelExecution;

  before(async () => {
    world = await createWorld(120);
    runtime = new ParallelExecution({
      strategy: "block-stm",
      workers: 2,
      policy: { minTransactions: 2, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 },
    });
  });
  after(() => runtime.close());

  it("that says no stops the worker lanes, leaves the state untouched, and the next block is exact", async () => {
    const txs = transfers(world, 100, 0xbeef00);
    const mark = world.state.mark();
    const root = world.state.stateRoot();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase, 100_000_000n));
    world.state.rollback(mark);
    // The environment runBlock would build for this block.
    const envBlock = createEnvironmentBlock(world.common, {
      number: world.blockNumber,
      parentHash: new Uint8Array(32),
      timestamp: 1_700_000_000n + world.blockNumber,
      coinbase,
      gasLimit: 100_000_000n,
      baseFeePerGas: 7n,
      prevRandao: new Uint8Array(32),
    });
    const input = { envBlock, transactions: txs, state: world.state, lazyCoinbase: coinbase };
    let gated = 0;
    const refused = await runtime.engine.run(
      input,
      { lanes: contiguousSegments(100, 2, 0.9, 50), steal: true },
      new StatsRecorder(100),
      async () => {
        gated++;
        return false;
      },
    );
    expect(refused).to.equal(undefined);
    expect(gated).to.equal(1);
    expect(world.state.stateRoot()).to.deep.equal(root);
    // The same block again, the gate saying yes: the worker lane answers and the block equals sequential's.
    const stats = new StatsRecorder(100);
    const result = await runtime.engine.run(input, { lanes: contiguousSegments(100, 2, 0.9, 50) }, stats, () =>
      Promise.resolve(true),
    );
    expect(result).to.not.equal(undefined);
    const finished: ParallelExecutionStats = stats.finish({ strategy: "block-stm", reason: "test", lanes: 2 }, []);
    expect(finished.faults).to.deep.equal([]);
    expect(finished.timings.workerCpuMs).to.be.greaterThan(0);
    const executed = result?.executed ?? [];
    const block = { executed, skipped: result?.skipped ?? [], gasUsed: result?.gasUsed ?? 0n, stats: finished };
    expect(digest(world, block)).to.equal(expected);
  });
});

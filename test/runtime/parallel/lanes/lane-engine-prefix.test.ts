import { expect } from "chai";
import type { Interface } from "ethers";

import { keccak256 } from "../../../../src/runtime/crypto/keccak.js";
import type { ParallelExecutionStats } from "../../../../src/runtime/parallel/execution-stats.js";
import { isBlockPrefix } from "../../../../src/runtime/parallel/block-stm/in-order-commit.js";
import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { fromHex, toHex } from "../../../../src/runtime/util/hex.js";
import { codeKey } from "../../../../src/runtime/vocabulary.js";

import { COINBASES, createWorld, digest, runBlock, tx, type FuzzWorld } from "../helpers/fuzz-world.js";

const coinbase = COINBASES[0] ?? "";
/** Runtime code `PUSH1 1 NUMBER SUB BLOCKHASH POP STOP` (the parent's hash): needs the chain, so a speculative lane defers it. */
const BLOCKHASH_CODE = fromHex("0x60014303405000");
const BLOCKHASH_CONTRACT = "0x00000000000000000000000000000000b10c4a54";
const ALWAYS = { minTransactions: 2, denseConflictRatio: 2, probeSize: 8, minSequentialMs: 0, minMsPerTx: 0 };

describe("lane engine: a main lane that is the block's prefix runs in place", function () {
  this.timeout(120_000);
  let world: FuzzWorld;

  before(async () => {
    world = await createWorld(60);
    const hash = toHex(keccak256(BLOCKHASH_CODE));
    world.state.putCodeBytes(hash, BLOCKHASH_CODE);
    world.state.apply(new Map([[codeKey(BLOCKHASH_CONTRACT), hash]]));
  });

  it("tells the block's prefix from any other main lane", () => {
    expect(isBlockPrefix([])).to.equal(true);
    expect(isBlockPrefix([0, 1, 2])).to.equal(true);
    expect(isBlockPrefix([1, 2, 3])).to.equal(false);
    expect(isBlockPrefix([0, 2, 1])).to.equal(false);
    expect(isBlockPrefix([0, 1, 3])).to.equal(false);
  });

  /** A block of 20 transactions reading BLOCKHASH then 20 token transfers, on Block-STM with a 50 % main lane. */
  async function run(exactPrefix: boolean): Promise<{ stats: ParallelExecutionStats; same: boolean }> {
    const token = world.interfaces.Token as Interface;
    const nonces = new Map(world.nonces);
    const reads = world.accounts
      .slice(0, 20)
      .map((from) => tx(world, from, BLOCKHASH_CONTRACT, fromHex("0x"), 0n, 60_000n));
    const transfers = world.accounts.slice(20, 40).map((from, i) => {
      const data = fromHex(token.encodeFunctionData("transfer", [world.accounts[(i + 1) % 40] ?? "", 1n]));
      return tx(world, from, world.contracts.Token, data, 0n, 80_000n);
    });
    const txs = [...reads, ...transfers];
    const mark = world.state.mark();
    const expected = digest(world, await runBlock(world, world.sequential, txs, coinbase));
    world.state.rollback(mark);
    const runtime = new ParallelExecution({
      strategy: "block-stm",
      workers: 2,
      policy: { ...ALWAYS, lossGuard: false },
    });
    try {
      runtime.engine.fixedMainShare = 0.5;
      runtime.engine.exactPrefix = exactPrefix;
      const result = await runBlock(world, runtime.executorFor(world.sequential), txs, coinbase);
      const same = digest(world, result) === expected;
      world.state.rollback(mark);
      return { stats: result.stats as ParallelExecutionStats, same };
    } finally {
      await runtime.close();
      world.state.rollback(mark);
      world.nonces.clear();
      for (const [account, nonce] of nonces) world.nonces.set(account, nonce);
    }
  }

  it("executes the prefix once, exactly: nothing of it deferred, validated or re-executed; the block equals sequential's", async () => {
    const { stats, same } = await run(true);
    expect(stats.strategy).to.equal("block-stm");
    expect(stats.laneSizes[0]).to.equal(20);
    expect(same).to.equal(true);
    expect(stats.executionsPerTx.slice(20)).to.not.include(0);
    // The main lane's 20 BLOCKHASH readers ran at their commit points only; none was deferred.
    expect(stats.executionsPerTx.slice(0, 20)).to.deep.equal(new Array(20).fill(1));
    expect(stats.deferred).to.equal(0);
    expect(stats.reExecutions).to.equal(0);
  });

  it("the speculative main lane of before (the bench's A/B) defers them and runs them twice, with the same block", async () => {
    const { stats, same } = await run(false);
    expect(same).to.equal(true);
    expect(stats.executionsPerTx.slice(20)).to.not.include(0);
    expect(stats.deferred).to.equal(20);
    expect(stats.executionsPerTx.slice(0, 20)).to.deep.equal(new Array(20).fill(2));
  });
});

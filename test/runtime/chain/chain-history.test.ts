import { createLegacyTx } from "@ethereumjs/tx";
import { expect } from "chai";

import { ChainHistory } from "../../../src/runtime/chain/chain-history.js";
import { reservedBlock } from "../../../src/runtime/chain/hardhat-blocks.js";
import { createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";
import type { BlockExecution, ExecutedTx } from "../../../src/runtime/exec/block-execution.js";
import { toHex } from "../../../src/runtime/util/hex.js";

const common = createSharedTxCommon(31337n, "prague");
const ROOT = new Uint8Array(32).fill(7);
const KEY = new Uint8Array(32).fill(1);

const block = (number: bigint) => reservedBlock(common, number, 1_700_000_000n + number, 7n, ROOT);

/** A block execution that ran `count` signed transfers (only what the history reads). */
function executionOf(count: number): BlockExecution {
  const executed = Array.from({ length: count }, (_, nonce) => {
    const tx = createLegacyTx({ nonce, gasLimit: 21_000n, gasPrice: 1n, to: `0x${"11".repeat(20)}` }, { common });
    return { tx: tx.sign(KEY) } as Partial<ExecutedTx> as ExecutedTx;
  });
  return { executed } as Partial<BlockExecution> as BlockExecution;
}

describe("runtime/chain: ChainHistory", () => {
  it("indexes a stored block's transactions and forgets them when the block is truncated", () => {
    const history = new ChainHistory();
    history.store(block(0n), undefined, { preStateMark: 0, stateMark: 0 }, false);
    const execution = executionOf(2);
    const stored = history.store(block(1n), execution, { preStateMark: 1, stateMark: 3 }, false);
    const hashes = execution.executed.map((e) => toHex(e.tx.hash()));
    expect(history.length).to.equal(2n);
    expect(history.latest).to.equal(stored);
    expect(history.byHash(stored.hash)).to.equal(stored);
    expect(stored.preStateMark).to.equal(1);
    expect(stored.stateMark).to.equal(3);
    expect(hashes.map((h) => history.txLocation(h))).to.deep.equal([
      { blockNumber: 1n, index: 0 },
      { blockNumber: 1n, index: 1 },
    ]);
    history.truncate(1n);
    expect(history.length).to.equal(1n);
    expect(history.latest.number).to.equal(0n);
    expect(history.byHash(stored.hash)).to.equal(undefined);
    expect(hashes.map((h) => history.txLocation(h))).to.deep.equal([undefined, undefined]);
  });

  it("sums difficulties only for proof-of-work blocks", () => {
    const history = new ChainHistory();
    const marks = { preStateMark: 0, stateMark: 0 };
    expect(history.store(block(0n), undefined, marks, false).totalDifficulty).to.equal(undefined);
    const london = createSharedTxCommon(31337n, "london");
    const powBlock = (number: bigint) => reservedBlock(london, number, 1_700_000_000n + number, 7n, ROOT);
    const pow = new ChainHistory();
    const first = pow.store(powBlock(0n), undefined, marks, true);
    const second = pow.store(powBlock(1n), undefined, marks, true);
    expect(first.totalDifficulty).to.equal(1n);
    expect(second.totalDifficulty).to.equal(2n);
  });

  it("reserves a run made on demand over the given mark, and nothing for a count of 0", () => {
    const history = new ChainHistory();
    history.store(block(0n), undefined, { preStateMark: 0, stateMark: 0 }, false);
    history.reserve(common, { count: 0n, interval: 10n, mark: 5, stateRoot: ROOT });
    expect(history.length).to.equal(1n);
    history.reserve(common, { count: 3n, interval: 10n, mark: 5, stateRoot: ROOT });
    expect(history.length).to.equal(4n);
    expect(history.isUnmadeReserved(2n)).to.equal(true);
    const made = history.at(2n);
    expect(made?.block.header.timestamp).to.equal(block(0n).header.timestamp + 20n);
    expect([made?.preStateMark, made?.stateMark]).to.deep.equal([5, 5]);
    expect(history.isUnmadeReserved(2n)).to.equal(false);
    expect(history.at(4n)).to.equal(undefined);
  });
});

import { createLegacyTx } from "@ethereumjs/tx";
import { expect } from "chai";

import { TxPool } from "../../../src/runtime/chain/tx-pool.js";
import { createSharedTxCommon } from "../../../src/runtime/evm/evm-context.js";
import type { ExecutedTx, SkippedTx } from "../../../src/runtime/exec/block-execution.js";
import { toHex } from "../../../src/runtime/util/hex.js";
import type { AddressHex } from "../../../src/runtime/vocabulary.js";

const common = createSharedTxCommon(31337n, "prague");
const KEY = new Uint8Array(32).fill(1);

function transfer(nonce: number) {
  return createLegacyTx({ nonce, gasLimit: 21_000n, gasPrice: 1n, to: `0x${"11".repeat(20)}` }, { common }).sign(KEY);
}

const SENDER: AddressHex = toHex(transfer(0).getSenderAddress().bytes);

function poolOf(nonces: number[]): TxPool {
  const pool = new TxPool();
  for (const nonce of nonces) pool.add(transfer(nonce), SENDER);
  return pool;
}

describe("runtime/chain: TxPool", () => {
  it("counts a sender's next nonce up to the first gap in its pending transactions", () => {
    expect(poolOf([]).nextNonce(SENDER, 3n)).to.equal(3n);
    expect(poolOf([3, 4, 6]).nextNonce(SENDER, 3n)).to.equal(5n);
    expect(poolOf([1, 2]).nextNonce(SENDER, 3n)).to.equal(3n);
  });

  it("settles after a block: drops what ran and what was invalid at its turn, keeps what waits behind a gap", () => {
    const pool = poolOf([0, 1, 2, 3]);
    const executed = [{ tx: transfer(0) } as Partial<ExecutedTx> as ExecutedTx];
    const skipped = [
      { tx: transfer(1), reason: "invalid" } as Partial<SkippedTx> as SkippedTx,
      { tx: transfer(3), reason: "invalid" } as Partial<SkippedTx> as SkippedTx,
    ];
    pool.settle({ executed, skipped }, () => 1n);
    expect(pool.pendingOf(SENDER).map((tx) => tx.nonce)).to.deep.equal([2n, 3n]);
  });

  it("prunes what can never be mined once settled", () => {
    const pool = poolOf([0, 1, 2]);
    pool.settle({ executed: [], skipped: [] }, () => 2n);
    expect(pool.pendingOf(SENDER).map((tx) => tx.nonce)).to.deep.equal([2n]);
  });
});

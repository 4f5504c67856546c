import { expect } from "chai";

import { ChainClock } from "../../../src/runtime/chain/chain-clock.js";
import { ChainHistory } from "../../../src/runtime/chain/chain-history.js";
import { ChainSnapshots, type SnapshotSubject } from "../../../src/runtime/chain/chain-snapshots.js";
import { seededHeaderHashes } from "../../../src/runtime/chain/header-hashes.js";
import { TxPool } from "../../../src/runtime/chain/tx-pool.js";
import { FlatState } from "../../../src/runtime/state/flat-state.js";
import { TrieCommitment } from "../../../src/runtime/state/trie-commitment.js";
import { balanceKey, type AddressHex } from "../../../src/runtime/vocabulary.js";

const ALICE: AddressHex = `0x${"a1".repeat(20)}`;

function subject(): SnapshotSubject {
  return {
    state: new FlatState(new TrieCommitment()),
    pool: new TxPool(),
    clock: new ChainClock(1_700_000_000n),
    coinbase: `0x${"c0".repeat(20)}`,
    blockGasLimit: 30_000_000n,
    nextBaseFee: undefined,
    headerHashes: seededHeaderHashes(),
  };
}

describe("runtime/chain: ChainSnapshots", () => {
  it("restores the state and the next block's settings a snapshot saw", () => {
    const chain = subject();
    const snapshots = new ChainSnapshots(chain, new ChainHistory());
    const id = snapshots.take();
    chain.state.apply(new Map([[balanceKey(ALICE), 5n]]));
    chain.coinbase = ALICE;
    chain.blockGasLimit = 1n;
    chain.nextBaseFee = 9n;
    chain.headerHashes.mixHash.advance();
    expect(snapshots.revert(id)).to.equal(true);
    expect(chain.state.account(ALICE)).to.equal(undefined);
    expect([chain.coinbase, chain.blockGasLimit, chain.nextBaseFee]).to.deep.equal([
      `0x${"c0".repeat(20)}`,
      30_000_000n,
      undefined,
    ]);
    expect(chain.headerHashes.mixHash.next).to.deep.equal(seededHeaderHashes().mixHash.next);
  });

  it("hands out ids one by one, skipped ids included, and consumes an id with every later one", () => {
    const snapshots = new ChainSnapshots(subject(), new ChainHistory());
    const first = snapshots.take();
    snapshots.skipId();
    const third = snapshots.take();
    expect([first, third]).to.deep.equal([1, 3]);
    expect(snapshots.revert(first)).to.equal(true);
    expect(snapshots.revert(third)).to.equal(false);
    expect(snapshots.revert(first)).to.equal(false);
  });

  it("drops the snapshots after an unknown id too", () => {
    const snapshots = new ChainSnapshots(subject(), new ChainHistory());
    const first = snapshots.take();
    snapshots.skipId();
    const third = snapshots.take();
    expect(snapshots.revert(2)).to.equal(false);
    expect(snapshots.revert(third)).to.equal(false);
    expect(snapshots.revert(first)).to.equal(true);
  });
});

import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { EMPTY_CODE_HASH } from "../../../src/runtime/state/account-data.js";
import { FlatState } from "../../../src/runtime/state/flat-state.js";
import { TrieCommitment } from "../../../src/runtime/state/trie-commitment.js";
import { balanceKey, codeKey, nonceKey, storageKey, type LocationValue } from "../../../src/runtime/vocabulary.js";
import { Rng } from "../trie/reference.js";

const CODE_HASH = `0x${"ab".repeat(32)}`;

/** One random change: account fields (zeroing them deletes the account), or a storage word. */
function randomChange(rng: Rng, addresses: readonly string[]): [string, LocationValue] {
  const address = addresses[rng.int(addresses.length)] ?? "0x";
  const zero = rng.int(3) === 0;
  switch (rng.int(5)) {
    case 0:
      return [balanceKey(address), zero ? 0n : rng.bigint()];
    case 1:
      return [nonceKey(address), zero ? 0n : BigInt(rng.int(5))];
    case 2:
      return [codeKey(address), zero ? EMPTY_CODE_HASH : CODE_HASH];
    default:
      return [storageKey(address, `0x${rng.int(6).toString(16)}`), zero ? 0n : rng.bigint()];
  }
}

describe("TrieCommitment (changes collected per address until the trie is read)", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`gives the root of one change at a time, whatever is read in between (seed ${seed})`, () => {
      const rng = new Rng(seed);
      const addresses = Array.from({ length: 6 }, () => rng.hex(20));
      const stepwise = new FlatState(new TrieCommitment());
      const batched = new FlatState(new TrieCommitment());
      for (let round = 0; round < 30; round++) {
        for (let i = 0; i < 25; i++) {
          const change = new Map([randomChange(rng, addresses)]);
          stepwise.apply(change);
          stepwise.stateRoot();
          batched.apply(change);
        }
        expect(bytesToHex(batched.stateRoot())).to.equal(bytesToHex(stepwise.stateRoot()));
      }
    });
  }

  for (const seed of [5, 6]) {
    it(`gives the same root when the changes so far are written to the trie early, at any point (seed ${seed})`, () => {
      const rng = new Rng(seed);
      const addresses = Array.from({ length: 6 }, () => rng.hex(20));
      const prepared = new FlatState(new TrieCommitment());
      const plain = new FlatState(new TrieCommitment());
      for (let round = 0; round < 30; round++) {
        for (let i = 0; i < 25; i++) {
          const change = new Map([randomChange(rng, addresses)]);
          prepared.apply(change);
          if (rng.int(4) === 0) prepared.prepareRoot();
          plain.apply(change);
        }
        expect(bytesToHex(prepared.stateRoot())).to.equal(bytesToHex(plain.stateRoot()));
      }
    });
  }

  it("writes collected changes before a proof or an older state's copy", () => {
    const commitment = new TrieCommitment();
    const state = new FlatState(commitment);
    const address = `0x${"11".repeat(20)}`;
    state.apply(new Map([[balanceKey(address), 5n]]));
    state.apply(new Map([[storageKey(address, "0x1"), 7n]]));
    const proofBefore = commitment.proveStorage(address, "0x1");
    expect(proofBefore.length).to.be.greaterThan(0);
    const mark = state.mark();
    state.apply(new Map([[storageKey(address, "0x1"), 8n]]));
    const older = commitment.at(state.viewAt(mark), state.changedSince(mark));
    const reference = new FlatState(new TrieCommitment());
    reference.apply(new Map([[balanceKey(address), 5n]]));
    reference.apply(new Map([[storageKey(address, "0x1"), 7n]]));
    expect(bytesToHex(older.root())).to.equal(bytesToHex(reference.stateRoot()));
    expect(bytesToHex(commitment.storageRoot(address))).to.not.equal(bytesToHex(older.storageRoot(address)));
  });
});

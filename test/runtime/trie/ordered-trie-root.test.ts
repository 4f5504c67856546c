import { genTransactionsTrieRoot } from "@ethereumjs/block";
import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex, KECCAK256_RLP } from "@ethereumjs/util";
import { expect } from "chai";

import { orderedTrieRoot } from "../../../src/runtime/trie/index.js";
import { Rng } from "./reference.js";

async function referenceOrderedRoot(items: Uint8Array[]): Promise<Uint8Array> {
  const trie = new MerklePatriciaTrie();
  for (const [index, item] of items.entries()) await trie.put(RLP.encode(index), item);
  return trie.root();
}

describe("orderedTrieRoot vs @ethereumjs/mpt", function () {
  it("is the empty-trie root for no items", function () {
    expect(bytesToHex(orderedTrieRoot([]))).to.equal(bytesToHex(KECCAK256_RLP));
  });

  for (const count of [1, 2, 16, 17, 127, 128, 129, 1000]) {
    it(`matches for ${count} items of random lengths (including inline nodes)`, async function () {
      const rng = new Rng(count);
      const items = Array.from({ length: count }, () => rng.bytes(1 + (rng.int(3) === 0 ? rng.int(8) : rng.int(200))));
      expect(bytesToHex(orderedTrieRoot(items))).to.equal(bytesToHex(await referenceOrderedRoot(items)));
    });
  }

  it("matches genTransactionsTrieRoot for signed transactions", async function () {
    const key = new Rng(8).bytes(32);
    for (const count of [0, 1, 3, 130]) {
      const txs = Array.from({ length: count }, (_, nonce) =>
        createLegacyTx({
          nonce: BigInt(nonce),
          gasPrice: 7n,
          gasLimit: 21000n,
          to: `0x${"33".repeat(20)}` as const,
        }).sign(key),
      );
      const ours = orderedTrieRoot(txs.map((tx) => tx.serialize()));
      expect(bytesToHex(ours)).to.equal(bytesToHex(await genTransactionsTrieRoot(txs)));
    }
  });
});

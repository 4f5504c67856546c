/**
 * Roots of ordered lists: transactions, receipts and withdrawals roots of a block header.
 *
 * Ethereum commits to a list by putting item `i` (already encoded: a serialized transaction, an
 * encoded receipt, an RLP withdrawal) under the key RLP(i) of a plain (non-hashed) trie — exactly
 * what @ethereumjs/block's `genTransactionsTrieRoot` and `genWithdrawalsTrieRoot` do with
 * @ethereumjs/mpt. Here the trie is built in memory with the persistent trie's functions under a
 * private owner token, so every node is mutated in place (no copying) and hashed once at the end.
 * RLP-encoded indices are prefix-free, so no value ever lands in a branch, but the trie supports it.
 */
import { RLP } from "@ethereumjs/rlp";

import { bytesToNibbles } from "./nibbles.js";
import { trieInsert } from "./persistent-trie.js";
import { trieRootHash } from "./trie-hash.js";
import { type TrieNode } from "./trie-node.js";

/** The trie root of `items` keyed by RLP(index); the empty-trie root for an empty list. */
export function orderedTrieRoot(items: readonly Uint8Array[]): Uint8Array {
  const owner = {};
  let root: TrieNode<Uint8Array> | null = null;
  items.forEach((item, index) => {
    root = trieInsert(root, bytesToNibbles(RLP.encode(index)), item, owner);
  });
  return trieRootHash(root, (value: Uint8Array) => value);
}

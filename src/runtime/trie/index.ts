/**
 * Fast Merkle-Patricia roots for the runtime: the incremental state root (with copies and proofs),
 * ordered-list roots for block headers, and the generic persistent trie they are built on.
 */
export { IncrementalStateRoot, type StateAccount } from "./incremental-state-root.js";
export { orderedTrieRoot } from "./ordered-trie-root.js";
export { trieGet, trieInsert, trieRemove } from "./persistent-trie.js";
export { EMPTY_TRIE_ROOT, trieRootHash, type ValueEncoder } from "./trie-hash.js";
export { type Owner, type TrieNode } from "./trie-node.js";
export { trieProof } from "./trie-proof.js";

/**
 * Merkle proofs (`eth_getProof`): the encoded nodes on the path from the root towards a key.
 *
 * The proof has the shape @ethereumjs/mpt's `createMerkleProof` produces and its
 * `verifyMerkleProof` accepts: the RLP encoding of every node visited while looking the key up,
 * root first, ending at the leaf holding the key or at the node where the path diverges (a proof of
 * absence). Encodings come from the nodes' caches, so a proof right after `root()` costs only the
 * walk.
 */
import { matchingNibbles } from "./nibbles.js";
import { nodeEncoding, type ValueEncoder } from "./trie-hash.js";
import { type TrieNode } from "./trie-node.js";

/** The encoded nodes on the path to `key` (nibbles), root first; empty for the empty trie. */
export function trieProof<V>(root: TrieNode<V> | null, key: Uint8Array, encodeValue: ValueEncoder<V>): Uint8Array[] {
  const proof: Uint8Array[] = [];
  let node = root;
  let pos = 0;
  while (node !== null) {
    proof.push(nodeEncoding(node, encodeValue));
    if (node.kind === "branch") {
      node = pos < key.length ? (node.children[key[pos] ?? 0] ?? null) : null;
      pos++;
      continue;
    }
    const m = matchingNibbles(node.path, key, pos);
    if (node.kind === "leaf" || m !== node.path.length) break;
    pos += m;
    node = node.child;
  }
  return proof;
}

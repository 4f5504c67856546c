/**
 * Hashing a trie: node encodings, references and the root hash, all cached in the nodes.
 *
 * A node's encoding is the RLP list of its fields; its reference inside its parent is that encoding
 * itself when shorter than 32 bytes (an "inline" node) and the RLP string of its keccak hash
 * otherwise. Both are cached on the node (`enc`, `item`). Dirty nodes have empty caches and every
 * node above a dirty node is dirty too (updates copy or clear the whole path), so hashing descends
 * only into dirty subtrees and the cost of `root()` is proportional to the number of changed nodes,
 * not to the size of the trie.
 *
 * Values are encoded lazily by a caller-supplied `ValueEncoder`: the state trie stores account
 * objects whose encoding embeds the root of the account's own storage trie, itself computed (and
 * cached) by the same code at that moment.
 */
import { keccak256 } from "../crypto/keccak.js";
import { EMPTY_ITEM, encodeBytesItem, encodeListOfItems, encodePathNode } from "./node-rlp.js";
import { type TrieNode } from "./trie-node.js";

/** Turns a stored value into the bytes the trie commits to (before the node's own RLP). */
export type ValueEncoder<V> = (value: V) => Uint8Array;

/** Root of the empty trie: keccak256(RLP("")) = 0x56e81f…b421. */
export const EMPTY_TRIE_ROOT: Uint8Array = keccak256(EMPTY_ITEM);

/** The node's RLP encoding, computed once and cached. */
export function nodeEncoding<V>(node: TrieNode<V>, encodeValue: ValueEncoder<V>): Uint8Array {
  if (node.enc !== undefined) return node.enc;
  let enc: Uint8Array;
  if (node.kind === "leaf") {
    enc = encodePathNode(node.path, true, encodeValue(node.value), true);
  } else if (node.kind === "extension") {
    enc = encodePathNode(node.path, false, nodeItem(node.child, encodeValue), false);
  } else {
    const items: Uint8Array[] = new Array<Uint8Array>(17);
    for (let i = 0; i < 16; i++) {
      const child = node.children[i] ?? null;
      items[i] = child === null ? EMPTY_ITEM : nodeItem(child, encodeValue);
    }
    items[16] = node.value === null ? EMPTY_ITEM : encodeBytesItem(encodeValue(node.value));
    enc = encodeListOfItems(items);
  }
  node.enc = enc;
  return enc;
}

/** The node's reference inside its parent (inline encoding or RLP-wrapped hash), cached. */
export function nodeItem<V>(node: TrieNode<V>, encodeValue: ValueEncoder<V>): Uint8Array {
  if (node.item !== undefined) return node.item;
  const enc = nodeEncoding(node, encodeValue);
  let item = enc;
  if (enc.length >= 32) {
    item = new Uint8Array(33);
    item[0] = 0xa0;
    item.set(keccak256(enc), 1);
  }
  node.item = item;
  return item;
}

/** The root hash of a trie (the empty root for `null`); a fresh 32-byte array. */
export function trieRootHash<V>(root: TrieNode<V> | null, encodeValue: ValueEncoder<V>): Uint8Array {
  if (root === null) return EMPTY_TRIE_ROOT.slice();
  const item = nodeItem(root, encodeValue);
  // A hashed reference is always 33 bytes; an inline one (encoding < 32 bytes) is the encoding itself.
  return item.length === 33 ? item.slice(1) : keccak256(item);
}

/**
 * Insert, remove and lookup on a persistent Merkle-Patricia trie of nibble keys.
 *
 * The functions take a root (`TrieNode<V> | null`) and return the new root; nodes not owned by the
 * caller's `owner` token are never modified (see `trie-node.ts`), so older roots stay valid and
 * unchanged. The trie is kept in the canonical Ethereum shape after every operation — no branch with
 * a single entry, no extension above anything but a branch, no empty extension — because the root
 * hash is defined over that shape: an insert splits leaves and extensions at the first differing
 * nibble; a remove collapses a branch left with one entry into its neighbour (leaf or extension).
 *
 * Keys may have any length (the ordered transaction/receipt tries use RLP-encoded indices); a key
 * ending exactly at a branch stores its value in the branch's value slot.
 */
import { concatNibbles, matchingNibbles } from "./nibbles.js";
import {
  type BranchNode,
  type ExtensionNode,
  type LeafNode,
  newBranch,
  newExtension,
  newLeaf,
  type Owner,
  ownNode,
  type TrieNode,
} from "./trie-node.js";

/** Returned by the remove helpers when the key was absent, so callers keep their cached hashes. */
const UNCHANGED: unique symbol = Symbol("unchanged");
type RemoveResult<V> = TrieNode<V> | null | typeof UNCHANGED;

/** Looks `key` (nibbles) up; returns the stored value or undefined. */
export function trieGet<V>(root: TrieNode<V> | null, key: Uint8Array): V | undefined {
  let node = root;
  let pos = 0;
  while (node !== null) {
    if (node.kind === "branch") {
      if (pos === key.length) return node.value ?? undefined;
      node = node.children[key[pos] ?? 0] ?? null;
      pos++;
      continue;
    }
    const m = matchingNibbles(node.path, key, pos);
    if (m !== node.path.length) return undefined;
    pos += m;
    if (node.kind === "leaf") return pos === key.length ? node.value : undefined;
    node = node.child;
  }
  return undefined;
}

/** Puts `value` under `key` (nibbles) and returns the new root. */
export function trieInsert<V>(root: TrieNode<V> | null, key: Uint8Array, value: V, owner: Owner): TrieNode<V> {
  return insertAt(root, key, 0, value, owner);
}

function insertAt<V>(node: TrieNode<V> | null, key: Uint8Array, pos: number, value: V, owner: Owner): TrieNode<V> {
  if (node === null) return newLeaf(owner, key.subarray(pos), value);
  if (node.kind === "branch") {
    const branch = ownNode<V, BranchNode<V>>(node, owner);
    if (pos === key.length) branch.value = value;
    else {
      const nibble = key[pos] ?? 0;
      branch.children[nibble] = insertAt(branch.children[nibble] ?? null, key, pos + 1, value, owner);
    }
    return branch;
  }
  const m = matchingNibbles(node.path, key, pos);
  if (node.kind === "leaf" && m === node.path.length && pos + m === key.length) {
    const leaf = ownNode<V, LeafNode<V>>(node, owner);
    leaf.value = value;
    return leaf;
  }
  if (node.kind === "extension" && m === node.path.length) {
    const ext = ownNode<V, ExtensionNode<V>>(node, owner);
    ext.child = insertAt(ext.child, key, pos + m, value, owner);
    return ext;
  }
  return splitAt(node, m, key, pos, value, owner);
}

/**
 * Splits a leaf or extension whose path diverges from `key` after `m` nibbles: a new branch takes
 * the old node's remainder and the new leaf, under a new extension for the `m` shared nibbles.
 */
function splitAt<V>(
  node: LeafNode<V> | ExtensionNode<V>,
  m: number,
  key: Uint8Array,
  pos: number,
  value: V,
  owner: Owner,
): TrieNode<V> {
  const branch = newBranch<V>(owner);
  const rest = node.path.subarray(m + 1);
  const oldNibble = node.path[m];
  if (oldNibble === undefined) {
    // Only a leaf can end here (an extension matching fully was handled by the caller).
    if (node.kind === "leaf") branch.value = node.value;
  } else if (node.kind === "leaf") {
    branch.children[oldNibble] = newLeaf(owner, rest, node.value);
  } else {
    branch.children[oldNibble] = rest.length === 0 ? node.child : newExtension(owner, rest, node.child);
  }
  const newNibble = key[pos + m];
  if (newNibble === undefined) branch.value = value;
  else branch.children[newNibble] = newLeaf(owner, key.subarray(pos + m + 1), value);
  return m === 0 ? branch : newExtension(owner, node.path.subarray(0, m), branch);
}

/** Removes `key` (nibbles) and returns the new root (the same root when the key was absent). */
export function trieRemove<V>(root: TrieNode<V> | null, key: Uint8Array, owner: Owner): TrieNode<V> | null {
  if (root === null) return null;
  const result = removeAt(root, key, 0, owner);
  return result === UNCHANGED ? root : result;
}

function removeAt<V>(node: TrieNode<V>, key: Uint8Array, pos: number, owner: Owner): RemoveResult<V> {
  if (node.kind === "branch") return removeFromBranch(node, key, pos, owner);
  const m = matchingNibbles(node.path, key, pos);
  if (m !== node.path.length) return UNCHANGED;
  if (node.kind === "leaf") return pos + m === key.length ? null : UNCHANGED;
  const child = removeAt(node.child, key, pos + m, owner);
  if (child === UNCHANGED) return UNCHANGED;
  if (child === null) return null;
  return prependPath(node, node.path, child, owner);
}

function removeFromBranch<V>(node: BranchNode<V>, key: Uint8Array, pos: number, owner: Owner): RemoveResult<V> {
  if (pos === key.length) {
    if (node.value === null) return UNCHANGED;
    const branch = ownNode<V, BranchNode<V>>(node, owner);
    branch.value = null;
    return normalizeBranch(branch, owner);
  }
  const nibble = key[pos] ?? 0;
  const child = node.children[nibble] ?? null;
  if (child === null) return UNCHANGED;
  const result = removeAt(child, key, pos + 1, owner);
  if (result === UNCHANGED) return UNCHANGED;
  const branch = ownNode<V, BranchNode<V>>(node, owner);
  branch.children[nibble] = result;
  return normalizeBranch(branch, owner);
}

/** Collapses a branch left with a single entry (one child, or only its value). */
function normalizeBranch<V>(branch: BranchNode<V>, owner: Owner): TrieNode<V> | null {
  let count = 0;
  let only = -1;
  for (let i = 0; i < 16; i++) {
    if (branch.children[i] != null) {
      count++;
      only = i;
    }
  }
  if (count + (branch.value === null ? 0 : 1) >= 2) return branch;
  if (count === 0) return branch.value === null ? null : newLeaf(owner, new Uint8Array(0), branch.value);
  const child = branch.children[only] ?? null;
  if (child === null) return null;
  return prependPath(null, Uint8Array.of(only), child, owner);
}

/**
 * Puts `path` in front of `child`: merges into a leaf's or extension's own path, or places an
 * extension above a branch (reusing `ext` when given, so an owned extension is updated in place).
 */
function prependPath<V>(ext: ExtensionNode<V> | null, path: Uint8Array, child: TrieNode<V>, owner: Owner): TrieNode<V> {
  if (child.kind === "leaf") return newLeaf(owner, concatNibbles(path, child.path), child.value);
  if (child.kind === "extension") return newExtension(owner, concatNibbles(path, child.path), child.child);
  if (ext === null) return newExtension(owner, path, child);
  const owned = ownNode<V, ExtensionNode<V>>(ext, owner);
  owned.child = child;
  return owned;
}

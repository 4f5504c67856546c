/**
 * Trie nodes: immutable once shared, mutable while owned.
 *
 * The state root must survive cheap copies (`evm_snapshot`, one state per block) and cheap updates
 * (a block touches a few thousand leaves out of maybe millions). Both come from structural sharing:
 * an update copies only the nodes on the path from the root to the changed leaf and shares the rest,
 * so a copy is just another pointer to the same root.
 *
 * Copying a path on every write would still allocate ~depth nodes per write, though, even when a
 * block writes the same branches thousands of times. So nodes carry an `owner` token (the "transient"
 * technique of persistent data structures): a trie version may mutate in place every node stamped
 * with its own token, because no other version can see such a node yet. When a version is copied,
 * both the original and the copy take fresh tokens, which freezes every existing node for both.
 *
 * Each node also caches its RLP encoding (`enc`) and its reference as it appears inside its parent
 * (`item`: the encoding itself when shorter than 32 bytes, else the RLP string of its keccak hash).
 * Mutating a node clears its caches; frozen nodes keep theirs forever, so hashing after an update
 * only visits the dirty paths.
 */

/** Identity of the trie version allowed to mutate a node in place. Compared by reference only. */
export type Owner = object;

interface NodeBase {
  /** The version that may mutate this node in place. */
  owner: Owner;
  /** Cached RLP encoding of the node, or undefined when dirty. */
  enc: Uint8Array | undefined;
  /** Cached reference in the parent: `enc` if shorter than 32 bytes, else RLP(keccak(enc)). */
  item: Uint8Array | undefined;
}

/** A leaf: the rest of the key as nibbles and the stored value. */
export interface LeafNode<V> extends NodeBase {
  /** Discriminant. */
  readonly kind: "leaf";
  /** Remaining key nibbles below the parent. */
  path: Uint8Array;
  /** The stored value (encoded by the trie's value encoder when hashed). */
  value: V;
}

/** An extension: a shared run of nibbles leading to a single branch. */
export interface ExtensionNode<V> extends NodeBase {
  /** Discriminant. */
  readonly kind: "extension";
  /** The shared nibbles (at least one). */
  path: Uint8Array;
  /** The node below (always a branch in a normalized trie). */
  child: TrieNode<V>;
}

/** A branch: one child slot per nibble, plus a value for a key that ends exactly here. */
export interface BranchNode<V> extends NodeBase {
  /** Discriminant. */
  readonly kind: "branch";
  /** Sixteen child slots, `null` when empty. */
  children: (TrieNode<V> | null)[];
  /** Value of a key ending at this branch (never used by fixed-length secure keys). */
  value: V | null;
}

/** Any trie node. A trie is a `TrieNode<V> | null` root (null is the empty trie). */
export type TrieNode<V> = LeafNode<V> | ExtensionNode<V> | BranchNode<V>;

/** Creates a leaf owned by `owner`. */
export function newLeaf<V>(owner: Owner, path: Uint8Array, value: V): LeafNode<V> {
  return { kind: "leaf", owner, enc: undefined, item: undefined, path, value };
}

/** Creates an extension owned by `owner`. */
export function newExtension<V>(owner: Owner, path: Uint8Array, child: TrieNode<V>): ExtensionNode<V> {
  return { kind: "extension", owner, enc: undefined, item: undefined, path, child };
}

/** Creates an empty branch owned by `owner`. */
export function newBranch<V>(owner: Owner): BranchNode<V> {
  const children: (TrieNode<V> | null)[] = new Array<TrieNode<V> | null>(16).fill(null);
  return { kind: "branch", owner, enc: undefined, item: undefined, children, value: null };
}

/**
 * Returns a node `owner` may mutate, with its caches cleared: the node itself if already owned,
 * else a shallow clone (a branch's child array is copied; paths and values are shared).
 */
export function ownNode<V, N extends TrieNode<V>>(node: N, owner: Owner): N {
  if (node.owner === owner) {
    node.enc = undefined;
    node.item = undefined;
    return node;
  }
  const clone: N = { ...node, owner, enc: undefined, item: undefined };
  if (clone.kind === "branch") clone.children = clone.children.slice();
  return clone;
}

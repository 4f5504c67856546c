/**
 * Nibble paths and their hex-prefix ("compact") encoding.
 *
 * A Merkle-Patricia trie branches on 4-bit nibbles, so every key is first expanded to one nibble per
 * byte of a `Uint8Array` (twice the key's length). Nodes keep their partial paths as views
 * (`subarray`) of those expanded keys: the arrays are never written after creation, so sharing them
 * between nodes, trie versions and copies is safe and saves allocations.
 *
 * When a node is serialized, its partial path is packed back into bytes with the hex-prefix encoding
 * of the Yellow Paper (appendix C): the first nibble holds two flags, "odd length" (1) and
 * "terminates in a leaf" (2); an even-length path gets a zero padding nibble after the flag nibble.
 */

/** Expands bytes to nibbles, high nibble first: `0xab` becomes `[0xa, 0xb]`. */
export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 0x0f;
  }
  return out;
}

/**
 * Number of leading nibbles `path` shares with `key` starting at `keyOffset`
 * (at most `min(path.length, key.length - keyOffset)`).
 */
export function matchingNibbles(path: Uint8Array, key: Uint8Array, keyOffset: number): number {
  const max = Math.min(path.length, key.length - keyOffset);
  let i = 0;
  while (i < max && path[i] === key[keyOffset + i]) i++;
  return i;
}

/** Concatenates nibble paths (used when a branch collapses into its only child). */
export function concatNibbles(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Hex-prefix encodes a nibble path; `isLeaf` sets the terminator flag (leaf vs extension). */
export function hexPrefixEncode(path: Uint8Array, isLeaf: boolean): Uint8Array {
  const odd = path.length % 2;
  const out = new Uint8Array((path.length >> 1) + 1);
  const flag = (isLeaf ? 2 : 0) + odd;
  let i = 0;
  if (odd === 1) {
    out[0] = (flag << 4) | (path[0] ?? 0);
    i = 1;
  } else {
    out[0] = flag << 4;
  }
  for (let o = 1; i < path.length; i += 2, o++) {
    out[o] = ((path[i] ?? 0) << 4) | (path[i + 1] ?? 0);
  }
  return out;
}

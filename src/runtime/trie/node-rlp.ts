/**
 * The two RLP primitives trie nodes need, working on already-encoded items.
 *
 * A trie node is an RLP list whose elements are either byte strings (paths, values, child hashes) or,
 * for children whose own encoding is shorter than 32 bytes, that child's encoding inlined verbatim.
 * Going through `RLP.encode` of nested arrays would force us to keep (or re-decode) every inlined
 * child as a nested structure and to re-encode children on every parent update. Instead each node
 * caches its encoded form, and parents are assembled by concatenating cached items behind a list
 * header — one allocation per node; leaves and extensions are even written in a single pass
 * (`encodePathNode`). Hashing is where the trie spends its time, so the few hot encodings — nodes,
 * account leaves, storage words — use these primitives instead of @ethereumjs/rlp's general
 * encoder; the tests check them byte for byte against @ethereumjs/rlp, and every root against
 * @ethereumjs/mpt. */

function lengthOfLength(length: number): number {
  let n = 0;
  for (let l = length; l > 0; l = Math.floor(l / 256)) n++;
  return n;
}

function writeHeader(out: Uint8Array, shortBase: number, length: number): number {
  if (length <= 55) {
    out[0] = shortBase + length;
    return 1;
  }
  const lol = lengthOfLength(length);
  out[0] = shortBase + 55 + lol;
  for (let i = lol, l = length; i >= 1; i--, l = Math.floor(l / 256)) out[i] = l & 0xff;
  return lol + 1;
}

function headerSize(length: number): number {
  return length <= 55 ? 1 : 1 + lengthOfLength(length);
}

/** The RLP encoding of a byte string (a single byte below 0x80 encodes as itself). */
export function encodeBytesItem(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 1 && (bytes[0] ?? 0) < 0x80) return bytes.slice();
  const out = new Uint8Array(headerSize(bytes.length) + bytes.length);
  out.set(bytes, writeHeader(out, 0x80, bytes.length));
  return out;
}

/** The RLP encoding of a list whose elements are given already RLP-encoded. */
export function encodeListOfItems(items: readonly Uint8Array[]): Uint8Array {
  let payload = 0;
  for (const item of items) payload += item.length;
  const out = new Uint8Array(headerSize(payload) + payload);
  let offset = writeHeader(out, 0xc0, payload);
  for (const item of items) {
    out.set(item, offset);
    offset += item.length;
  }
  return out;
}

/**
 * The encoding of a leaf or extension node, RLP([hexPrefix(path), tail]), built in one allocation
 * (the hot path of hashing: every dirty leaf goes through here). `tail` is the leaf's value as raw
 * bytes (`tailIsRaw`, wrapped as an RLP string here) or an extension's already-encoded child item.
 */
export function encodePathNode(path: Uint8Array, isLeaf: boolean, tail: Uint8Array, tailIsRaw: boolean): Uint8Array {
  const hpLength = (path.length >> 1) + 1;
  // The first hex-prefix byte is at most 0x3f, so a one-byte hex-prefix encodes as itself.
  const hpItemLength = hpLength === 1 ? 1 : headerSize(hpLength) + hpLength;
  const singleByteTail = tailIsRaw && tail.length === 1 && (tail[0] ?? 0) < 0x80;
  const tailItemLength = tailIsRaw && !singleByteTail ? headerSize(tail.length) + tail.length : tail.length;
  const payload = hpItemLength + tailItemLength;
  const out = new Uint8Array(headerSize(payload) + payload);
  let offset = writeHeader(out, 0xc0, payload);
  if (hpLength > 1) offset += writeHeader(out.subarray(offset), 0x80, hpLength);
  offset = writeHexPrefix(out, offset, path, isLeaf);
  if (tailIsRaw && !singleByteTail) offset += writeHeader(out.subarray(offset), 0x80, tail.length);
  out.set(tail, offset);
  return out;
}

function writeHexPrefix(out: Uint8Array, offset: number, path: Uint8Array, isLeaf: boolean): number {
  const odd = path.length & 1;
  const flag = (isLeaf ? 2 : 0) + odd;
  out[offset] = odd === 1 ? (flag << 4) | (path[0] ?? 0) : flag << 4;
  let o = offset + 1;
  for (let i = odd; i < path.length; i += 2, o++) out[o] = ((path[i] ?? 0) << 4) | (path[i + 1] ?? 0);
  return o;
}

/** The RLP encoding of the empty byte string, used for absent branch children and values. */
export const EMPTY_ITEM: Uint8Array = Uint8Array.of(0x80);

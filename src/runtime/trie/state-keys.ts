/**
 * Turning the state layer's hex strings into trie keys and values.
 *
 * The flat store speaks `0x`-prefixed hex (20-byte addresses, 32-byte slots) and bigints; the secure
 * state trie is keyed by keccak256 of the raw bytes, expanded to nibbles. Hashing is the expensive
 * part, and a block tends to touch the same accounts and slots again and again (the token contract,
 * the sender, the coinbase), so derived keys are memoized in a bounded cache shared by every trie
 * version (keys are a pure function of their input, so sharing is always safe). When the cache
 * fills up it is simply cleared: cheaper than LRU bookkeeping, and a miss only costs one hash.
 */
import { keccak256 } from "../crypto/keccak.js";
import { bytesToNibbles } from "./nibbles.js";

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUES[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUES[65 + i] = 10 + i;
  HEX_VALUES[97 + i] = 10 + i;
}

function hexDigit(text: string, index: number): number {
  const v = HEX_VALUES[text.charCodeAt(index)] ?? -1;
  if (v < 0) throw new Error(`invalid hex character in ${text}`);
  return v;
}

/**
 * Parses `0x`-prefixed hex into exactly `size` bytes. Shorter input is left-padded with zeros
 * (storage slots may arrive as quantities like `0x0`) unless `exact` is set; longer input throws.
 */
export function hexToFixedBytes(hex: string, size: number, exact: boolean): Uint8Array {
  if (!hex.startsWith("0x") && !hex.startsWith("0X")) throw new Error(`expected 0x-prefixed hex, got ${hex}`);
  const digits = hex.length - 2;
  if (digits > size * 2 || (exact && digits !== size * 2)) {
    throw new Error(`expected ${size} bytes of hex, got ${hex}`);
  }
  const out = new Uint8Array(size);
  let o = size * 2 - digits; // position in nibbles
  for (let i = 2; i < hex.length; i++, o++) {
    const v = hexDigit(hex, i);
    out[o >> 1] = (out[o >> 1] ?? 0) | (o % 2 === 0 ? v << 4 : v);
  }
  return out;
}

/** Minimal big-endian bytes of a non-negative bigint (empty for 0n), as RLP wants integers. */
export function bigintToMinimalBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new Error(`negative value ${value}`);
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = "0" + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (hexDigit(hex, 2 * i) << 4) | hexDigit(hex, 2 * i + 1);
  return out;
}

/** A bounded memo of secure-trie keys (keccak256 of the raw bytes, as nibbles) by hex input. */
export class SecureKeyCache {
  private readonly keys = new Map<string, Uint8Array>();

  /**
   * @param size - byte length of the raw key (20 for addresses, 32 for slots)
   * @param exact - whether shorter hex is rejected rather than left-padded
   * @param capacity - entries kept before the cache is cleared
   */
  constructor(
    private readonly size: number,
    private readonly exact: boolean,
    private readonly capacity = 65_536,
  ) {}

  /** The nibbles of keccak256(raw bytes of `hex`). Case-insensitive. */
  key(hex: string): Uint8Array {
    const cached = this.keys.get(hex);
    if (cached !== undefined) return cached;
    const key = bytesToNibbles(keccak256(hexToFixedBytes(hex, this.size, this.exact)));
    if (this.keys.size >= this.capacity) this.keys.clear();
    this.keys.set(hex, key);
    return key;
  }
}

/** Shared key cache for 20-byte addresses. */
export const addressKeys: SecureKeyCache = new SecureKeyCache(20, true);

/** Shared key cache for 32-byte storage slots (shorter hex is left-padded). */
export const slotKeys: SecureKeyCache = new SecureKeyCache(32, false);

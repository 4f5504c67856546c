/**
 * The hex strings of recently seen addresses, slots and code hashes, each built once. Every account and storage
 * access of a transaction keys a map by the hex of a 20- or 32-byte array, and the same location comes back many
 * times within one transaction (SLOAD: the warm-slot check, then the read; SSTORE: the warm-slot check, its gas
 * reading the current and the original value, the write), always as a fresh array: each time the bytes were
 * encoded again (Node's native encoder), joined to `0x`, and the new string hashed again by the map. Here a
 * direct-mapped table keeps, per entry, a copy of the bytes and their strings: an array with the same bytes
 * gets the same string objects (whose hash V8 keeps), so a repeat costs a byte comparison. A pure function of
 * the bytes: the same strings as `unprefixedHex`/`toHex`, whatever was cached before.
 */
import { unprefixedHex } from "./hex.js";

/** Entries of the table (a power of two): a block's locations thrash it, one transaction's fit. */
const SIZE = 2048;
const MASK = SIZE - 1;

const held: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(SIZE).fill(undefined);
const bare: string[] = new Array<string>(SIZE).fill("");
const prefixed: Array<string | undefined> = new Array<string | undefined>(SIZE).fill(undefined);

/** The table entry of `bytes`: its length and its first and last bytes (slots, keccak keys and addresses differ there). */
function indexOf(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 4) return n;
  const last =
    (bytes[n - 1] ?? 0) ^ ((bytes[n - 2] ?? 0) << 3) ^ ((bytes[n - 3] ?? 0) << 6) ^ ((bytes[n - 4] ?? 0) << 9);
  return (last ^ ((bytes[0] ?? 0) << 2) ^ ((bytes[1] ?? 0) << 5) ^ n) & MASK;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The entry holding `bytes`, filled (a copy and its bare hex) when it held other bytes. */
function entryOf(bytes: Uint8Array): number {
  const i = indexOf(bytes);
  const kept = held[i];
  if (kept === undefined || !sameBytes(kept, bytes)) {
    held[i] = bytes.slice();
    bare[i] = unprefixedHex(bytes);
    prefixed[i] = undefined;
  }
  return i;
}

/** `unprefixedHex(bytes)`, the same string object while the table keeps these bytes. */
export function cachedUnprefixedHex(bytes: Uint8Array): string {
  return bare[entryOf(bytes)] ?? unprefixedHex(bytes);
}

/** `toHex(bytes)` (0x-prefixed), the same string object while the table keeps these bytes. */
export function cachedHex(bytes: Uint8Array): string {
  const i = entryOf(bytes);
  let hex = prefixed[i];
  if (hex === undefined) {
    hex = `0x${bare[i] ?? unprefixedHex(bytes)}`;
    prefixed[i] = hex;
  }
  return hex;
}

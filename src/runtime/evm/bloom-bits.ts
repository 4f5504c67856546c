/**
 * @ethereumjs's `Bloom.add` without its three `DataView`s. Every transaction's receipt gets a bloom of its logs
 * (`txLogsBloom` in `runTx`): one `add` per log address and topic, and each `add` builds a `DataView` over the
 * digest three times to read three big-endian 16-bit words. In a CPU profile of sequential ERC20 transfers,
 * `add`'s own time (those views and their garbage, hashing not included) was 0.4 s of 35.7 s. The replacement
 * hashes with the same `keccakFunction` (the Common's, so a keccak observer sees the same inputs) and reads the
 * same bytes of the digest's buffer (`DataView(e.buffer)` reads from the buffer's start, whatever the digest's
 * offset): the same bits are set. Installed once per process, only when `add` has the statements repeated
 * here; otherwise @ethereumjs's own stays.
 */
import { Bloom } from "@ethereumjs/vm";

/** Statements of @ethereumjs 10.1's `Bloom.add` that {@link add} repeats. */
const SHAPE = [
  "e = this.keccakFunction(e)",
  "const mask = 2047",
  "for (let i = 0; i < 3; i++)",
  "new DataView(e.buffer).getUint16(i * 2)",
  "const loc = mask & first2bytes",
  "const byteLoc = loc >> 3",
  "const bitLoc = 1 << (loc % 8)",
  "this.bitvector[BYTE_SIZE - byteLoc - 1] |= bitLoc",
] as const;

const BYTE_SIZE = 256;

interface BloomFields {
  readonly keccakFunction: (data: Uint8Array) => Uint8Array;
  readonly bitvector: Uint8Array;
}

/** `Bloom.add`: sets the three bits the element's digest selects. */
function add(this: BloomFields, element: Uint8Array): void {
  const digest = this.keccakFunction(element);
  const bytes = digest.byteOffset === 0 ? digest : new Uint8Array(digest.buffer);
  const bitvector = this.bitvector;
  for (let i = 0; i < 3; i++) {
    const loc = 2047 & (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
    bitvector[BYTE_SIZE - (loc >> 3) - 1] = (bitvector[BYTE_SIZE - (loc >> 3) - 1] ?? 0) | (1 << (loc % 8));
  }
}

/**
 * A method's text as both printers give it: spacing, parentheses (esbuild drops redundant ones), and the
 * numbered names esbuild gives module constants that collide in the single-file bundle (`mask2`).
 */
function normalise(source: string): string {
  return source
    .replace(/\b(mask|BYTE_SIZE)\d*\b/g, "$1")
    .replace(/[()]/g, "")
    .replace(/\s+/g, " ");
}

/** Whether `source` (the text of a `Bloom.add`) has every statement {@link add} repeats. */
export function hasBloomAddShape(source: string): boolean {
  const text = normalise(source);
  return SHAPE.every((statement) => text.includes(normalise(statement)));
}

type Add = (this: BloomFields, element: Uint8Array) => void;

/** @ethereumjs's own `add` (kept for tests comparing the two) and the one in place. */
export const bloomAdds: { readonly stock: Add; readonly fast: Add } = {
  stock: (Bloom.prototype as unknown as { add: Add }).add,
  fast: add,
};

let installed: boolean | undefined;

/** Replaces `Bloom.prototype.add` once per process; whether the replacement is in place. */
export function installBloomBits(): boolean {
  installed ??= (() => {
    const proto = Bloom.prototype as unknown as { add: Add };
    if (typeof proto.add !== "function" || !hasBloomAddShape(String(proto.add))) return false;
    proto.add = add;
    return true;
  })();
  return installed;
}

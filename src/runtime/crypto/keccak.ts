/**
 * Keccak-256 for the runtime: one synchronous function, as fast as this machine allows.
 *
 * Hashing dominates both the EVM (SHA3, address derivation, jump tables keyed by code hash) and the
 * Merkle-Patricia trie (one keccak per dirty node). The default @ethereumjs hash is @noble's pure-JS
 * Keccak, which costs ≈ 8 µs for a 32-byte input here; hash-wasm's WebAssembly Keccak costs ≈ 0.7 µs
 * (measured in `test/runtime/crypto/keccak.test.ts`'s benchmark case and `bench/state-root.ts`).
 *
 * hash-wasm instantiates its WebAssembly module asynchronously, but once created a hasher's
 * `init`/`update`/`digest` are synchronous. This module therefore creates one hasher with a top-level
 * `await` at import time and reuses it for every call: JavaScript is single-threaded and the three
 * calls run back to back with no `await` in between, so calls can never interleave. If WebAssembly is
 * unavailable (or instantiation fails) the module falls back to @noble/hashes, which gives identical
 * digests, only slower; `keccakBackend` says which one is active.
 *
 * The function has the exact shape @ethereumjs expects from `new Common({ customCrypto: { keccak256 } })`.
 */
import { keccak_256 as nobleKeccak256 } from "@noble/hashes/sha3";
import { createKeccak, type IHasher } from "hash-wasm";

/** Which implementation backs {@link keccak256}: WebAssembly (fast) or the pure-JS fallback. */
export type KeccakBackend = "hash-wasm" | "noble";

async function loadWasmHasher(): Promise<IHasher | undefined> {
  try {
    return await createKeccak(256);
  } catch {
    return undefined;
  }
}

const wasmHasher: IHasher | undefined = await loadWasmHasher();

/** The implementation chosen at import time. */
export const keccakBackend: KeccakBackend = wasmHasher === undefined ? "noble" : "hash-wasm";

function wasmKeccak256(hasher: IHasher, data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}

const hash: (data: Uint8Array) => Uint8Array =
  wasmHasher === undefined
    ? (data: Uint8Array): Uint8Array => nobleKeccak256(data)
    : (data: Uint8Array): Uint8Array => wasmKeccak256(wasmHasher, data);

/**
 * Keccak-256 (the pre-standard SHA-3 Ethereum uses) of `data`; returns a fresh 32-byte array.
 * Synchronous and safe to call from anywhere in the process.
 */
export const keccak256 = (data: Uint8Array): Uint8Array => hash(data);

/** The pure-JS Keccak-256 (@noble/hashes), exported for comparison and for environments without wasm. */
export function keccak256Js(data: Uint8Array): Uint8Array {
  return nobleKeccak256(data);
}

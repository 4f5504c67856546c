/**
 * Keccak-256, one synchronous function for the runtime and the analyzer.
 *
 * Hashing dominates both the EVM (SHA3, address derivation, jump tables keyed by code hash) and the
 * Merkle-Patricia trie (one keccak per dirty node), and the analyzer's slot arithmetic and soundness check
 * hash a word per candidate key. @noble's pure-JS Keccak costs ≈ 8 µs for a 32-byte input here; hash-wasm's
 * WebAssembly Keccak ≈ 0.7 µs (measured in `test/runtime/crypto/keccak.test.ts`'s benchmark case and
 * `bench/state-root.ts`).
 *
 * hash-wasm instantiates its WebAssembly module asynchronously, but once created a hasher's
 * `init`/`update`/`digest` are synchronous, and JavaScript runs the three back to back, so calls never
 * interleave. This module has no top-level `await` — the analyzer behind the public `analyze()` is loaded with
 * `require()`, which refuses such a graph — so it starts loading the hasher at import and hashes with @noble
 * until the hasher is ready: the digests are the same, only slower. `runtime/crypto/keccak.ts` awaits
 * {@link keccakReady} so the runtime hashes with WebAssembly from its first call.
 */
import { keccak_256 as nobleKeccak256 } from "@noble/hashes/sha3";
import { createKeccak, type IHasher } from "hash-wasm";

/** Which implementation backs {@link keccak256}: WebAssembly (fast) or the pure-JS fallback. */
export type KeccakBackend = "hash-wasm" | "noble";

function wasmHash(hasher: IHasher): (data: Uint8Array) => Uint8Array {
  return (data) => {
    hasher.init();
    hasher.update(data);
    return hasher.digest("binary");
  };
}

let hash: (data: Uint8Array) => Uint8Array = (data) => nobleKeccak256(data);

/** Settles with the backend once the WebAssembly hasher is in use (or could not be, on "noble"). */
export const keccakReady: Promise<KeccakBackend> = createKeccak(256).then(
  (hasher) => {
    hash = wasmHash(hasher);
    return "hash-wasm";
  },
  () => "noble",
);

/**
 * Keccak-256 (the pre-standard SHA-3 Ethereum uses) of `data`; returns a fresh 32-byte array.
 * Synchronous and safe to call from anywhere in the process.
 */
export const keccak256 = (data: Uint8Array): Uint8Array => hash(data);

/** The pure-JS Keccak-256 (@noble/hashes), exported for comparison and for environments without wasm. */
export function keccak256Js(data: Uint8Array): Uint8Array {
  return nobleKeccak256(data);
}

/**
 * The runtime's Keccak-256: `shared/keccak.ts`'s function, with the WebAssembly hasher ready before any module
 * of the runtime runs (a top-level `await`), so the EVM and the trie never hash with the slower fallback.
 */
import { keccakReady, type KeccakBackend } from "../../shared/keccak.js";

export { keccak256, keccak256Js, type KeccakBackend } from "../../shared/keccak.js";

/** The implementation in use: "hash-wasm", or "noble" where WebAssembly is unavailable. */
export const keccakBackend: KeccakBackend = await keccakReady;

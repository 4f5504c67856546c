/**
 * secp256k1 for the runtime: signing and public-key recovery through libsecp256k1 compiled to WebAssembly
 * (the npm package `tiny-secp256k1`, whose `.wasm` ships inside the package and loads synchronously).
 *
 * @ethereumjs signs and recovers with @noble's pure-JS curve by default: ≈ 300 µs to sign and ≈ 1.6 ms to
 * recover on this machine, against ≈ 105 µs and ≈ 250 µs here (measured by `bench/secp256k1.ts`). Both
 * functions have the shapes @ethereumjs expects in `customCrypto` (`ecsign`, `ecrecover`), so transactions,
 * raw-transaction decoding and the ECRECOVER precompile all use them.
 *
 * Results are identical to @noble's: signatures are deterministic (RFC 6979, low s — as Hardhat's network
 * signs), and any input the WebAssembly path does not take (a malformed `r`/`s`, a recovery id other than
 * 0/1, a failed recovery) goes to @ethereumjs's own `ecrecover`, so errors stay exactly what they were. If the
 * WebAssembly module cannot load, both functions fall back to the pure-JS ones.
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";

import { calculateSigRecovery, ecrecover as jsEcrecover } from "@ethereumjs/util";

/** The subset of tiny-secp256k1 used here. */
interface TinySecp256k1 {
  signRecoverable(
    hash: Uint8Array,
    privateKey: Uint8Array,
    extraEntropy?: Uint8Array,
  ): {
    readonly signature: Uint8Array;
    readonly recoveryId: 0 | 1 | 2 | 3;
  };
  recover(hash: Uint8Array, signature: Uint8Array, recoveryId: 0 | 1 | 2 | 3, compressed?: boolean): Uint8Array | null;
  pointFromScalar(privateKey: Uint8Array, compressed?: boolean): Uint8Array | null;
  privateAdd(privateKey: Uint8Array, tweak: Uint8Array): Uint8Array | null;
}

// Loaded synchronously through the package's CommonJS build (its wasm is instantiated synchronously too): no
// top-level await here, so this module never makes its importers' module graph asynchronous.
function loadWasm(): TinySecp256k1 | undefined {
  try {
    return createRequire(import.meta.url)("tiny-secp256k1") as TinySecp256k1;
  } catch {
    return undefined;
  }
}

const wasm: TinySecp256k1 | undefined = loadWasm();

/** Which implementation backs signing and recovery. */
export const secp256k1Backend: "libsecp256k1-wasm" | "noble" = wasm === undefined ? "noble" : "libsecp256k1-wasm";

/** Options @ethereumjs passes to `customCrypto.ecsign` (those of @noble's `sign`). */
export interface EcsignOptions {
  readonly extraEntropy?: boolean | Uint8Array;
  readonly format?: string;
  readonly prehash?: boolean;
}

function entropyOf(extraEntropy: EcsignOptions["extraEntropy"]): Uint8Array | undefined {
  if (extraEntropy === undefined || extraEntropy === false) return undefined;
  return extraEntropy === true ? new Uint8Array(randomBytes(32)) : extraEntropy;
}

function wasmSign(lib: TinySecp256k1, msgHash: Uint8Array, privateKey: Uint8Array, options: EcsignOptions): Uint8Array {
  if (options.format !== "recovered" || options.prehash === true)
    throw new Error(`secp256k1: only unhashed "recovered" signatures are supported, got ${JSON.stringify(options)}`);
  const { signature, recoveryId } = lib.signRecoverable(msgHash, privateKey, entropyOf(options.extraEntropy));
  const out = new Uint8Array(65);
  out[0] = recoveryId;
  out.set(signature, 1);
  return out;
}

/**
 * Recovers the 64-byte uncompressed public key (no 0x04 prefix) from a signature, as @ethereumjs's
 * `ecrecover` does (same arguments, same result, same errors).
 */
export function ecrecover(msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): Uint8Array {
  if (wasm !== undefined && msgHash.length === 32 && r.length <= 32 && s.length <= 32) {
    const recovery = calculateSigRecovery(v, chainId);
    if (recovery === 0n || recovery === 1n) {
      const signature = new Uint8Array(64);
      signature.set(r, 32 - r.length);
      signature.set(s, 64 - s.length);
      try {
        const key = wasm.recover(msgHash, signature, recovery === 0n ? 0 : 1, false);
        if (key !== null) return key.subarray(1);
      } catch {
        // Invalid r or s: @ethereumjs's function below throws its own error for it.
      }
    }
  }
  return jsEcrecover(msgHash, v, r, s, chainId);
}

/** What @ethereumjs's `customCrypto` takes for secp256k1: empty (its own pure-JS curve) without WebAssembly. */
export interface Secp256k1Crypto {
  readonly ecsign?: (msgHash: Uint8Array, privateKey: Uint8Array, options?: EcsignOptions) => Uint8Array;
  readonly ecrecover?: typeof ecrecover;
}

/**
 * The functions to put in a `Common`'s `customCrypto`: `ecsign` (65 bytes: recovery id, r, s — @noble's
 * "recovered" format, which @ethereumjs's `tx.sign` asks for; deterministic unless extra entropy is given)
 * and {@link ecrecover}.
 */
export function secp256k1Crypto(): Secp256k1Crypto {
  const lib = wasm;
  if (lib === undefined) return {};
  return { ecsign: (msgHash, privateKey, options = {}) => wasmSign(lib, msgHash, privateKey, options), ecrecover };
}

/** Key arithmetic for deriving accounts (BIP-32), or undefined without WebAssembly. */
export interface KeyArithmetic {
  /** The public key of a private key (33 bytes compressed, or 65 uncompressed); null for an invalid key. */
  publicKey(privateKey: Uint8Array, compressed: boolean): Uint8Array | null;
  /** `privateKey + tweak` mod n; null when the result is zero or the tweak is out of range. */
  add(privateKey: Uint8Array, tweak: Uint8Array): Uint8Array | null;
}

/** libsecp256k1's key arithmetic, when the WebAssembly module loaded. */
export function keyArithmetic(): KeyArithmetic | undefined {
  const lib = wasm;
  if (lib === undefined) return undefined;
  return {
    publicKey: (privateKey, compressed) => lib.pointFromScalar(privateKey, compressed),
    add: (privateKey, tweak) => lib.privateAdd(privateKey, tweak),
  };
}

/**
 * secp256k1 for the runtime: signing and public-key recovery through libsecp256k1 — its native Node binding
 * (the npm package `secp256k1`, whose prebuilt binaries ship inside the package), else the same library
 * compiled to WebAssembly (`tiny-secp256k1`, whose `.wasm` ships inside the package and loads synchronously).
 *
 * @ethereumjs signs and recovers with @noble's pure-JS curve by default: ≈ 280 µs to sign here, against
 * ≈ 107 µs through WebAssembly and about half that natively (recovery: ≈ 3.8× faster natively than through
 * WebAssembly; measured on this machine's kind, busy, same run). Both functions have the shapes @ethereumjs
 * expects in `customCrypto` (`ecsign`, `ecrecover`), so transactions, raw-transaction decoding and the
 * ECRECOVER precompile all use them.
 *
 * Results are identical to @noble's: signatures are deterministic (RFC 6979, low s — as Hardhat's network
 * signs), and any input the compiled path does not take (a malformed `r`/`s`, a recovery id other than 0/1, a
 * failed recovery) goes to @ethereumjs's own `ecrecover`, so errors stay exactly what they were. If neither
 * compiled library can load, both functions fall back to the pure-JS ones.
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";

import { calculateSigRecovery, ecrecover as jsEcrecover } from "@ethereumjs/util";

/** Signing and recovery as one compiled libsecp256k1 offers them. */
interface Libsecp256k1 {
  readonly name: "libsecp256k1-native" | "libsecp256k1-wasm";
  /** A recoverable signature: 64 bytes (r, s) and the recovery id. */
  sign(hash: Uint8Array, privateKey: Uint8Array, extraEntropy?: Uint8Array): { signature: Uint8Array; recid: number };
  /** The 65-byte uncompressed public key; throws or answers null when there is none. */
  recover(hash: Uint8Array, signature: Uint8Array, recid: 0 | 1): Uint8Array | null;
  /** Key arithmetic of the same library (account derivation and public keys of known keys). */
  readonly keys: KeyArithmetic;
}

/** The subset of the `secp256k1` package's native binding used here. */
interface NativeBinding {
  ecdsaSign(
    hash: Uint8Array,
    privateKey: Uint8Array,
    options?: { data?: Uint8Array },
  ): {
    signature: Uint8Array;
    recid: number;
  };
  ecdsaRecover(signature: Uint8Array, recid: number, hash: Uint8Array, compressed: boolean): Uint8Array;
  /** Throws for an invalid key. */
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
  /** Adds `tweak` to `privateKey` in place; throws when the tweak is out of range or the sum is zero. */
  privateKeyTweakAdd(privateKey: Uint8Array, tweak: Uint8Array): Uint8Array;
}

/** `f()`, or null when it throws (libsecp256k1's binding throws where tiny-secp256k1 answers null). */
function orNull(f: () => Uint8Array): Uint8Array | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** The subset of tiny-secp256k1 used here. */
interface TinySecp256k1 {
  signRecoverable(
    hash: Uint8Array,
    privateKey: Uint8Array,
    extraEntropy?: Uint8Array,
  ): { readonly signature: Uint8Array; readonly recoveryId: 0 | 1 | 2 | 3 };
  recover(hash: Uint8Array, signature: Uint8Array, recoveryId: 0 | 1 | 2 | 3, compressed?: boolean): Uint8Array | null;
  pointFromScalar(privateKey: Uint8Array, compressed?: boolean): Uint8Array | null;
  privateAdd(privateKey: Uint8Array, tweak: Uint8Array): Uint8Array | null;
}

const require = createRequire(import.meta.url);

// Both load synchronously through CommonJS (no top-level await here, so this module never makes its importers'
// module graph asynchronous). `secp256k1/bindings` is the native binding alone: it throws when no prebuilt
// binary fits, rather than falling back to the package's pure-JS code.
function loadNative(): Libsecp256k1 | undefined {
  try {
    const lib = require("secp256k1/bindings") as NativeBinding;
    return {
      name: "libsecp256k1-native",
      sign: (hash, key, entropy) => lib.ecdsaSign(hash, key, entropy === undefined ? {} : { data: entropy }),
      recover: (hash, signature, recid) => lib.ecdsaRecover(signature, recid, hash, false),
      keys: {
        publicKey: (privateKey, compressed) => orNull(() => lib.publicKeyCreate(privateKey, compressed)),
        add: (privateKey, tweak) => orNull(() => lib.privateKeyTweakAdd(Uint8Array.from(privateKey), tweak)),
      },
    };
  } catch {
    return undefined;
  }
}

function loadWasm(): Libsecp256k1 | undefined {
  try {
    const lib = require("tiny-secp256k1") as TinySecp256k1;
    return {
      name: "libsecp256k1-wasm",
      sign: (hash, key, entropy) => {
        const { signature, recoveryId } = lib.signRecoverable(hash, key, entropy);
        return { signature, recid: recoveryId };
      },
      recover: (hash, signature, recid) => lib.recover(hash, signature, recid, false),
      keys: {
        publicKey: (privateKey, compressed) => lib.pointFromScalar(privateKey, compressed),
        add: (privateKey, tweak) => lib.privateAdd(privateKey, tweak),
      },
    };
  } catch {
    return undefined;
  }
}

const compiled: Libsecp256k1 | undefined = loadNative() ?? loadWasm();

/** Which implementation backs signing and recovery. */
export const secp256k1Backend: Libsecp256k1["name"] | "noble" = compiled?.name ?? "noble";

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

function compiledSign(
  lib: Libsecp256k1,
  msgHash: Uint8Array,
  privateKey: Uint8Array,
  options: EcsignOptions,
): Uint8Array {
  if (options.format !== "recovered" || options.prehash === true)
    throw new Error(`secp256k1: only unhashed "recovered" signatures are supported, got ${JSON.stringify(options)}`);
  const { signature, recid } = lib.sign(msgHash, privateKey, entropyOf(options.extraEntropy));
  const out = new Uint8Array(65);
  out[0] = recid;
  out.set(signature, 1);
  return out;
}

/**
 * Recovers the 64-byte uncompressed public key (no 0x04 prefix) from a signature, as @ethereumjs's
 * `ecrecover` does (same arguments, same result, same errors).
 */
export function ecrecover(msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): Uint8Array {
  if (compiled !== undefined && msgHash.length === 32 && r.length <= 32 && s.length <= 32) {
    const recovery = calculateSigRecovery(v, chainId);
    if (recovery === 0n || recovery === 1n) {
      const signature = new Uint8Array(64);
      signature.set(r, 32 - r.length);
      signature.set(s, 64 - s.length);
      try {
        const key = compiled.recover(msgHash, signature, recovery === 0n ? 0 : 1);
        if (key !== null) return key.subarray(1);
      } catch {
        // Invalid r or s: @ethereumjs's function below throws its own error for it.
      }
    }
  }
  return jsEcrecover(msgHash, v, r, s, chainId);
}

/** What @ethereumjs's `customCrypto` takes for secp256k1: empty (its own pure-JS curve) without libsecp256k1. */
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
  const lib = compiled;
  if (lib === undefined) return {};
  return { ecsign: (msgHash, privateKey, options = {}) => compiledSign(lib, msgHash, privateKey, options), ecrecover };
}

/** A recoverable signature split as @ethereumjs's `addSignature` takes it. */
export interface DigestSignature {
  /** Recovery id (0 or 1). */
  readonly recovery: bigint;
  readonly r: Uint8Array;
  readonly s: Uint8Array;
}

/**
 * Signs a 32-byte digest with libsecp256k1 (deterministic RFC 6979, low s): what @ethereumjs's `tx.sign` does,
 * without parsing the signature again through @noble. Undefined when no compiled library loaded (then
 * `tx.sign` with {@link secp256k1Crypto}'s fallback is the way).
 */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): DigestSignature | undefined {
  if (compiled === undefined) return undefined;
  const { signature, recid } = compiled.sign(digest, privateKey);
  return { recovery: BigInt(recid), r: signature.subarray(0, 32), s: signature.subarray(32, 64) };
}

/**
 * A message signature as ethers' `SigningKey.sign(digest).serialized` gives it — r, s, then v = 27 + recovery
 * id, 65 bytes — made by libsecp256k1 (the same deterministic, low-s signature; ethers' pure-JS curve costs
 * tens of milliseconds on its first use in a process). Undefined without the compiled library.
 */
export function signDigestSerialized(digest: Uint8Array, privateKey: Uint8Array): Uint8Array | undefined {
  const signature = signDigest(digest, privateKey);
  if (signature === undefined) return undefined;
  const out = new Uint8Array(65);
  out.set(signature.r, 0);
  out.set(signature.s, 32);
  out[64] = 27 + Number(signature.recovery);
  return out;
}

/** Key arithmetic for deriving accounts (BIP-32) and public keys of known keys. */
export interface KeyArithmetic {
  /** The public key of a private key (33 bytes compressed, or 65 uncompressed); null for an invalid key. */
  publicKey(privateKey: Uint8Array, compressed: boolean): Uint8Array | null;
  /** `privateKey + tweak` mod n (a new array); null when the result is zero or the tweak is out of range. */
  add(privateKey: Uint8Array, tweak: Uint8Array): Uint8Array | null;
}

/**
 * libsecp256k1's key arithmetic — natively when the binding loaded (no WebAssembly module is then compiled on
 * the first request of a test run), else through WebAssembly — or undefined when neither loads.
 */
export function keyArithmetic(): KeyArithmetic | undefined {
  return compiled?.keys;
}

import { Common, Mainnet } from "@ethereumjs/common";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { bigIntToBytes, bytesToHex, hexToBytes, ecrecover as referenceEcrecover } from "@ethereumjs/util";
import { expect } from "chai";
import { SigningKey, computeAddress } from "ethers";
import { createRequire } from "node:module";

import { privateKeyAddress } from "../../../src/runtime/crypto/hd-accounts.js";
import {
  ecrecover,
  keyArithmetic,
  secp256k1Backend,
  secp256k1Crypto,
  signDigestSerialized,
} from "../../../src/runtime/crypto/secp256k1.js";
import { createChainCommon } from "../../../src/runtime/evm/evm-context.js";
import { Rng } from "../trie/reference.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

type Outcome = { key: string } | { error: true };

function outcome(f: () => Uint8Array): Outcome {
  try {
    return { key: bytesToHex(f()) };
  } catch {
    return { error: true };
  }
}

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  out.set(bigIntToBytes(value), 32 - bigIntToBytes(value).length);
  return out;
}

describe("secp256k1", function () {
  it("uses libsecp256k1's native binding (its prebuilt binary for this platform)", function () {
    expect(secp256k1Backend).to.equal("libsecp256k1-native");
    expect(secp256k1Crypto().ecsign).to.be.a("function");
  });

  it("the native binding and the WebAssembly build sign and recover alike (its fallback)", function () {
    const require = createRequire(import.meta.url);
    const native = require("secp256k1/bindings") as {
      ecdsaSign(h: Uint8Array, k: Uint8Array): { signature: Uint8Array; recid: number };
      ecdsaRecover(sig: Uint8Array, recid: number, h: Uint8Array, compressed: boolean): Uint8Array;
    };
    const wasm = require("tiny-secp256k1") as {
      signRecoverable(h: Uint8Array, k: Uint8Array): { signature: Uint8Array; recoveryId: 0 | 1 | 2 | 3 };
      recover(h: Uint8Array, sig: Uint8Array, recid: 0 | 1 | 2 | 3, compressed: boolean): Uint8Array | null;
    };
    const rng = new Rng(13);
    for (let i = 0; i < 100; i++) {
      const hash = rng.bytes(32);
      const key = rng.bytes(32);
      const a = native.ecdsaSign(hash, key);
      const b = wasm.signRecoverable(hash, key);
      expect(bytesToHex(a.signature), `signature ${i}`).to.equal(bytesToHex(b.signature));
      expect(a.recid, `recovery id ${i}`).to.equal(b.recoveryId);
      const recid = b.recoveryId;
      expect(bytesToHex(native.ecdsaRecover(a.signature, recid, hash, false))).to.equal(
        bytesToHex(wasm.recover(hash, b.signature, recid, false) ?? new Uint8Array()),
      );
    }
  });

  it("key arithmetic: the native binding's public keys and key sums equal the WebAssembly build's, edge keys too", function () {
    const curve = keyArithmetic();
    expect(curve).to.not.equal(undefined);
    const wasm = createRequire(import.meta.url)("tiny-secp256k1") as {
      pointFromScalar(k: Uint8Array, compressed: boolean): Uint8Array | null;
      privateAdd(k: Uint8Array, tweak: Uint8Array): Uint8Array | null;
    };
    const rng = new Rng(29);
    const hex = (b: Uint8Array | null | undefined): string | null => (b == null ? null : bytesToHex(b));
    for (let i = 0; i < 60; i++) {
      const key = rng.bytes(32);
      const tweak = rng.bytes(32);
      const before = bytesToHex(key);
      for (const compressed of [true, false])
        expect(hex(curve?.publicKey(key, compressed)), `public key ${i}`).to.equal(
          hex(wasm.pointFromScalar(key, compressed)),
        );
      expect(hex(curve?.add(key, tweak)), `sum ${i}`).to.equal(hex(wasm.privateAdd(key, tweak)));
      expect(bytesToHex(key), "the key itself is left alone").to.equal(before);
    }
    // A sum of zero, and a tweak of n or more: no key.
    expect(curve?.add(word(1n), word(N - 1n))).to.equal(null);
    expect(curve?.add(word(1n), word(N))).to.equal(null);
    expect(hex(curve?.add(word(N - 2n), word(1n)))).to.equal(bytesToHex(word(N - 1n)));
    // Invalid keys (zero, n): no public key.
    expect(curve?.publicKey(word(0n), true)).to.equal(null);
    expect(curve?.publicKey(word(N), false)).to.equal(null);
  });

  it("signs message digests exactly as ethers' SigningKey does (eth_sign, personal_sign, eth_signTypedData_v4)", function () {
    const rng = new Rng(37);
    for (let i = 0; i < 40; i++) {
      const key = bytesToHex(rng.bytes(32));
      const digest = bytesToHex(rng.bytes(32));
      const ours = signDigestSerialized(hexToBytes(digest), hexToBytes(key));
      expect(ours === undefined ? undefined : bytesToHex(ours), `${i}`).to.equal(
        new SigningKey(key).sign(digest).serialized,
      );
    }
  });

  it("privateKeyAddress gives ethers' address of a key, and leaves malformed keys to ethers", function () {
    const rng = new Rng(31);
    for (let i = 0; i < 20; i++) {
      const key = bytesToHex(rng.bytes(32));
      expect(privateKeyAddress(key), key).to.equal(computeAddress(key).toLowerCase());
    }
    expect(privateKeyAddress("0x1234")).to.equal(undefined);
    expect(privateKeyAddress(bytesToHex(word(0n)))).to.equal(undefined);
  });

  it("signs transactions exactly as @ethereumjs's pure-JS signer does (deterministic, low s)", function () {
    const rng = new Rng(7);
    const fast = createChainCommon(31337n, "prague");
    const reference = new Common({ chain: { ...Mainnet, chainId: 31337 } as typeof Mainnet, hardfork: "prague" });
    for (let i = 0; i < 60; i++) {
      const key = rng.bytes(32);
      const data = {
        nonce: BigInt(i),
        gasLimit: 21_000n,
        to: rng.bytes(20),
        value: BigInt(rng.int(1e9)),
        data: rng.bytes(rng.int(40)),
      };
      const legacy = [fast, reference].map((common) =>
        bytesToHex(
          createLegacyTx({ ...data, gasPrice: 7n }, { common })
            .sign(key, false)
            .serialize(),
        ),
      );
      expect(legacy[0], `legacy ${i}`).to.equal(legacy[1]);
      const typed = [fast, reference].map((common) =>
        bytesToHex(
          createFeeMarket1559Tx({ ...data, maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, chainId: 31337n }, { common })
            .sign(key, false)
            .serialize(),
        ),
      );
      expect(typed[0], `1559 ${i}`).to.equal(typed[1]);
    }
  });

  it("recovers the same key, or fails on the same input, as @ethereumjs's ecrecover", function () {
    const rng = new Rng(11);
    const specials = [0n, 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n, N / 2n, N / 2n + 1n];
    let recovered = 0;
    let failed = 0;
    for (let i = 0; i < 400; i++) {
      const hash = rng.bytes(32);
      const r = i % 5 === 0 ? word(specials[rng.int(specials.length)] ?? 0n) : rng.bytes(32);
      // High s included: ECRECOVER accepts it.
      const s = i % 7 === 0 ? word(specials[rng.int(specials.length)] ?? 0n) : rng.bytes(32);
      const v = [27n, 28n, 0n, 1n, 29n, 62709n, 62710n][rng.int(7)] ?? 27n;
      const chainId = v > 28n ? 31337n : undefined;
      const unpadded = i % 3 === 0 ? r.subarray(rng.int(4)) : r;
      const expected = outcome(() => referenceEcrecover(hash, v, unpadded, s, chainId));
      expect(
        outcome(() => ecrecover(hash, v, unpadded, s, chainId)),
        `case ${i}`,
      ).to.deep.equal(expected);
      if ("key" in expected) recovered++;
      else failed++;
    }
    expect(recovered, "cases that recover a key").to.be.greaterThan(100);
    expect(failed, "cases that fail").to.be.greaterThan(20);
  });

  it("recovers the sender of a signed transaction through the chain's Common", function () {
    const common = createChainCommon(31337n, "prague");
    const key = new Rng(3).bytes(32);
    const tx = createLegacyTx({ nonce: 1n, gasLimit: 21_000n, gasPrice: 1n }, { common }).sign(key, false);
    const reference = createLegacyTx({ nonce: 1n, gasLimit: 21_000n, gasPrice: 1n }).sign(key, false);
    expect(tx.getSenderAddress().toString()).to.equal(reference.getSenderAddress().toString());
  });
});

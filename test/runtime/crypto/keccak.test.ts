import { Common, Mainnet } from "@ethereumjs/common";
import { createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex, utf8ToBytes } from "@ethereumjs/util";
import { keccak256 as referenceKeccak } from "ethereum-cryptography/keccak.js";
import { expect } from "chai";

import { keccak256, keccak256Js, keccakBackend } from "../../../src/runtime/crypto/keccak.js";
import { Rng } from "../trie/reference.js";

function microsPerHash(hash: (data: Uint8Array) => Uint8Array, data: Uint8Array, rounds: number): number {
  for (let i = 0; i < 2000; i++) hash(data);
  const start = performance.now();
  for (let i = 0; i < rounds; i++) hash(data);
  return ((performance.now() - start) * 1000) / rounds;
}

describe("keccak256", function () {
  it("uses the WebAssembly backend", function () {
    expect(keccakBackend).to.equal("hash-wasm");
  });

  it("matches known vectors", function () {
    expect(bytesToHex(keccak256(new Uint8Array()))).to.equal(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    expect(bytesToHex(keccak256(utf8ToBytes("abc")))).to.equal(
      "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
    expect(bytesToHex(keccak256(Uint8Array.of(0x80)))).to.equal(
      "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
    );
  });

  it("matches ethereum-cryptography on random inputs of every length up to 300 bytes", function () {
    const rng = new Rng(99);
    for (let length = 0; length <= 300; length++) {
      const data = rng.bytes(length);
      const expected = bytesToHex(referenceKeccak(data));
      expect(bytesToHex(keccak256(data))).to.equal(expected);
      expect(bytesToHex(keccak256Js(data))).to.equal(expected);
    }
    const large = rng.bytes(100_000);
    expect(bytesToHex(keccak256(large))).to.equal(bytesToHex(referenceKeccak(large)));
  });

  it("returns fresh arrays (callers may keep or mutate them)", function () {
    const a = keccak256(Uint8Array.of(1));
    const b = keccak256(Uint8Array.of(2));
    expect(bytesToHex(a)).to.not.equal(bytesToHex(b));
    a.fill(0);
    expect(bytesToHex(keccak256(Uint8Array.of(1)))).to.equal(bytesToHex(referenceKeccak(Uint8Array.of(1))));
  });

  it("plugs into Common's customCrypto (same transaction hash as the default)", function () {
    const fast = new Common({ chain: Mainnet, customCrypto: { keccak256 } });
    const slow = new Common({ chain: Mainnet });
    const txData = { nonce: 3n, gasPrice: 10n, gasLimit: 21000n, to: `0x${"22".repeat(20)}` as const, value: 5n };
    const privateKey = new Rng(4).bytes(32);
    const a = createLegacyTx(txData, { common: fast }).sign(privateKey);
    const b = createLegacyTx(txData, { common: slow }).sign(privateKey);
    expect(bytesToHex(a.hash())).to.equal(bytesToHex(b.hash()));
  });

  it("is several times faster than the JS keccak for 32- and 64-byte inputs", function () {
    for (const size of [32, 64]) {
      const data = new Rng(size).bytes(size);
      const wasm = microsPerHash(keccak256, data, 50_000);
      const js = microsPerHash(referenceKeccak, data, 20_000);
      console.log(`      keccak256 ${size} B: wasm ${wasm.toFixed(3)} µs, ethereum-cryptography ${js.toFixed(3)} µs`);
      expect(js / wasm).to.be.greaterThan(2);
    }
  });
});

import { Bloom } from "@ethereumjs/vm";
import { expect } from "chai";

import { bloomAdds, hasBloomAddShape, installBloomBits } from "../../../src/runtime/evm/bloom-bits.js";
import { createChainCommon } from "../../../src/runtime/evm/evm-context.js";
import { keccak256 } from "../../../src/runtime/crypto/keccak.js";
import { Rng } from "../trie/reference.js";

type Hash = (data: Uint8Array) => Uint8Array;

/** A bloom of `elements` built with one of the two `add`s, hashing with `hash`. */
function bloomOf(which: "stock" | "fast", elements: readonly Uint8Array[], hash: Hash): Uint8Array {
  const bloom = new Bloom(undefined, createChainCommon(1n, "prague"));
  (bloom as unknown as { keccakFunction: Hash }).keccakFunction = hash;
  for (const e of elements) bloomAdds[which].call(bloom as never, e);
  return bloom.bitvector;
}

describe("bloom-bits", () => {
  it("sets the bits @ethereumjs's add sets, for random addresses and topics", () => {
    const rng = new Rng(14);
    for (let round = 0; round < 200; round++) {
      const elements = Array.from({ length: 1 + rng.int(6) }, () => rng.bytes(rng.int(2) === 0 ? 20 : 32));
      const fast = bloomOf("fast", elements, keccak256);
      expect(fast.some((b) => b !== 0)).to.equal(true);
      expect(fast).to.deep.equal(bloomOf("stock", elements, keccak256));
    }
  });

  it("reads a digest that does not start its buffer as @ethereumjs does (from the buffer's start)", () => {
    const offsetHash: Hash = (data) => {
      const buffer = new Uint8Array(64);
      buffer.set(keccak256(data), 0);
      buffer.set(keccak256(keccak256(data)), 32);
      return buffer.subarray(32);
    };
    const elements = [new Uint8Array(20).fill(7), new Uint8Array(32).fill(9)];
    expect(bloomOf("fast", elements, offsetHash)).to.deep.equal(bloomOf("stock", elements, offsetHash));
  });

  it("is installed over @ethereumjs 10.1's add, whose text it recognises in both printers' forms", () => {
    expect(installBloomBits()).to.equal(true);
    expect((Bloom.prototype as unknown as { add: unknown }).add).to.equal(bloomAdds.fast);
    expect(hasBloomAddShape(String(bloomAdds.stock))).to.equal(true);
    const esbuildForm = String(bloomAdds.stock)
      .replace("const mask = 2047", "const mask2 = 2047")
      .replace("mask & first2bytes", "mask2 & first2bytes")
      .replace("1 << (loc % 8)", "1 << loc % 8");
    expect(hasBloomAddShape(esbuildForm)).to.equal(true);
  });

  it("refuses an add whose statements differ (another @ethereumjs version keeps its own)", () => {
    const changed = String(bloomAdds.stock).replace("i < 3", "i < 4");
    expect(hasBloomAddShape(changed)).to.equal(false);
    expect(hasBloomAddShape("add(e) { this.bitvector[0] = 1; }")).to.equal(false);
  });
});

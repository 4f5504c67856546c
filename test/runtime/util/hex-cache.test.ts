import { expect } from "chai";

import { cachedHex, cachedUnprefixedHex } from "../../../src/runtime/util/hex-cache.js";
import { toHex, unprefixedHex } from "../../../src/runtime/util/hex.js";
import { Rng } from "../trie/reference.js";

describe("runtime/util: hex-cache", () => {
  it("gives toHex's and unprefixedHex's strings for random and colliding arrays of every length", () => {
    const rng = new Rng(8);
    const seen: Uint8Array[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Reuse an earlier array's bytes in a fresh array a third of the time (the hits), else new bytes.
      const old = seen[rng.int(seen.length + 1)];
      const bytes =
        old !== undefined && rng.int(3) === 0 ? old.slice() : rng.bytes([0, 1, 3, 20, 32][rng.int(5)] ?? 32);
      seen.push(bytes);
      expect(cachedHex(bytes)).to.equal(toHex(bytes));
      expect(cachedUnprefixedHex(bytes)).to.equal(unprefixedHex(bytes));
    }
  });

  it("arrays that differ only in the bytes the index ignores get their own strings", () => {
    const a = new Uint8Array(32).fill(1);
    const b = a.slice();
    b[15] = 2;
    expect(cachedHex(a)).to.equal(toHex(a));
    expect(cachedHex(b)).to.equal(toHex(b));
    expect(cachedHex(a)).to.equal(toHex(a));
  });

  it("an array changed after it was cached gets the string of its new bytes", () => {
    const address = new Uint8Array(20).fill(0xab);
    expect(cachedHex(address)).to.equal(`0x${"ab".repeat(20)}`);
    address[7] = 0xcd;
    expect(cachedHex(address)).to.equal(toHex(address));
    expect(cachedUnprefixedHex(address)).to.equal(unprefixedHex(address));
  });

  it("hands out the same string object for the same bytes (a map keyed by it hashes it once)", () => {
    const slot = new Uint8Array(32).fill(0x5a);
    expect(Object.is(cachedHex(slot), cachedHex(slot.slice()))).to.equal(true);
    expect(cachedHex(slot)).to.equal(toHex(slot));
  });
});

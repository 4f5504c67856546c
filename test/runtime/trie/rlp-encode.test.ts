import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { rlpEncode, type RlpInput } from "../../../src/runtime/trie/rlp-encode.js";

import { Rng } from "./reference.js";

function randomInput(rng: Rng, depth: number): RlpInput {
  if (depth > 0 && rng.int(3) === 0) return Array.from({ length: rng.int(6) }, () => randomInput(rng, depth - 1));
  const sizes = [0, 1, 1, 2, 20, 32, 55, 56, 57, 200, 255, 256, 1100, 70_000];
  const bytes = rng.bytes(sizes[rng.int(sizes.length)] ?? 0);
  if (bytes.length === 1 && rng.int(2) === 0) bytes[0] = rng.int(0x80); // a single byte that encodes as itself
  return bytes;
}

describe("runtime/trie: rlpEncode", () => {
  it("encodes byte strings and nested lists byte for byte as @ethereumjs/rlp", () => {
    const rng = new Rng(21);
    for (let i = 0; i < 400; i++) {
      const input = randomInput(rng, 3);
      expect(bytesToHex(rlpEncode(input)), `case ${i}`).to.equal(bytesToHex(RLP.encode(input as never)));
    }
    const long = Array.from({ length: 300 }, (_, i) => new Uint8Array(i % 60));
    expect(bytesToHex(rlpEncode(long))).to.equal(bytesToHex(RLP.encode(long)));
    expect(bytesToHex(rlpEncode([]))).to.equal("0xc0");
  });
});

import { expect } from "chai";

import { fromHex, toHex } from "../../../src/runtime/util/hex.js";
import { Rng } from "../trie/reference.js";

/** The decoding fromHex had before its table-driven fast path: parseInt of each pair. */
function reference(hex: string): Uint8Array {
  let h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (h.length % 2 === 1) h = `0${h}`;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) {
    const byte = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
    if (Number.isNaN(byte)) throw new Error(`invalid hex string: ${hex}`);
    out[i] = byte;
  }
  return out;
}

const outcome = (f: () => Uint8Array): string => {
  try {
    return toHex(f());
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};

describe("runtime/util: fromHex", () => {
  it("decodes exactly as the parseInt decoding did, errors and lenient cases included", () => {
    const rng = new Rng(21);
    const inputs = ["", "0x", "0X", "0x0", "0xABcdEF", "abc", "0x0g", "0xg0", "0x 1", "0x-1", "0x+f", "0xé1", "zz"];
    const alphabet = "0123456789abcdefABCDEFxXg -";
    for (let i = 0; i < 2000; i++) {
      const length = rng.int(20);
      let s = i % 2 === 0 ? "0x" : "";
      for (let j = 0; j < length; j++) s += alphabet[rng.int(i % 3 === 0 ? alphabet.length : 22)] ?? "0";
      inputs.push(s);
    }
    for (const input of inputs)
      expect(
        outcome(() => fromHex(input)),
        input,
      ).to.equal(outcome(() => reference(input)));
  });
});

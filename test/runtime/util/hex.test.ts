import { bigIntToBytes, bytesToHex, equalsBytes, setLengthLeft } from "@ethereumjs/util";
import { expect } from "chai";

import { bigIntToStorageBytes, bytesToBigInt, fromHex, toHex } from "../../../src/runtime/util/hex.js";
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

/** @ethereumjs/evm's `setLengthLeftStorage` (opcodes/util.js, not exported): SSTORE's gas pads every value. */
function setLengthLeftStorage(value: Uint8Array): Uint8Array {
  return equalsBytes(value, new Uint8Array(value.length)) ? new Uint8Array(0) : setLengthLeft(value, 32);
}

describe("runtime/util: bigIntToStorageBytes", () => {
  it("gives what @ethereumjs's setLengthLeftStorage makes of the minimal bytes, and a full word it keeps as it is", () => {
    const rng = new Rng(22);
    const MAX = (1n << 256n) - 1n;
    const values = [0n, 1n, 255n, 256n, (1n << 64n) - 1n, 1n << 64n, 1n << 128n, 1n << 192n, MAX - 1n, MAX];
    for (let i = 0; i < 300; i++) values.push(BigInt(toHex(rng.bytes(1 + rng.int(32)))));
    for (const value of values) {
      const bytes = bigIntToStorageBytes(value);
      const minimal = value === 0n ? new Uint8Array(0) : bigIntToBytes(value);
      expect(toHex(bytes), value.toString(16)).to.equal(toHex(setLengthLeftStorage(minimal)));
      expect(bytesToBigInt(bytes)).to.equal(value);
      // Already padded: the SSTORE gas path takes the array itself (no copy through array spreads).
      expect(setLengthLeftStorage(bytes) === bytes || bytes.length === 0).to.equal(true);
    }
    // Fresh arrays: a caller may keep or change one without touching the next.
    expect(bigIntToStorageBytes(7n)).not.to.equal(bigIntToStorageBytes(7n));
  });
});

describe("runtime/util: toHex", () => {
  it("gives @ethereumjs's bytesToHex for any bytes, views into a larger or shared buffer included", () => {
    const rng = new Rng(7);
    const shared = new Uint8Array(new SharedArrayBuffer(96));
    shared.set(rng.bytes(96));
    const cases: Uint8Array[] = [new Uint8Array(0), Buffer.from("00ff10", "hex"), shared.subarray(3, 35), shared];
    for (let i = 0; i < 300; i++) {
      const whole = rng.bytes(1 + rng.int(64));
      const start = rng.int(whole.length);
      cases.push(whole, whole.subarray(start, start + rng.int(whole.length - start + 1)));
    }
    for (const bytes of cases) expect(toHex(bytes)).to.equal(bytesToHex(bytes));
  });
});

import { expect } from "chai";

import {
  balanceKey,
  codeKey,
  isBalanceKey,
  isCodeKey,
  isNonceKey,
  isStorageKey,
  keyAddress,
  keyKind,
  keySlot,
  nonceKey,
  parseLocationKey,
  partKey,
  storageKey,
  storageKeyPrefix,
} from "../../src/runtime/vocabulary.js";

const ADDRESS = `0x${"ab".repeat(20)}`;
const SLOT = `0x${"0".repeat(63)}7`;

describe("runtime/vocabulary: the location key codec", () => {
  it("reads back what it builds, for every kind", () => {
    const keys = [balanceKey(ADDRESS), nonceKey(ADDRESS), codeKey(ADDRESS), storageKey(ADDRESS, SLOT)];
    expect(keys.map(keyKind)).to.deep.equal(["balance", "nonce", "code", "storage"]);
    expect(keys.map(keyAddress)).to.deep.equal([ADDRESS, ADDRESS, ADDRESS, ADDRESS]);
    expect(keySlot(storageKey(ADDRESS, SLOT))).to.equal(SLOT);
    expect(keys.map(isBalanceKey)).to.deep.equal([true, false, false, false]);
    expect(keys.map(isNonceKey)).to.deep.equal([false, true, false, false]);
    expect(keys.map(isCodeKey)).to.deep.equal([false, false, true, false]);
    expect(keys.map(isStorageKey)).to.deep.equal([false, false, false, true]);
    expect(storageKey(ADDRESS, SLOT).startsWith(storageKeyPrefix(ADDRESS))).to.equal(true);
    expect(storageKey(ADDRESS, SLOT).slice(storageKeyPrefix(ADDRESS).length)).to.equal(SLOT);
  });

  it("parses keys into locations, with the what-if part", () => {
    expect(parseLocationKey(storageKey(ADDRESS, SLOT))).to.deep.equal({
      kind: "storage",
      address: ADDRESS,
      slot: SLOT,
    });
    expect(parseLocationKey(nonceKey(ADDRESS))).to.deep.equal({ kind: "nonce", address: ADDRESS });
    expect(parseLocationKey(partKey(balanceKey(ADDRESS), 2))).to.deep.equal({
      kind: "balance",
      address: ADDRESS,
      part: 2,
    });
  });

  it("refuses malformed keys, naming them", () => {
    for (const bad of ["storage:0x12", `balance:${ADDRESS}:0x1`, `storage:${ADDRESS}`, `gas:${ADDRESS}`, ""]) {
      expect(() => parseLocationKey(bad), bad).to.throw(`Invalid location key "${bad}"`);
    }
  });
});

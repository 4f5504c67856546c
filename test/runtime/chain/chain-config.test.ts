import { expect } from "chai";

import { DEFAULT_MNEMONIC, deriveAccounts } from "../../../src/runtime/chain/chain-config.js";

const BALANCE = 10n ** 18n;

describe("runtime/chain: deriveAccounts", () => {
  it("derives Hardhat's default accounts, and the same ones again from its cache", () => {
    const first = deriveAccounts(DEFAULT_MNEMONIC, 3, BALANCE);
    expect(first.map((a) => a.address)).to.deep.equal([
      "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
      "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
    ]);
    const again = deriveAccounts(DEFAULT_MNEMONIC, 3, BALANCE);
    expect(again).to.deep.equal(first);
    expect(again, "a fresh array each time").to.not.equal(first);
  });

  it("keeps derivations with different inputs apart (count, index, path, passphrase, balance)", () => {
    const base = deriveAccounts(DEFAULT_MNEMONIC, 2, BALANCE);
    expect(deriveAccounts(DEFAULT_MNEMONIC, 1, BALANCE)).to.have.length(1);
    expect(deriveAccounts(DEFAULT_MNEMONIC, 2, BALANCE, { initialIndex: 1 })[0]?.address).to.equal(base[1]?.address);
    expect(deriveAccounts(DEFAULT_MNEMONIC, 2, BALANCE, { path: "m/44'/60'/1'/0" })[0]?.address).to.not.equal(
      base[0]?.address,
    );
    expect(deriveAccounts(DEFAULT_MNEMONIC, 2, BALANCE, { passphrase: "x" })[0]?.address).to.not.equal(
      base[0]?.address,
    );
    expect(deriveAccounts(DEFAULT_MNEMONIC, 2, 5n)[0]?.balance).to.equal(5n);
  });
});

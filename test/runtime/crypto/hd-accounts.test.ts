import { expect } from "chai";
import { HDNodeWallet, Mnemonic } from "ethers";

import { DEFAULT_MNEMONIC, defaultChainConfig, deriveAccounts } from "../../../src/runtime/chain/chain-config.js";
import { deriveHdAccounts } from "../../../src/runtime/crypto/hd-accounts.js";

/** ethers' derivation: the reference the native one must equal. */
function byEthers(phrase: string, passphrase: string, path: string, first: number, count: number) {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase, passphrase), path);
  return Array.from({ length: count }, (_, i) => {
    const wallet = root.deriveChild(first + i);
    return { address: wallet.address.toLowerCase(), privateKey: wallet.privateKey };
  });
}

const OTHER = "legal winner thank year wave sausage worth useful legal winner thank yellow";

describe("runtime/crypto: HD accounts derived natively equal ethers' derivation", () => {
  const cases: Array<[string, string, string, number, number]> = [
    [DEFAULT_MNEMONIC, "", "m/44'/60'/0'/0", 0, 20],
    [DEFAULT_MNEMONIC, "", "m/44'/60'/0'/0", 7, 3],
    [OTHER, "TREZOR", "m/44'/60'/0'/0", 0, 4],
    [OTHER, "", "m/44'/60'/3'/1", 2, 3],
    [OTHER, "", "m/0/1", 0, 2],
  ];
  for (const [phrase, passphrase, path, first, count] of cases) {
    it(`${phrase.split(" ")[0]}… ${passphrase === "" ? "" : "with a passphrase "}at ${path}/${first}+`, () => {
      expect(deriveHdAccounts(phrase, passphrase, path, first, count)).to.deep.equal(
        byEthers(phrase, passphrase, path, first, count),
      );
    });
  }

  it("answers undefined for a path it does not take (the caller uses ethers)", () => {
    expect(deriveHdAccounts(OTHER, "", "44'/60'", 0, 1)).to.equal(undefined);
    expect(deriveHdAccounts(OTHER, "", "m/x", 0, 1)).to.equal(undefined);
  });

  it("deriveAccounts: Hardhat's first default account, the balance, and an invalid phrase refused as before", () => {
    const [first] = deriveAccounts(DEFAULT_MNEMONIC, 2, 5n);
    expect(first).to.deep.equal({
      address: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
      privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      balance: 5n,
    });
    expect(() => deriveAccounts("test test test test test test test test test test test test", 1, 1n)).to.throw(
      /invalid mnemonic/i,
    );
    expect(defaultChainConfig().accounts).to.have.length(20);
    expect(defaultChainConfig({ accounts: [] }).accounts).to.deep.equal([]);
  });
});

import { expect } from "chai";

import type { GenesisAccount } from "../../../src/runtime/chain/chain-config.js";
import { accountsBanner } from "../../../src/tasks/parallel-node/accounts-banner.js";

const ETH = 10n ** 18n;
const account = (i: number, balance = 10_000n * ETH): GenesisAccount =>
  ({
    address: `0x${"Ab".repeat(19)}${i.toString(16).padStart(2, "0")}`,
    privateKey: `0x${"1".repeat(63)}${i}`,
    balance,
  }) as GenesisAccount;

describe("parallel-node: the accounts listing, as `hardhat node` prints it", () => {
  it("lists Hardhat's default accounts with their keys between two warnings, prefixes padded alike", () => {
    const lines = accountsBanner([account(0), account(1)], true).split("\n");
    const warning = "WARNING: Funds sent on live network to accounts with publicly known private keys WILL BE LOST.";
    // Bold where the terminal shows styles (node:util styleText): compared without it.
    const plain = (line: string) => line.replaceAll("\u001B[1m", "").replaceAll("\u001B[22m", "");
    expect(lines.map(plain)).to.deep.equal([
      "Accounts",
      "========",
      "",
      warning,
      "",
      `Account #0:  0x${"ab".repeat(19)}00 (10000 ETH)`,
      `Private Key: 0x${"1".repeat(63)}0`,
      "",
      `Account #1:  0x${"ab".repeat(19)}01 (10000 ETH)`,
      `Private Key: 0x${"1".repeat(63)}1`,
      "",
      warning,
      "",
    ]);
  });

  it("lists other accounts without keys or warnings, in whole ETH", () => {
    const accounts = Array.from({ length: 11 }, (_, i) => account(i, 42n * ETH + 1n));
    const lines = accountsBanner(accounts, false).split("\n");
    expect(lines.slice(0, 4)).to.deep.equal([
      "Accounts",
      "========",
      `Account #0:  0x${"ab".repeat(19)}00 (42 ETH)`,
      "",
    ]);
    expect(lines).to.include(`Account #10: 0x${"ab".repeat(19)}0a (42 ETH)`);
    expect(lines.join("\n")).to.not.match(/Private Key|WARNING/);
  });

  it("prints nothing without accounts", () => {
    expect(accountsBanner([], true)).to.equal("");
  });
});

import { expect } from "chai";

import { ParallelAssertionError } from "../../src/testing/errors.js";
import { checkPattern, matchesPattern, parsePattern } from "../../src/testing/label-pattern.js";

const A = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const B = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const RAW = `storage:${A}:0x${"0".repeat(63)}1`;
const matches = (pattern: string, label: string, location = RAW): boolean =>
  matchesPattern(parsePattern(pattern), label, location);

describe("testing: location patterns of the conflict assertions", () => {
  it("a contract, a variable, a key, any key, nested keys", () => {
    expect(matches("Token", `Token._balances[${A}]`)).to.equal(true);
    expect(matches("Token", "Token (ETH balance)")).to.equal(true);
    expect(matches("Token._balances", `Token._balances[${A}]`)).to.equal(true);
    expect(matches(`Token._balances[${A.toUpperCase().replace("0X", "0x")}]`, `Token._balances[${A}]`)).to.equal(true);
    expect(matches(`Token._balances[${B}]`, `Token._balances[${A}]`)).to.equal(false);
    expect(matches("Token._balances[to]", `Token._balances[${A}]`)).to.equal(true);
    expect(matches("Token._balances[*]", "Token._balances")).to.equal(false);
    expect(matches(`Token._allowances[owner][${B}]`, `Token._allowances[${A}][${B}]`)).to.equal(true);
    expect(matches(`Token._allowances[${B}]`, `Token._allowances[${A}][${B}]`)).to.equal(false);
    expect(matches("Token._balances", "Other._balances[1]")).to.equal(false);
  });

  it("numbers compare by value; packed members and struct fields match by name", () => {
    expect(matches("Arena.fighters[0x1f]", "Arena.fighters[31]")).to.equal(true);
    expect(matches("Pool.reserve0", "Pool.reserve0/reserve1/blockTimestampLast (packed)")).to.equal(true);
    expect(matches("Pool.reserve1", "Pool.reserve0/reserve1/blockTimestampLast (packed)")).to.equal(true);
    expect(matches(`LendingPool.accounts[user].debt`, `LendingPool.accounts[${A}].debt`)).to.equal(true);
    expect(matches(`LendingPool.accounts[user].debt`, `LendingPool.accounts[${A}].deposited`)).to.equal(false);
    expect(matches("LendingPool.accounts", `LendingPool.accounts[${A}].deposited`)).to.equal(true);
  });

  it("raw keys match the location itself", () => {
    expect(matches(RAW, "Token._totalSupply")).to.equal(true);
    expect(matches(`balance:${A}`, "x", `balance:${A}`)).to.equal(true);
    expect(matches(`balance:${B}`, "x", `balance:${A}`)).to.equal(false);
  });

  it("unknown names are refused with the names that exist; malformed patterns say how to write one", () => {
    const known = ["Token", "Token._balances", "Token._allowances", "Pool", "Pool.reserve0"];
    expect(() => checkPattern(parsePattern("Token._balances[to]"), known)).to.not.throw();
    expect(() => checkPattern(parsePattern("Token._balancez"), known)).to.throw(
      ParallelAssertionError,
      /unknown label "Token\._balancez".*Use one of: Token, Token\._balances, Token\._allowances, …\./,
    );
    expect(() => checkPattern(parsePattern("Vault"), known)).to.throw(/Use one of: Token, .*Pool\.reserve0/);
    expect(() => checkPattern(parsePattern("Vault"), [])).to.throw(/No deployed contract was matched/);
    expect(() => parsePattern("Token._balances[a")).to.throw(ParallelAssertionError, /not a location pattern/);
    expect(() => parsePattern("Token (ETH balance)")).to.throw(/not a location pattern/);
  });
});

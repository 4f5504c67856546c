import { expect } from "chai";

import { ALICE, BOB, CAROL, CompatPair } from "./helpers/compat-pair.js";

/** Runtime code returning block.number (any code makes an account a "contract" for EIP-3607). */
const CODE = "0x4360005260206000f3";
const CONTRACT = "0x00000000000000000000000000000000000000e1";

describe("compat: senders with code (Hardhat's network turns EIP-3607 off)", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
  });
  afterEach(() => pair.close());

  it("a contract address may be the `from` of eth_call and eth_estimateGas (never -32603)", async () => {
    await pair.both("hardhat_setCode", [CONTRACT, CODE]);
    for (const call of [
      { from: CONTRACT, to: CAROL, data: "0x01" },
      { from: CONTRACT, to: CONTRACT },
      { from: CONTRACT, data: "0x600160005260206000f3" },
    ]) {
      for (const method of ["eth_call", "eth_estimateGas"]) {
        const { edr, parallel } = await pair.both(method, [call]);
        expect(parallel, `${method} ${JSON.stringify(call)}`).to.deep.equal(edr);
        expect(parallel.ok, method).to.equal(true);
      }
    }
  });

  it("an account given code by hardhat_setCode still sends transactions, and keeps its code", async () => {
    await pair.both("hardhat_setCode", [BOB, CODE]);
    const [a, b] = await pair.transact({ from: BOB, to: CAROL, value: "0x1", gas: "0x5208" });
    expect(b.status).to.equal(a.status);
    expect(b.status).to.equal("0x1");
    for (const [method, params] of [
      ["eth_getBalance", [CAROL]],
      ["eth_getTransactionCount", [BOB]],
      ["eth_getCode", [BOB]],
    ] as const) {
      const [x, y] = await pair.results(method, [...params]);
      expect(y, method).to.equal(x);
    }
  });

  it("an impersonated contract sends transactions; it can call itself", async () => {
    await pair.both("hardhat_setCode", [CONTRACT, CODE]);
    await pair.both("hardhat_setBalance", [CONTRACT, "0x1000000000000000000"]);
    await pair.both("hardhat_impersonateAccount", [CONTRACT]);
    const [a, b] = await pair.transact({ from: CONTRACT, to: CAROL, value: "0x2", gas: "0x5208" });
    expect(b.status).to.equal(a.status);
    expect(b.status).to.equal("0x1");
    const [c, d] = await pair.transact({ from: CONTRACT, to: CONTRACT, gas: "0x10000" });
    expect(d.gasUsed).to.equal(c.gasUsed);
    for (const [method, params] of [
      ["eth_getBalance", [CAROL]],
      ["eth_getBalance", [CONTRACT]],
      ["eth_getTransactionCount", [CONTRACT]],
      ["eth_getCode", [CONTRACT]],
    ] as const) {
      const [x, y] = await pair.results(method, [...params]);
      expect(y, method).to.equal(x);
    }
    // The implicit estimate of a send from a contract works as well.
    const { edr, parallel } = await pair.both("eth_sendTransaction", [{ from: CONTRACT, to: ALICE, value: "0x3" }]);
    expect(parallel.ok).to.equal(edr.ok);
  });
});

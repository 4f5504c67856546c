import { expect } from "chai";

import { ALICE, BOB, CompatPair, outcomeOf, type Answers } from "./helpers/compat-pair.js";

/** Runtime code returning msg.sender (CALLER). */
const WHO = "0x3360005260206000f3";
const AT = "0x00000000000000000000000000000000000000d1";

describe("compat: requests without from, gas or fees get Hardhat's defaults", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
    await pair.both("hardhat_setCode", [AT, WHO]);
  });
  afterEach(() => pair.close());

  /** Sends a fresh copy to each network (Hardhat's handlers fill fields in place on its own network). */
  async function apart(method: string, params: unknown[]): Promise<Answers> {
    const edr = await outcomeOf(pair.edr, method, structuredClone(params));
    return { edr, parallel: await outcomeOf(pair.parallel, method, structuredClone(params)) };
  }

  async function same(method: string, params: unknown[]): Promise<unknown> {
    const { edr, parallel } = await apart(method, params);
    expect(parallel, `${method} ${JSON.stringify(params)}`).to.deep.equal(edr);
    return edr;
  }

  it("eth_call and eth_estimateGas without `from` run as the first account", async () => {
    const who = (await same("eth_call", [{ to: AT }])) as { result: string };
    expect(BigInt(who.result)).to.equal(BigInt(ALICE));
    await same("eth_estimateGas", [{ to: AT, data: "0x01" }]);
  });

  it("eth_sendTransaction without from, gas or fees makes the same transaction (same hash)", async () => {
    // Transfers whose gas is only the intrinsic cost are left out: EDR estimates them one above it
    // (21001 for a plain transfer), we at it (COMPATIBILITY.md), so their gas and hash differ.
    for (const tx of [
      { to: AT, data: "0x01" },
      { to: AT, value: "0x1", maxFeePerGas: "0x77359400" },
      { to: AT, value: "0x1", maxPriorityFeePerGas: "0x5" },
      { from: BOB, to: AT, value: "0x2" },
    ]) {
      const { edr, parallel } = await apart("eth_sendTransaction", [tx]);
      expect(parallel, JSON.stringify(tx)).to.deep.equal(edr);
      expect(edr.ok).to.equal(true);
    }
  });

  it("a reverting transaction without gas fails in its estimate with the revert, as on Hardhat's network", async () => {
    const { edr, parallel } = await apart("eth_sendTransaction", [{ data: "0x60006000fd" }]);
    expect(parallel).to.deep.equal(edr);
    expect(edr.ok).to.equal(false);
  });
});

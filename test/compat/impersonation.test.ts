import { expect } from "chai";

import { BOB, CompatPair } from "./helpers/compat-pair.js";

/** An account neither network holds a key for, and one with a high address (r and s stay below n/2). */
const STRANGERS = ["0x00000000000000000000000000000000000abcde", "0xfffffffffffffffffffffffffffffffffffffff1"];

describe("compat: impersonated transactions", () => {
  let pair: CompatPair;

  beforeEach(async () => {
    pair = await CompatPair.open();
    for (const who of STRANGERS) {
      await pair.results("hardhat_impersonateAccount", [who]);
      await pair.results("hardhat_setBalance", [who, "0x56bc75e2d63100000"]);
    }
  });
  afterEach(() => pair.close());

  const shapes: Array<[string, Record<string, unknown>]> = [
    ["legacy", { type: "0x0", gasPrice: "0x3b9aca00" }],
    ["EIP-1559", { type: "0x2", maxFeePerGas: "0x77359400", maxPriorityFeePerGas: "0x1" }],
    ["defaulted", {}],
    ["contract creation", { to: undefined, data: "0x600a600c600039600a6000f3602a60005260206000f3" }],
  ];
  for (const [name, extra] of shapes) {
    it(`gets the same hash and signature fields as on Hardhat's network (${name})`, async () => {
      for (const from of STRANGERS) {
        const [a, b] = await pair.results("eth_sendTransaction", [{ from, to: BOB, value: "0x1", ...extra }]);
        expect(b, `${name} from ${from}`).to.equal(a);
        const [txA, txB] = (await pair.results("eth_getTransactionByHash", [a])) as Array<Record<string, unknown>>;
        for (const field of ["hash", "r", "s", "v", "type", "from", "nonce"])
          expect(txB?.[field], `${name} ${field}`).to.equal(txA?.[field]);
        expect(txA?.r, "r is the sender").to.equal(`0x${BigInt(from).toString(16)}`);
      }
    });
  }

  it("mines the same block hash's transactions root with impersonated and signed senders mixed", async () => {
    await pair.results("evm_setAutomine", [false]);
    const [first] = STRANGERS;
    await pair.results("eth_sendTransaction", [{ from: first, to: BOB, value: "0x2", gas: "0x5208" }]);
    await pair.results("eth_sendTransaction", [{ from: BOB, to: first, value: "0x3", gas: "0x5208" }]);
    await pair.results("evm_mine");
    const [a, b] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<Record<string, unknown>>;
    expect(b?.transactions).to.deep.equal(a?.transactions);
    expect(b?.transactionsRoot).to.equal(a?.transactionsRoot);
  });
});

import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";

import { ALICE, CompatPair, bytecodeOf } from "./helpers/compat-pair.js";

const encode = (types: string[], values: unknown[]) => AbiCoder.defaultAbiCoder().encode(types, values).slice(2);
const factoryAbi = new Interface(["function createCustom(uint256 code)", "function createBare()"]);

describe("compat: failed creations answer as on Hardhat's network", () => {
  let pair: CompatPair;
  let factory: string;

  before(async () => {
    pair = await CompatPair.open();
    factory = await pair.deploy("Creations.sol", "CtorFactory");
  });
  after(() => pair.close());

  const cases: Array<[string, () => Record<string, string>]> = [
    [
      "a constructor reverting without a reason",
      () => ({ data: bytecodeOf("Creations.sol", "BareCtorRevert") + encode(["bool"], [true]) }),
    ],
    [
      "a constructor's custom error",
      () => ({ data: bytecodeOf("Creations.sol", "CustomCtorRevert") + encode(["uint256"], [7]) }),
    ],
    ["value to a non-payable constructor", () => ({ data: bytecodeOf("Creations.sol", "PlainCtor"), value: "0x1" })],
    ["compiled runtime code above the size limit", () => ({ data: bytecodeOf("Creations.sol", "HugeRuntime") })],
    // PUSH3 24577 PUSH1 0 RETURN: 24,577 zero bytes of runtime code from code no project compiled.
    ["uncompiled runtime code above the size limit", () => ({ data: "0x620060016000f3" })],
    [
      "a custom error of a contract created by a call",
      () => ({ to: factory, data: factoryAbi.encodeFunctionData("createCustom", [9]) }),
    ],
    [
      "a bare constructor revert through a call",
      () => ({ to: factory, data: factoryAbi.encodeFunctionData("createBare") }),
    ],
  ];

  for (const [label, tx] of cases) {
    it(`${label}: eth_call, eth_estimateGas, eth_sendTransaction`, async () => {
      for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
        const params = [{ from: ALICE, ...(method === "eth_sendTransaction" ? { gas: "0x1000000" } : {}), ...tx() }];
        const { edr, parallel } = await pair.both(method, params);
        expect(parallel, method).to.deep.equal(edr);
        expect(edr.ok, method).to.equal(false);
      }
    });
  }
});

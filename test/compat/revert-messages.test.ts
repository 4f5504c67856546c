import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair, comparableError } from "./helpers/compat-pair.js";

const plainAbi = new Interface(["function set(uint256)", "function pay() payable", "function bare()"]);
const callerAbi = new Interface(["function callSet(address)", "function callMissing(address)"]);
const NO_CODE = "0x00000000000000000000000000000000000000aa";

/** Contracts of Dispatch.sol by name → address (the same on both networks). */
type Deployed = Record<"plain" | "recv" | "fb" | "pfb" | "caller", string>;

const CASES: Array<[string, (d: Deployed) => Record<string, string>]> = [
  ["unknown selector, no fallback", (d) => ({ to: d.plain, data: "0xdeadbeef" })],
  ["empty calldata, no receive nor fallback", (d) => ({ to: d.plain, data: "0x" })],
  ["empty calldata with value, no receive nor fallback", (d) => ({ to: d.plain, value: "0x1" })],
  ["calldata shorter than a selector", (d) => ({ to: d.plain, data: "0x12" })],
  [
    "non-payable function with value",
    (d) => ({ to: d.plain, data: plainAbi.encodeFunctionData("set", [5]), value: "0x1" }),
  ],
  ["a function's own bare revert", (d) => ({ to: d.plain, data: plainAbi.encodeFunctionData("bare") })],
  ["unknown selector, receive but no fallback", (d) => ({ to: d.recv, data: "0xdeadbeef" })],
  ["non-payable fallback, empty calldata with value", (d) => ({ to: d.fb, value: "0x1" })],
  ["non-payable fallback, unknown selector with value", (d) => ({ to: d.fb, data: "0xdeadbeef", value: "0x1" })],
  ["payable fallback that reverts", (d) => ({ to: d.pfb, data: "0xdeadbeef" })],
  [
    "nested: a missing function bubbled up",
    (d) => ({ to: d.caller, data: callerAbi.encodeFunctionData("callMissing", [d.plain]) }),
  ],
  [
    "nested: a call to an account without code",
    (d) => ({ to: d.caller, data: callerAbi.encodeFunctionData("callSet", [NO_CODE]) }),
  ],
  [
    "nested: a selector the callee lacks",
    (d) => ({ to: d.caller, data: callerAbi.encodeFunctionData("callSet", [d.recv]) }),
  ],
  ["nested: the call succeeds", (d) => ({ to: d.caller, data: callerAbi.encodeFunctionData("callMissing", [d.recv]) })],
];

describe("compat: reverts without data worded from the project's ABIs, as Hardhat's network words them", () => {
  let pair: CompatPair;
  let deployed: Deployed;

  before(async () => {
    pair = await CompatPair.open();
    deployed = {
      plain: await pair.deploy("Dispatch.sol", "Plain"),
      recv: await pair.deploy("Dispatch.sol", "WithReceive"),
      fb: await pair.deploy("Dispatch.sol", "WithFallback"),
      pfb: await pair.deploy("Dispatch.sol", "WithPayableFallback"),
      caller: await pair.deploy("Dispatch.sol", "Caller"),
    };
  });
  after(() => pair.close());

  for (const [label, tx] of CASES) {
    for (const method of ["eth_call", "eth_estimateGas", "eth_sendTransaction"]) {
      it(`${method}: ${label}`, async () => {
        const { edr, parallel } = await pair.both(method, [{ from: ALICE, gas: "0x100000", ...tx(deployed) }]);
        expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
      });
    }
  }

  it("the messages are the inferred ones, with revert data 0x (not an agreement on 'without a reason string')", async () => {
    const { edr, parallel } = await pair.both("eth_call", [{ from: ALICE, to: deployed.fb, value: "0x1" }]);
    expect(edr.ok).to.equal(false);
    expect(parallel).to.deep.include({
      ok: false,
      code: 3,
      data: "0x",
      message:
        "Transaction reverted: there's no receive function, fallback function is not payable and was called with value 1",
    });
  });

  it("code the project did not compile keeps 'without a reason string'", async () => {
    const stranger = "0x00000000000000000000000000000000000000bb";
    // PUSH1 0 PUSH1 0 REVERT: no ABI, no dispatcher.
    await pair.both("hardhat_setCode", [stranger, "0x60006000fd"]);
    for (const method of ["eth_call", "eth_sendTransaction"]) {
      const { edr, parallel } = await pair.both(method, [
        { from: ALICE, to: stranger, data: "0xdeadbeef", gas: "0x100000" },
      ]);
      expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
      expect(parallel).to.deep.include({ message: "Transaction reverted without a reason string" });
    }
  });
});

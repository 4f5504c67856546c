import { expect } from "chai";
import { Interface } from "ethers";

import { firstDifference } from "./fuzz/compat-replay.js";
import { ALICE, BOB, CompatPair } from "./helpers/compat-pair.js";

const target = new Interface([
  "function exhaust()",
  "function invalidOpcode()",
  "function precompile(uint256 which, bytes input) returns (bool, bytes)",
  "function forward(address to) payable",
  "function poke(uint256 key, uint256 value)",
  "function clear(uint256 key)",
]);

/**
 * Init code that sets slot 0 to 1 and deploys `runtime`: PUSH1 1 PUSH0 SSTORE, then CODECOPY/RETURN of the
 * runtime appended after these 13 bytes.
 */
function deployWithSlot(runtime: string): string {
  const length = (runtime.length / 2).toString(16).padStart(2, "0");
  return `0x60015f5560${length}80600d5f395ff3${runtime}`;
}

/** Clears slot 0 (a refund), then stops or reverts. */
const CHILD_OK = "5f5f5500";
const CHILD_REVERTS = "5f5f555f5ffd";
/**
 * Clears slot 0, CALLs the address in the calldata (the child clears its own slot 0), then sets slot 0 to 1
 * again (the refund counter moves again) and stops.
 */
const PARENT = "5f5f555f5f5f5f5f5f355af15060015f5500";
/** Clears slot 0, then DELEGATECALLs the address in the calldata and stops. */
const DELEGATING_PARENT = "5f5f555f5f5f5f5f355af45000";
/** Sets slot 0 to 1 (run by DELEGATECALL: the caller's slot, back to its original value). */
const RESTORES_SLOT = "60015f5500";

describe("compat: debug_traceTransaction struct logs", () => {
  let pair: CompatPair;
  let contract: string;

  before(async () => {
    pair = await CompatPair.open();
    contract = await pair.deploy("FuzzTarget.sol", "FuzzTarget");
  });
  after(() => pair.close());

  const TXS: Array<[string, (to: string) => Record<string, unknown>]> = [
    ["the step that runs out of gas", (to) => ({ to, data: target.encodeFunctionData("exhaust"), gas: "0x30000" })],
    [
      "a CALL to a precompile",
      (to) => ({ to, data: target.encodeFunctionData("precompile", [2, "0x1234"]), gas: "0x30000" }),
    ],
    [
      "a value CALL to an account without code",
      (to) => ({ to, data: target.encodeFunctionData("forward", [BOB]), value: "0x5", gas: "0x30000" }),
    ],
    ["an invalid opcode", (to) => ({ to, data: target.encodeFunctionData("invalidOpcode"), gas: "0x30000" })],
    ["SSTOREs", (to) => ({ to, data: target.encodeFunctionData("poke", [3, 4]) })],
    // EDR shows the refund counter before the step: the SSTORE that earns a refund shows the old one.
    ["an SSTORE that clears a slot (refund)", (to) => ({ to, data: target.encodeFunctionData("clear", [3]) })],
  ];

  for (const [label, tx] of TXS) {
    for (const options of [
      {},
      { disableStorage: true },
      { disableStack: true, enableMemory: true },
      { disableStack: true, enableReturnData: true },
    ]) {
      it(`${label}, options ${JSON.stringify(options)}: the same struct logs`, async () => {
        await pair.both("eth_sendTransaction", [{ from: ALICE, ...tx(contract) }]);
        const [blockA, blockB] = (await pair.results("eth_getBlockByNumber", ["latest", false])) as Array<{
          transactions: string[];
        }>;
        const a = await pair.edr.provider.request({
          method: "debug_traceTransaction",
          params: [blockA?.transactions[0], options],
        });
        const b = await pair.parallel.provider.request({
          method: "debug_traceTransaction",
          params: [blockB?.transactions[0], options],
        });
        expect(firstDifference(a, b)).to.equal(undefined);
        const logs = (a as { structLogs: Array<Record<string, unknown>> }).structLogs;
        if ("disableStorage" in options) expect(logs.some((l) => "storage" in l)).to.equal(false);
        if (label.startsWith("the step")) expect(logs.at(-1)?.error).to.equal("Some(OutOfGas)");
        if (label.startsWith("an invalid")) expect(logs.at(-1)?.error).to.equal("Some(InvalidFEOpcode)");
      });
    }
  }

  it("enableReturnData: each frame's return buffer through nested calls, a caught revert and creations", async () => {
    const leaf = await pair.deploy("Nested.sol", "Leaf");
    const nested = await pair.deploy("Nested.sol", "Nested");
    const iface = new Interface([
      "function chain(address leaf, uint256 value) payable returns (uint256)",
      "function caught(address leaf, uint256 code) returns (bool)",
      "function spawn(bytes32 salt, bool die) payable returns (address a, address b)",
    ]);
    const filled: boolean[] = [];
    for (const data of [
      iface.encodeFunctionData("chain", [leaf, 5]),
      iface.encodeFunctionData("caught", [leaf, 7]),
      iface.encodeFunctionData("spawn", [`0x${"01".repeat(32)}`, false]),
    ]) {
      const [ra, rb] = await pair.transact({ from: ALICE, to: nested, data, gas: "0x200000" });
      const options = { disableStack: true, disableStorage: true, enableReturnData: true };
      const a = await pair.edr.provider.request({
        method: "debug_traceTransaction",
        params: [ra.transactionHash, options],
      });
      const b = await pair.parallel.provider.request({
        method: "debug_traceTransaction",
        params: [rb.transactionHash, options],
      });
      expect(firstDifference(a, b)).to.equal(undefined);
      const logs = (a as { structLogs: Array<Record<string, unknown>> }).structLogs;
      filled.push(logs.some((l) => typeof l.returnData === "string" && l.returnData.length > 2));
    }
    // A returned value and a revert reach their callers' buffers; successful creations leave them empty.
    expect(filled).to.deep.equal([true, true, false]);
  });

  // The refund counter across frames: a child that clears a slot and returns (its refund joins the caller's)
  // or reverts (its refund is dropped), between two refund-changing SSTOREs of the caller.
  for (const [label, parent, child] of [
    ["a child frame that returns", PARENT, CHILD_OK],
    ["a child frame that reverts", PARENT, CHILD_REVERTS],
    // The child sets the caller's cleared slot back: its own counter goes below 0.
    ["a DELEGATECALL child that undoes the caller's refund", DELEGATING_PARENT, RESTORES_SLOT],
  ] as const) {
    it(`refunds around ${label}: the same struct logs`, async () => {
      const [childA, childB] = await pair.transact({ from: ALICE, data: deployWithSlot(child) });
      expect(childA.contractAddress).to.equal(childB.contractAddress);
      const [parentA] = await pair.transact({ from: ALICE, data: deployWithSlot(parent) });
      const data = `0x${String(childA.contractAddress).slice(2).padStart(64, "0")}`;
      const [a, b] = await pair.results("eth_sendTransaction", [{ from: ALICE, to: parentA.contractAddress, data }]);
      const traceA = await pair.edr.provider.request({ method: "debug_traceTransaction", params: [a, {}] });
      const traceB = await pair.parallel.provider.request({ method: "debug_traceTransaction", params: [b, {}] });
      expect(firstDifference(traceA, traceB)).to.equal(undefined);
      const logs = (traceA as { structLogs: Array<{ depth: number; refund: number }> }).structLogs;
      expect(logs.some((l) => l.depth === 2)).to.equal(true);
      expect(logs.some((l) => l.refund > 0)).to.equal(true);
    });
  }
});

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
]);

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
  ];

  for (const [label, tx] of TXS) {
    for (const options of [{}, { disableStorage: true }, { disableStack: true, enableMemory: true }]) {
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
});

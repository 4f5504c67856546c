import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, BOB, CompatPair } from "./helpers/compat-pair.js";

const logged = new Interface(["function logged(uint256 x)"]);
const reverts = new Interface([
  "function logThenRevert(uint256 x)",
  "function logThenPanic(uint256 x)",
  "function nested(uint256 x)",
]);

/** Runs `requests` on one side of the pair; returns the console.log lines (starting with `prefix`) printed meanwhile. */
async function linesOf(
  pair: CompatPair,
  side: "edr" | "parallel",
  requests: Array<[string, unknown[]]>,
  prefix = "Compat.logged",
) {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    for (const [method, params] of requests) {
      await pair[side].provider
        .request({ method, params })
        .catch((e: unknown) => lines.push(`error ${e instanceof Error ? e.message : String(e)}`));
    }
  } finally {
    console.log = original;
  }
  return lines.filter((l) => l.startsWith(prefix) || l.startsWith("error"));
}

describe("compat: console.log printed when Hardhat's network prints it", () => {
  let pair: CompatPair;
  let target: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
  });
  after(() => pair.close());

  it("automine off: once when the block is mined, never for reads of the pending block", async () => {
    const send = (x: number, from: string): [string, unknown[]] => [
      "eth_sendTransaction",
      [{ from, to: target, data: logged.encodeFunctionData("logged", [x]), gas: "0x100000" }],
    ];
    const requests: Array<[string, unknown[]]> = [
      ["evm_setAutomine", [false]],
      send(1, ALICE),
      send(2, BOB),
      ["eth_getBlockByNumber", ["pending", false]],
      ["eth_getBlockByNumber", ["pending", true]],
      ["eth_getBlockTransactionCountByNumber", ["pending"]],
      ["eth_getTransactionByBlockNumberAndIndex", ["pending", "0x0"]],
      ["eth_getBalance", [ALICE, "pending"]],
      ["eth_call", [{ from: ALICE, to: target, data: logged.encodeFunctionData("logged", [3]) }, "pending"]],
      ["eth_estimateGas", [{ from: ALICE, to: target, data: logged.encodeFunctionData("logged", [4]) }, "pending"]],
      ["evm_mine", []],
      ["evm_setAutomine", [true]],
    ];
    const edr = await linesOf(pair, "edr", requests);
    const parallel = await linesOf(pair, "parallel", requests);
    expect(parallel).to.deep.equal(edr);
    expect(edr.filter((l) => /Compat.logged [12] /.test(l))).to.have.length(2);
  });

  it("failed executions: an estimate that fails prints its run's lines once, a succeeding one prints none", async () => {
    const failing = await pair.deploy("ConsoleReverts.sol", "ConsoleReverts");
    const call = (name: string, x: number) => ({
      from: ALICE,
      to: failing,
      data: reverts.encodeFunctionData(name, [x]),
    });
    const requests: Array<[string, unknown[]]> = [
      ["eth_estimateGas", [call("logThenRevert", 50)]],
      ["eth_estimateGas", [call("logThenRevert", 5)]],
      ["eth_estimateGas", [call("logThenPanic", 0)]],
      ["eth_estimateGas", [call("nested", 30)]],
      ["eth_estimateGas", [call("nested", 15)]],
      ["eth_estimateGas", [call("logThenRevert", 51), "pending"]],
      ["eth_call", [call("logThenRevert", 52)]],
      ["eth_call", [call("nested", 31)]],
      ["eth_sendTransaction", [{ ...call("logThenRevert", 53), gas: "0x100000" }]],
      ["eth_sendTransaction", [{ ...call("nested", 32), gas: "0x100000" }]],
      ["eth_sendTransaction", [{ ...call("logThenPanic", 0), gas: "0x100000" }]],
    ];
    const edr = await linesOf(pair, "edr", requests, "ConsoleReverts.");
    const parallel = await linesOf(pair, "parallel", requests, "ConsoleReverts.");
    expect(parallel).to.deep.equal(edr);
    // The failed estimates printed their lines (the succeeding estimates none).
    expect(edr).to.include("ConsoleReverts.before 50");
    expect(edr).to.include("ConsoleReverts.caught 30");
    expect(edr).not.to.include("ConsoleReverts.before 5");
  });

  it("traces: replaying a transaction or tracing a call prints what Hardhat's network prints", async () => {
    const send = (x: number): [string, unknown[]] => [
      "eth_sendTransaction",
      [{ from: ALICE, to: target, data: logged.encodeFunctionData("logged", [x]), gas: "0x100000" }],
    ];
    // Two transactions in one block, so that tracing the second replays the first.
    await linesOf(pair, "edr", [
      ["evm_setAutomine", [false]],
      send(40),
      send(41),
      ["evm_mine", []],
      ["evm_setAutomine", [true]],
    ]);
    await linesOf(pair, "parallel", [
      ["evm_setAutomine", [false]],
      send(40),
      send(41),
      ["evm_mine", []],
      ["evm_setAutomine", [true]],
    ]);
    const block = (await pair.edr.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      transactions: string[];
    };
    const [, second] = block.transactions;
    const call = { from: ALICE, to: target, data: logged.encodeFunctionData("logged", [42]) };
    const requests: Array<[string, unknown[]]> = [
      ["debug_traceTransaction", [second, { disableStorage: true, disableMemory: true, disableStack: true }]],
      ["debug_traceTransaction", [second, { tracer: "callTracer" }]],
      ["debug_traceTransaction", [second, { tracer: "prestateTracer" }]],
      ["debug_traceCall", [call, "latest", { tracer: "callTracer" }]],
      ["debug_traceCall", [call, "latest", { disableStorage: true, disableMemory: true, disableStack: true }]],
    ];
    const edr = await linesOf(pair, "edr", requests);
    const parallel = await linesOf(pair, "parallel", requests);
    expect(parallel).to.deep.equal(edr);
  });
});

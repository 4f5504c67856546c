import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, BOB, CompatPair } from "./helpers/compat-pair.js";

const logged = new Interface(["function logged(uint256 x)"]);

/** Runs `requests` on one side of the pair; returns the console.log lines printed meanwhile. */
async function linesOf(pair: CompatPair, side: "edr" | "parallel", requests: Array<[string, unknown[]]>) {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    for (const [method, params] of requests) {
      await pair[side].provider.request({ method, params }).catch((e: unknown) => lines.push(`error ${String(e)}`));
    }
  } finally {
    console.log = original;
  }
  return lines.filter((l) => l.includes("Compat.logged") || l.startsWith("error"));
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
});

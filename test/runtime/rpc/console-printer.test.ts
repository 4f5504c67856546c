import { expect } from "chai";
import { Interface } from "ethers";

import { ConsolePrinter } from "../../../src/runtime/rpc/console-printer.js";
import { fromHex } from "../../../src/runtime/util/hex.js";

const consoleAbi = new Interface(["function log(string p0, uint256 p1)"]);
const call = (text: string, n: number) => fromHex(consoleAbi.encodeFunctionData("log", [text, n]));

describe("ConsolePrinter", () => {
  it("prints decoded console.log calls, and nothing while muted", async () => {
    const lines: string[] = [];
    const printer = new ConsolePrinter((line) => lines.push(line));
    printer.print(call("a", 1));
    await printer.muted(async () => printer.print(call("b", 2)));
    expect(lines).to.deep.equal(["a 1"]);
  });

  it("holds lines back and prints them afterwards only when asked to", async () => {
    const lines: string[] = [];
    const printer = new ConsolePrinter((line) => lines.push(line));
    const kept = await printer.held(
      async () => {
        printer.print(call("kept", 1));
        lines.push("during");
        return "failure";
      },
      (r) => r === "failure",
    );
    expect(kept).to.equal("failure");
    await printer.held(
      async () => printer.print(call("dropped", 2)),
      () => false,
    );
    // Muting wins inside a hold; a hold inside a hold hands its kept lines to the outer one.
    await printer.held(
      async () => {
        await printer.muted(async () => printer.print(call("muted", 3)));
        await printer.held(
          async () => printer.print(call("inner", 4)),
          () => true,
        );
        lines.push("outer still holding");
      },
      () => true,
    );
    expect(lines).to.deep.equal(["during", "kept 1", "outer still holding", "inner 4"]);
  });

  it("drops held lines when the function throws", async () => {
    const lines: string[] = [];
    const printer = new ConsolePrinter((line) => lines.push(line));
    const failing = printer.held(
      async () => {
        printer.print(call("lost", 1));
        throw new Error("boom");
      },
      () => true,
    );
    await expect(failing).to.be.rejectedWith("boom");
    printer.print(call("after", 2));
    expect(lines).to.deep.equal(["after 2"]);
  });
});

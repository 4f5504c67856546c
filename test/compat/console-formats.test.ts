import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair } from "./helpers/compat-pair.js";

const formats = new Interface(["function all()"]);

describe("compat: console.log overloads and format strings print as on Hardhat's network", () => {
  it("every overload kind, format specifiers, missing arguments, non-ASCII", async () => {
    const pair = await CompatPair.open();
    try {
      const target = await pair.deploy("ConsoleFormats.sol", "ConsoleFormats");
      const printed: Record<"edr" | "parallel", string[]> = { edr: [], parallel: [] };
      for (const side of ["edr", "parallel"] as const) {
        const original = console.log;
        console.log = (...args: unknown[]) => printed[side].push(args.map(String).join(" "));
        try {
          await pair[side].provider.request({
            method: "eth_call",
            params: [{ from: ALICE, to: target, data: formats.encodeFunctionData("all") }],
          });
        } finally {
          console.log = original;
        }
      }
      expect(printed.parallel).to.deep.equal(printed.edr);
      expect(printed.edr.length).to.be.greaterThan(15);
    } finally {
      await pair.close();
    }
  });
});

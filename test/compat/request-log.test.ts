import { expect } from "chai";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, BOB, CompatPair } from "./helpers/compat-pair.js";
import {
  blockScenario,
  edgeScenario,
  failedInBlockScenario,
  maskBlockHash,
  quietScenario,
  scenario,
  type Request,
} from "./helpers/log-scenario.js";

/** The lines a short scenario prints on `connection` (console.log, and the last-line replacements). */
async function printed(
  connection: NetworkConnection,
  run: (r: Request) => Promise<void> = scenario,
): Promise<string[]> {
  const lines: string[] = [];
  const [log, write] = [console.log, process.stdout.write.bind(process.stdout)];
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  process.stdout.write = ((text: string) => lines.push(`(replaces the last line) ${text.trimEnd()}`)) as never;
  try {
    await run((method, params = []) =>
      connection.provider.request({ method, params }).catch((e: unknown) => `failed: ${String(e)}`),
    );
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  return lines.map(maskBlockHash);
}

describe("compat: loggingEnabled prints Hardhat's network's request log", function () {
  it("the same lines for a short scenario (block hashes masked: they hang on the timestamps)", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    try {
      const edr = await printed(pair.edr);
      const parallel = await printed(pair.parallel);
      expect(parallel).to.deep.equal(edr);
      // The scenario shows each kind of line: collapsed repeats, summaries, console.log, errors, mined blocks.
      for (const shown of [
        "eth_chainId (2)",
        "Contract deployment: Compat",
        "console.log:",
        "Error: reverted",
        "Mined block #",
      ]) {
        expect(
          edr.some((line) => line.includes(shown)),
          shown,
        ).to.equal(true);
      }
    } finally {
      await pair.close();
    }
  });

  it("the same lines for halts, precompiles, accounts without code, uncompiled code and mined ranges", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    try {
      const edr = await printed(pair.edr, edgeScenario);
      expect(await printed(pair.parallel, edgeScenario)).to.deep.equal(edr);
      for (const shown of [
        "WARNING: Calling an account which is not a contract",
        "Precompile call: <PrecompileContract 2>",
        "TransactionExecutionError: Transaction ran out of gas",
        "<UnrecognizedContract>#<unrecognized-selector>",
        "Mined empty block range #",
      ]) {
        expect(
          edr.some((line) => line.includes(shown)),
          shown,
        ).to.equal(true);
      }
    } finally {
      await pair.close();
    }
  });

  it("prints each console.log line of a mined block of several transactions under the transaction", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    try {
      const edr = await printed(pair.edr, blockScenario);
      expect(await printed(pair.parallel, blockScenario)).to.deep.equal(edr);
      const under = edr.findIndex((line) => line.includes("Compat.logged 7"));
      expect(edr[under - 1], "the console.log title under the last transaction").to.equal("        console.log:");
      expect(edr.filter((line) => line.includes("ConsoleReverts.")).length).to.equal(4);
    } finally {
      await pair.close();
    }
  });

  // Was: the error line only under a block's first transaction (replayed as a call in the parent state), and a
  // panic or custom error worded as the answer words it, where EDR's log words it from the data alone.
  it("prints the error line of each failed transaction of a mined block, at any position", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    try {
      const edr = await printed(pair.edr, failedInBlockScenario);
      expect(await printed(pair.parallel, failedInBlockScenario)).to.deep.equal(edr);
      const errors = edr.filter((line) => line.trim().startsWith("Error: "));
      expect(errors.length, "one error line per failed transaction").to.equal(10);
      expect(errors.some((line) => line.includes("unrecognized custom error"))).to.equal(true);
    } finally {
      await pair.close();
    }
  });

  it("prints the blocks interval mining makes, as Hardhat's network does", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    // Interval mining started with a transaction pending; the log up to the first interval-mined block is
    // compared (how many more blocks the timer makes before it is stopped depends on the machine's pace).
    const intervalMined = async (r: Request) => {
      await r("evm_setAutomine", [false]);
      await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
      await r("evm_setIntervalMining", [200]);
      while ((await r("eth_blockNumber")) === "0x0") await new Promise((resolve) => setTimeout(resolve, 20));
      await r("evm_setIntervalMining", [0]);
    };
    const firstBlock = (lines: string[]): string[] => {
      const shown = lines.filter((line) => !line.includes("eth_blockNumber"));
      const start = shown.findIndex((line) => line.startsWith("Mined block #1"));
      return shown.slice(0, shown.indexOf("", start) + 1);
    };
    try {
      const edr = firstBlock(await printed(pair.edr, intervalMined));
      expect(firstBlock(await printed(pair.parallel, intervalMined))).to.deep.equal(edr);
      expect(edr).to.include.members(["Mined block #1", "  Block: <hash>"]);
    } finally {
      await pair.close();
    }
  });

  it("prints eth_subscribe and eth_unsubscribe as Hardhat's network does", async () => {
    const pair = await CompatPair.open({ loggingEnabled: true });
    const subscribing = async (r: Request) => {
      const id = await r("eth_subscribe", ["newHeads"]);
      await r("eth_unsubscribe", [id]);
      await r("eth_chainId");
    };
    try {
      const edr = await printed(pair.edr, subscribing);
      expect(await printed(pair.parallel, subscribing)).to.deep.equal(edr);
      expect(edr.join("\n")).to.include("eth_unsubscribe");
    } finally {
      await pair.close();
    }
  });

  it("prints nothing but console.log lines without loggingEnabled", async () => {
    const pair = await CompatPair.open();
    try {
      const edr = await printed(pair.edr, quietScenario);
      expect(await printed(pair.parallel, quietScenario)).to.deep.equal(edr);
      expect(edr).to.deep.equal(["Compat.logged 5 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"]);
    } finally {
      await pair.close();
    }
  });
});

import { expect } from "chai";
import type { NetworkConnection } from "hardhat/types/network";

import { CompatPair } from "./helpers/compat-pair.js";
import { edgeScenario, maskBlockHash, quietScenario, scenario, type Request } from "./helpers/log-scenario.js";

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

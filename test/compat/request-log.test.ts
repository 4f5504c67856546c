import { expect } from "chai";
import { Interface } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, BOB, CompatPair, bytecodeOf } from "./helpers/compat-pair.js";

const compat = new Interface(["function failReason()", "function increment()", "function logged(uint256)"]);

/** A block's hash hangs on its timestamp, which differs between two chains opened apart: masked. */
const maskBlockHash = (line: string): string => line.replace(/^( *Block(?: #\d+)?: +)0x[0-9a-f]{64}$/, "$1<hash>");

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

type Request = (method: string, params?: unknown[]) => Promise<unknown>;

async function scenario(r: Request): Promise<void> {
  for (const method of ["eth_chainId", "eth_chainId", "eth_blockNumber", "eth_chainId"]) await r(method);
  const deployed = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  const { contractAddress: to } = (await r("eth_getTransactionReceipt", [deployed])) as { contractAddress: string };
  const call = (fn: string, args: unknown[] = []) => ({ from: ALICE, to, data: compat.encodeFunctionData(fn, args) });
  await r("eth_call", [call("increment")]);
  await r("eth_sendTransaction", [call("increment")]);
  await r("eth_sendTransaction", [call("logged", [5])]);
  await r("eth_call", [call("failReason")]);
  await r("eth_sendTransaction", [call("failReason")]);
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
  await r("evm_mine");
  await r("hardhat_mine", ["0x3"]);
  await r("evm_setAutomine", [false]);
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
  await r("evm_mine");
  await r("hardhat_setLoggingEnabled", [false]);
  await r("eth_chainId");
  await r("hardhat_setLoggingEnabled", [true]);
  await r("eth_getBalance", ["0xzz"]);
  await r("eth_sendTransaction", [{ ...call("failReason"), gas: "0x100000" }]);
  for (const value of ["0x186a0", "0x2386f26fc10000", "0x14d1120d7b160000", "0x3b9aca01"]) {
    await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value }]);
  }
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, nonce: "0x0" }]);
  // EDR prints an unsupported method's line after answering: a later request's lines come after it.
  await r("foo_bar");
  await r("hardhat_mine", ["0x1"]);
}

/** A deployment and a transaction that logs, on a network without the request log. */
async function quietScenario(r: Request): Promise<void> {
  const deployed = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  const { contractAddress: to } = (await r("eth_getTransactionReceipt", [deployed])) as { contractAddress: string };
  await r("eth_sendTransaction", [{ from: ALICE, to, data: compat.encodeFunctionData("logged", [5]) }]);
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

import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

import { outcomeOf, type Outcome } from "./helpers/compat-pair.js";

const GWEI = 1_000_000_000n;
const hex = (n: bigint): string => `0x${n.toString(16)}`;
/** Five of the default accounts: one sender per transaction, and a recipient. */
const [A0, A1, A2, A3, A4, TO] = [
  "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
  "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
  "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
  "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
];
const legacy = (from: string | undefined, gwei: bigint, extra = {}) => ({
  from,
  to: TO,
  gas: "0x5208",
  gasPrice: hex(gwei * GWEI),
  ...extra,
});
const dynamic = (from: string | undefined, tipGwei: bigint, maxGwei: bigint) => ({
  from,
  to: TO,
  gas: "0x5208",
  maxPriorityFeePerGas: hex(tipGwei * GWEI),
  maxFeePerGas: hex(maxGwei * GWEI),
});

/** Transactions around a 5 gwei minimum (the base fee starts at 1 gwei). */
const SENDS: Array<[string, unknown[]]> = [
  ["eth_sendTransaction", [legacy(A0, 3n)]], // gas price below the minimum
  ["eth_sendTransaction", [dynamic(A1, 1n, 10n)]], // tip below, max fee above
  ["eth_sendTransaction", [dynamic(A2, 4n, 4n)]], // both below
  ["eth_sendTransaction", [dynamic(A3, 5n, 10n)]], // at the minimum
  ["eth_sendTransaction", [legacy(A4, 6n)]], // above
  ["eth_sendTransaction", [legacy(A0, 7n, { nonce: "0x1" })]], // behind A0's stuck one
  ["evm_mine", []],
  ["eth_getBlockByNumber", ["latest", true]],
  ["eth_pendingTransactions", []],
  ["eth_getTransactionCount", [A0, "pending"]], // A0's transactions are not in the pending block either
  ["eth_call", [{ from: A0, to: TO, gasPrice: "0x1" }]],
  ["eth_estimateGas", [{ from: A0, to: TO, gasPrice: "0x1" }]],
];

async function hreWith(auto: boolean): Promise<HardhatRuntimeEnvironment> {
  return createFixtureHre("compat-project", {
    plugins: [hardhatParallel],
    solidity: "0.8.28",
    networks: { default: { type: "edr-simulated", minGasPrice: 5n * GWEI, mining: { auto } } },
  });
}

/** A block reduced to what both networks set alike from the same transactions (no hashes, no timestamp). */
function comparable(outcome: Outcome): unknown {
  if (!outcome.ok || typeof outcome.result !== "object" || outcome.result === null) return outcome;
  const r = outcome.result as { transactions?: Array<{ hash: string }>; gasUsed?: string; number?: string };
  if (r.transactions === undefined) return outcome;
  return { number: r.number, gasUsed: r.gasUsed, transactions: r.transactions.map((t) => t.hash) };
}

async function answers(hre: HardhatRuntimeEnvironment, name: string): Promise<unknown[]> {
  const connection = await hre.network.create(name);
  const out: unknown[] = [];
  for (const [method, params] of SENDS) out.push(comparable(await outcomeOf(connection, method, params)));
  await connection.close();
  return out;
}

describe("compat: minGasPrice, as Hardhat's network applies it", () => {
  it("automine: a gas price or max priority fee below the minimum is refused in EDR's words", async () => {
    const hre = await hreWith(true);
    const [edr, parallel] = [await answers(hre, "default"), await answers(hre, "parallel")];
    expect(parallel).to.deep.equal(edr);
    expect((edr[0] as Outcome & { ok: false }).message).to.equal(
      "Transaction gas price is 3000000000, which is below the minimum of 5000000000",
    );
    expect((edr[3] as Outcome).ok).to.equal(true);
  });

  it("automine off: pooled, and a block leaves out senders whose gas price or max fee is below it", async () => {
    const hre = await hreWith(false);
    const [edr, parallel] = [await answers(hre, "default"), await answers(hre, "parallel")];
    expect(parallel).to.deep.equal(edr);
    const block = edr[7] as { transactions: string[] };
    expect(block.transactions).to.have.length(3); // A4, A3 and A1: not A0 (nor its next) nor A2
  });
});

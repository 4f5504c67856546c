import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Interface } from "ethers";

import type { CallOutcome } from "../../../src/runtime/chain/call-runner.js";
import type { StoredBlock } from "../../../src/runtime/chain/chain.js";
import type { TxRequest } from "../../../src/runtime/chain/transaction-factory.js";
import { COVERAGE_ADDRESS } from "../../../src/runtime/evm/evm-context.js";
import type { ExecutionHooks } from "../../../src/runtime/rpc/execution-hooks.js";
import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import type { ContractFacts } from "../../../src/runtime/rpc/revert-inference.js";
import { RpcError } from "../../../src/runtime/rpc/rpc-error.js";
import { bytecodeOf, compatHre } from "../../compat/helpers/compat-pair.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const plain = new Interface(["function set(uint256)", "function x() view returns (uint256)", "function bare()"]);

/** Runtime code that STATICCALLs the coverage address with the 32-byte `tag`, then stops. */
function coverageHitCode(tag: string): string {
  return `0x7f${tag}5f525f5f60205f73${COVERAGE_ADDRESS.slice(2)}5afa00`;
}

async function errorOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected an RpcError");
}

describe("runtime/rpc: host hooks (mined blocks, pending blocks, calls, coverage tags, contract lookup)", () => {
  let provider: ParallelProvider;
  let profileDir: string;
  let plainAddress: string;
  const mined: StoredBlock[] = [];
  const pending: StoredBlock[] = [];
  const calls: Array<{ request: TxRequest; outcome: CallOutcome }> = [];
  const lookups: string[] = [];
  let facts: ContractFacts | undefined;
  const hooks: ExecutionHooks = {
    onBlockMined: (b) => mined.push(b),
    onPendingBlockMined: (b) => pending.push(b),
    onCall: (request, outcome) => calls.push({ request, outcome }),
    contractFacts: async (code) => {
      lookups.push(code);
      return facts;
    },
  };
  const send = (tx: Record<string, string>): Promise<unknown> =>
    provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, gas: "0x100000", ...tx }] });

  before(async () => {
    await compatHre();
    profileDir = await mkdtemp(path.join(tmpdir(), "hooks-profile-"));
    // A test-run profile is recorded too: the host's block observer must still be called.
    provider = await ParallelProvider.create({ log: () => undefined, hooks, profileDir });
    const hash = await send({ data: bytecodeOf("Dispatch.sol", "Plain") });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      contractAddress: string;
    };
    plainAddress = receipt.contractAddress;
  });
  after(async () => {
    await provider.close();
    await rm(profileDir, { recursive: true, force: true });
  });

  it("sees every mined block, with the profile recorder on", async () => {
    const before = mined.length;
    await send({ to: plainAddress, data: plain.encodeFunctionData("set", [5]) });
    expect(mined.length).to.equal(before + 1);
    expect(mined.at(-1)?.executed[0]?.status).to.equal(1);
  });

  it("sees eth_call runs with their gas, not estimates", async () => {
    calls.length = 0;
    const data = plain.encodeFunctionData("x");
    await provider.request({ method: "eth_call", params: [{ from: ALICE, to: plainAddress, data }, "latest"] });
    await provider.request({ method: "eth_estimateGas", params: [{ from: ALICE, to: plainAddress, data }] });
    expect(calls).to.have.length(1);
    expect(calls[0]?.request.to).to.equal(plainAddress);
    expect(calls[0]?.outcome.error).to.equal(undefined);
    expect(Number(calls[0]?.outcome.gasUsed)).to.be.greaterThan(21_000);
  });

  it("sees throwaway pending blocks apart from mined ones", async () => {
    await provider.request({ method: "evm_setAutomine", params: [false] });
    const minedBefore = mined.length;
    await send({ from: BOB, to: plainAddress, data: plain.encodeFunctionData("set", [7]) });
    await provider.request({ method: "eth_getBalance", params: [BOB, "pending"] });
    expect(pending).to.have.length(1);
    expect(pending[0]?.executed).to.have.length(1);
    expect(mined.length).to.equal(minedBefore);
    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    expect(mined.length).to.equal(minedBefore + 1);
  });

  it("hands the coverage observer every tag an execution sends to the coverage address", async () => {
    const tag = "ab".repeat(31) + "01";
    const target = "0x00000000000000000000000000000000000000cc";
    await provider.request({ method: "hardhat_setCode", params: [target, coverageHitCode(tag)] });
    const seen: string[] = [];
    provider.chain.context.coverageObserver = (t) => seen.push(Buffer.from(t).toString("hex"));
    try {
      await provider.request({ method: "eth_call", params: [{ from: ALICE, to: target }, "latest"] });
      await send({ to: target });
    } finally {
      provider.chain.context.coverageObserver = undefined;
    }
    expect(seen).to.deep.equal([tag, tag]);
  });

  it("asks the contract lookup only about failed runs without revert data, and words what it explains", async () => {
    lookups.length = 0;
    facts = {
      functions: new Map([[plain.getFunction("set")?.selector ?? "", false]]),
      fallback: undefined,
      receive: false,
    };
    await send({ to: plainAddress, data: plain.encodeFunctionData("set", [1]) });
    expect(lookups).to.deep.equal([]);
    const refused = await errorOf(send({ to: plainAddress, data: "0xdeadbeef" }));
    expect(refused.code).to.equal(3);
    expect(refused.message).to.equal(
      "Transaction reverted: function selector was not recognized and there's no fallback function",
    );
    expect(refused.data).to.equal("0x");
    expect(lookups.length).to.be.greaterThan(0);
  });

  it("keeps 'without a reason string' when the lookup does not know the code", async () => {
    facts = undefined;
    const refused = await errorOf(
      provider.request({
        method: "eth_call",
        params: [{ from: ALICE, to: plainAddress, data: "0xdeadbeef" }, "latest"],
      }),
    );
    expect(refused.message).to.equal("Transaction reverted without a reason string");
  });
});

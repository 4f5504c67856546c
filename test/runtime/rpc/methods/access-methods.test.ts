import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";

import type { Chain, StoredBlock } from "../../../../src/runtime/chain/chain.js";
import type { AccessDescriber, BlockDescription } from "../../../../src/runtime/rpc/methods/access-methods.js";
import { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";
import { bytecodeOf, compatHre } from "../../../compat/helpers/compat-pair.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const compat = new Interface(["function logged(uint256 x)", "function deposit(bytes32 tag) payable"]);

/** A describer that keeps what it is given and names nothing. */
class RecordingDescriber implements AccessDescriber {
  readonly calls: Array<{ block: bigint; preimages: ReadonlyMap<string, string> }> = [];
  async describe(_chain: Chain, block: StoredBlock, preimages: ReadonlyMap<string, string>): Promise<BlockDescription> {
    this.calls.push({ block: block.number, preimages });
    return { locations: new Map(), transactions: [], variables: [] };
  }
}

describe("runtime/rpc: parallel_getTransactionAccesses and parallel_getBlockAccesses", () => {
  let provider: ParallelProvider;
  let address: string;
  const describer = new RecordingDescriber();
  const lines: string[] = [];
  let depositHash: string;
  let loggedHash: string;

  before(async () => {
    await compatHre();
    provider = await ParallelProvider.create({ log: (line) => lines.push(line), describer });
    const deploy = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
      contractAddress: string;
    };
    address = receipt.contractAddress;
    const send = (data: string, value = "0x0"): Promise<unknown> =>
      provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: address, data, value }] });
    depositHash = String(await send(compat.encodeFunctionData("deposit", [`0x${"00".repeat(32)}`]), "0x64"));
    loggedHash = String(await send(compat.encodeFunctionData("logged", [7n])));
  });
  after(() => provider.close());

  it("answers the transaction's sets; without labels each location keeps its raw key", async () => {
    const answer = (await provider.request({ method: "parallel_getTransactionAccesses", params: [depositHash] })) as {
      from: string;
      status: string;
      writes: Array<{ location: string; label: string; kind: string }>;
    };
    expect(answer.from).to.equal(ALICE);
    expect(answer.status).to.equal("0x1");
    const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [ALICE, 1]));
    const written = answer.writes.find((w) => w.location === `storage:${address}:${slot}`);
    expect(written).to.deep.include({ kind: "storage", label: `storage:${address}:${slot}` });
  });

  it("gives the describer the keccak preimages of the block's slot hashes, recorded by a replay", async () => {
    const block = (await provider.request({ method: "eth_getTransactionReceipt", params: [depositHash] })) as {
      blockNumber: string;
    };
    const call = describer.calls.find((c) => c.block === BigInt(block.blockNumber));
    const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [ALICE, 1]));
    expect(call?.preimages.get(slot)).to.equal(`0x${ALICE.slice(2).padStart(64, "0")}${"1".padStart(64, "0")}`);
  });

  it("the replay prints no console.log line a second time", async () => {
    expect(lines.filter((l) => l.includes("Compat.logged"))).to.have.length(1);
    await provider.request({ method: "parallel_getTransactionAccesses", params: [loggedHash] });
    const answer = (await provider.request({ method: "parallel_getBlockAccesses", params: ["latest"] })) as {
      execution: { strategy: string };
      transactions: unknown[];
    };
    expect(answer.transactions).to.have.length(1);
    expect(answer.execution.strategy).to.equal("sequential");
    expect(lines.filter((l) => l.includes("Compat.logged"))).to.have.length(1);
  });

  it("unknown transactions and blocks answer null", async () => {
    const unknown = `0x${"ab".repeat(32)}`;
    expect(await provider.request({ method: "parallel_getTransactionAccesses", params: [unknown] })).to.equal(null);
    expect(await provider.request({ method: "parallel_getBlockAccesses", params: ["0x999"] })).to.equal(null);
  });
});

import { expect } from "chai";
import { Interface } from "ethers";

import { ContractRegistry, readArtifacts } from "../../../src/plugin/network/contract-registry.js";
import { GasMeasurements } from "../../../src/plugin/network/gas-measurements.js";
import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { bytecodeOf, compatHre } from "../../compat/helpers/compat-pair.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const plain = new Interface(["function set(uint256)", "function x() view returns (uint256)", "function bare()"]);
const FQN = "project/contracts/Dispatch.sol:Plain";

interface Receipt {
  contractAddress: string | null;
  gasUsed: string;
}

describe("plugin/network: GasMeasurements (what --gas-stats gets from the parallel network)", () => {
  let provider: ParallelProvider;
  let registry: ContractRegistry;
  let measurements: GasMeasurements;
  let address: string;
  let deployReceipt: Receipt;

  const send = async (tx: Record<string, string>): Promise<Receipt> => {
    const hash = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, gas: "0x100000", ...tx }],
    });
    return (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Receipt;
  };

  before(async () => {
    const hre = await compatHre();
    registry = new ContractRegistry(await readArtifacts(hre));
    measurements = new GasMeasurements(() => provider.chain.state);
    provider = await ParallelProvider.create({ log: () => undefined, hooks: measurements.hooks });
    deployReceipt = await send({ data: bytecodeOf("Dispatch.sol", "Plain") });
    address = deployReceipt.contractAddress ?? "";
  });
  after(() => provider.close());

  it("measures a deployment: contract, gas used and deployed code size", async () => {
    const code = (await provider.request({ method: "eth_getCode", params: [address, "latest"] })) as string;
    expect(measurements.take(registry)).to.deep.equal([
      { type: "deployment", contractFqn: FQN, gas: Number(deployReceipt.gasUsed), runtimeSize: (code.length - 2) / 2 },
    ]);
  });

  it("measures successful transactions and calls by function signature; not reverts, estimates or unknown selectors", async () => {
    const set = await send({ to: address, data: plain.encodeFunctionData("set", [5]) });
    await provider.request({
      method: "eth_estimateGas",
      params: [{ from: ALICE, to: address, data: plain.encodeFunctionData("set", [6]) }],
    });
    await send({ to: address, data: plain.encodeFunctionData("bare") }).catch(() => undefined);
    await send({ to: address, data: "0xdeadbeef" }).catch(() => undefined);
    await provider.request({
      method: "eth_call",
      params: [{ from: ALICE, to: address, data: plain.encodeFunctionData("x") }, "latest"],
    });
    const taken = measurements.take(registry);
    expect(taken.map((m) => (m.type === "function" ? m.functionSig : m.type))).to.deep.equal(["set(uint256)", "x()"]);
    expect(taken[0]).to.deep.equal({
      type: "function",
      contractFqn: FQN,
      functionSig: "set(uint256)",
      gas: Number(set.gasUsed),
      proxyChain: [],
    });
    expect(taken[1]?.gas).to.be.greaterThan(21_000);
    expect(measurements.pending).to.equal(false);
  });

  it("counts the transactions of a throwaway pending block, and again when mined", async () => {
    await provider.request({ method: "evm_setAutomine", params: [false] });
    await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, to: address, gas: "0x100000", data: plain.encodeFunctionData("set", [9]) }],
    });
    await provider.request({ method: "eth_getBlockByNumber", params: ["pending", false] });
    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    const taken = measurements.take(registry);
    expect(taken.map((m) => (m.type === "function" ? m.functionSig : m.type))).to.deep.equal([
      "set(uint256)",
      "set(uint256)",
    ]);
  });

  it("leaves out code the project did not compile", async () => {
    const stranger = "0x00000000000000000000000000000000000000dd";
    await provider.request({ method: "hardhat_setCode", params: [stranger, "0x00"] });
    await send({ to: stranger, data: plain.encodeFunctionData("set", [1]) });
    expect(measurements.take(registry)).to.deep.equal([]);
  });
});

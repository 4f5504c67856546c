import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Interface, getAddress, getBytes } from "ethers";
import type { Artifact } from "hardhat/types/artifacts";

import { ContractRegistry, liveProjectRegistry, readArtifacts } from "../../../src/plugin/network/contract-registry.js";
import { deploymentsOf, type DeploymentRecord } from "../../../src/report/record/test-profile.js";
import { compatHre } from "../../compat/helpers/compat-pair.js";

function artifact(
  fields: Partial<Artifact> & Pick<Artifact, "contractName" | "bytecode" | "deployedBytecode">,
): Artifact {
  return {
    _format: "hh3-artifact-1",
    sourceName: "contracts/X.sol",
    inputSourceName: "project/contracts/X.sol",
    abi: [],
    linkReferences: {},
    deployedLinkReferences: {},
    ...fields,
  };
}

const word = (byte: string): string => byte.repeat(32);
const PLACEHOLDER = "__$0123456789abcdef0123456789abcdef01$__";

describe("plugin/network: ContractRegistry (deployed and creation code → the project's contract)", () => {
  const withImmutable = artifact({
    contractName: "WithImmutable",
    abi: [
      { type: "function", name: "f", inputs: [], outputs: [], stateMutability: "payable" },
      { type: "function", name: "g", inputs: [], outputs: [], stateMutability: "nonpayable" },
      { type: "fallback", stateMutability: "nonpayable" },
      { type: "receive", stateMutability: "payable" },
    ],
    bytecode: "0x6080aa",
    deployedBytecode: `0x6001${word("00")}6002`,
    immutableReferences: { "7": [{ start: 2, length: 32 }] },
  });
  const library = artifact({
    contractName: "Lib",
    bytecode: "0x6080bb",
    deployedBytecode: `0x73${"00".repeat(20)}3014`,
  });
  const linked = artifact({
    contractName: "Linked",
    abi: ["function h(uint256)"],
    bytecode: `0x6080${PLACEHOLDER}cc`,
    linkReferences: { "project/contracts/L.sol": { L: [{ start: 2, length: 20 }] } },
    deployedBytecode: `0x6003${PLACEHOLDER}dd`,
    deployedLinkReferences: { "project/contracts/L.sol": { L: [{ start: 2, length: 20 }] } },
  });
  const registry = new ContractRegistry([withImmutable, library, linked]);
  const address = "ab".repeat(20);

  it("matches deployed code with immutables, a library's own address and linked libraries filled in", () => {
    expect(registry.byRuntimeCode(`0x6001${word("ee")}6002`)?.fqn).to.equal("project/contracts/X.sol:WithImmutable");
    expect(registry.byRuntimeCode(`0x73${address}3014`)?.name).to.equal("Lib");
    expect(registry.byRuntimeCode(`0x6003${address}dd`)?.name).to.equal("Linked");
  });

  it("does not match code that differs outside those ranges, or has another length", () => {
    expect(registry.byRuntimeCode(`0x6001${word("ee")}6003`)).to.equal(undefined);
    expect(registry.byRuntimeCode(`0x6003${address}de`)).to.equal(undefined);
    expect(registry.byRuntimeCode(`0x6001${word("ee")}600200`)).to.equal(undefined);
    expect(registry.byRuntimeCode("0x")).to.equal(undefined);
  });

  it("matches creation code by prefix (constructor arguments follow), link references masked", () => {
    expect(registry.byCreationCode(`0x6080aa${word("01")}`)?.name).to.equal("WithImmutable");
    expect(registry.byCreationCode(`0x6080${address}cc`)?.name).to.equal("Linked");
    expect(registry.byCreationCode("0x6080ff")).to.equal(undefined);
  });

  it("gives canonical signatures and the entry points' payability", () => {
    const entry = registry.byRuntimeCode(`0x6001${word("00")}6002`);
    expect([...(entry?.functions.values() ?? [])]).to.have.members(["f()", "g()"]);
    expect(entry?.facts.fallback).to.deep.equal({ payable: false });
    expect(entry?.facts.receive).to.equal(true);
    expect([...(entry?.facts.functions.values() ?? [])]).to.have.members([true, false]);
    const lib = registry.byRuntimeCode(`0x73${address}3014`);
    expect(lib?.facts).to.deep.include({ functions: new Map(), fallback: undefined, receive: false });
  });

  it("words a custom error its ABI declares, and nothing for one it does not", () => {
    const abi = [
      {
        type: "error",
        name: "Nope",
        inputs: [
          { name: "who", type: "address" },
          { name: "n", type: "int8" },
        ],
      },
    ];
    const erring = artifact({ contractName: "Erring", abi, bytecode: "0x6080dd", deployedBytecode: "0x60016001" });
    const facts = new ContractRegistry([erring]).byRuntimeCode("0x60016001")?.facts;
    const data = new Interface(abi).encodeErrorResult("Nope", [`0x${"ab".repeat(20)}`, -3]);
    expect(facts?.customError?.(getBytes(data))).to.equal(`Nope("${getAddress(`0x${"ab".repeat(20)}`)}", -3)`);
    expect(facts?.customError?.(getBytes("0x12345678"))).to.equal(undefined);
    expect(facts?.customError?.(getBytes(data).subarray(0, 20))).to.equal(undefined);
  });

  it("names what a factory deployed by the code it left, what a creation deployed by its creation code", () => {
    const [hash, factoryHash] = [`0x${"11".repeat(32)}`, `0x${"44".repeat(32)}`];
    const pair = `0x${"22".repeat(20)}`;
    const factory = `0x${"33".repeat(20)}`;
    const records: DeploymentRecord[] = [
      { created: factory, input: `0x6080aa${word("01")}`, deployed: { [factory]: factoryHash } },
      // The factory's CREATE2, in a later call: the record holds its code hash, another record the code.
      { created: null, input: "0x12345678", deployed: { [pair]: hash } },
      { created: null, input: "0x", codes: { [hash]: `0x6003${address}dd` } },
    ];
    expect(deploymentsOf(records, registry.codes)).to.deep.equal({ [factory]: "WithImmutable", [pair]: "Linked" });
    const unknown = [{ created: null, input: "0x", deployed: { [pair]: hash }, codes: { [hash]: "0x6001" } }];
    expect(deploymentsOf(unknown, registry.codes)).to.deep.equal({});
  });

  it("names every compiled contract of a real project by its own deployed code", async () => {
    const artifacts = await readArtifacts(await compatHre());
    const real = new ContractRegistry(artifacts);
    const deployable = artifacts.filter((a) => a.deployedBytecode.length > 2);
    expect(deployable.length).to.be.greaterThan(3);
    for (const a of deployable) {
      const found = real.byRuntimeCode(a.deployedBytecode);
      // Identical deployed code in two artifacts (e.g. empty contracts) names one of them.
      expect(found?.abi, a.contractName).to.not.equal(undefined);
      expect(real.byRuntimeCode(a.deployedBytecode)).to.equal(found);
    }
    expect(real.codes.creation.length).to.equal(artifacts.filter((a) => a.bytecode.length > 2).length);
  });
});

describe("plugin/network: liveProjectRegistry (parallel-node takes compilations made while it runs)", () => {
  it("reads the artifacts once while the build infos stay, again (Hardhat's cache cleared) after they change", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "live-registry-"));
    const buildInfo = path.join(root, "build-info");
    await mkdir(buildInfo);
    let names: string[] = ["project/contracts/A.sol:A"];
    const counts = { reads: 0, clears: 0 };
    const hre = {
      config: { paths: { artifacts: root } },
      artifacts: {
        getAllFullyQualifiedNames: async () => {
          counts.reads++;
          return new Set(names);
        },
        readArtifact: async (fqn: string) =>
          artifact({
            contractName: fqn.split(":")[1] ?? "",
            bytecode: "0x6080",
            deployedBytecode: `0x60${fqn.length}`,
          }),
        clearCache: async () => {
          counts.clears++;
        },
      },
    } as unknown as Parameters<typeof liveProjectRegistry>[0];
    try {
      const registry = liveProjectRegistry(hre);
      expect((await registry()).byCreationCode("0x6080")?.name).to.equal("A");
      await registry();
      expect(counts).to.deep.equal({ reads: 1, clears: 0 });
      // A compilation: a new build info (the folder's entries change), a new contract.
      await writeFile(path.join(buildInfo, "solc-0_8_28-new.json"), "{}");
      await utimes(buildInfo, new Date(), new Date(Date.now() + 5_000));
      names = ["project/contracts/B.sol:B"];
      expect((await registry()).byCreationCode("0x6080")?.name).to.equal("B");
      expect(counts).to.deep.equal({ reads: 2, clears: 1 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

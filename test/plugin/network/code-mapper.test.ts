import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { mappedCode } from "../../../src/plugin/network/code-mapper.js";
import type { FailureFrame } from "../../../src/runtime/rpc/failure-frames.js";

// PUSH1 0x80, PUSH2 0x0102, JUMPDEST, JUMP, REVERT; the same shape with other pushed values (immutables).
const CODE = "0x6080610102" + "5b" + "56" + "fd";
const OTHER_VALUES = "0x6081610304" + "5b" + "56" + "fd";
const SOURCE_NAME = "project/contracts/A.sol";

/** A project of one contract `A` (deployed code `CODE`, immutables masked) with its build info on disk. */
function fakeHost(folder: string) {
  const input = path.join(folder, "b1.json");
  const output = path.join(folder, "b1.output.json");
  writeFileSync(input, JSON.stringify({ input: { sources: { [SOURCE_NAME]: { content: "contract A {}" } } } }));
  const ast = { nodes: [{ nodeType: "ContractDefinition", name: "A", src: "0:13:0", id: 1, nodes: [] }] };
  const evm = { deployedBytecode: { sourceMap: "0:13:0:-;;0:13:0:i;:::o;" }, bytecode: { sourceMap: "" } };
  writeFileSync(
    output,
    JSON.stringify({
      output: { sources: { [SOURCE_NAME]: { id: 0, ast } }, contracts: { [SOURCE_NAME]: { A: { evm } } } },
    }),
  );
  const artifact = {
    contractName: "A",
    sourceName: "contracts/A.sol",
    inputSourceName: SOURCE_NAME,
    buildInfoId: "b1",
    abi: [],
    bytecode: "0x",
    deployedBytecode: CODE,
    linkReferences: {},
    deployedLinkReferences: {},
    immutableReferences: { "1": [{ start: 1, length: 1 }], "2": [{ start: 3, length: 2 }] },
  };
  const artifacts = {
    getAllFullyQualifiedNames: async () => new Set([`${SOURCE_NAME}:A`]),
    readArtifact: async () => artifact,
    getBuildInfoPath: async () => input,
    getBuildInfoOutputPath: async () => output,
  };
  return { artifacts, config: { paths: { artifacts: folder } } } as unknown as Parameters<typeof mappedCode>[0];
}

const frameOf = (code: string): FailureFrame => ({ code, creation: false }) as unknown as FailureFrame;

describe("plugin/network/code-mapper: mappedCode", () => {
  let folder: string;
  let host: Parameters<typeof mappedCode>[0];

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "code-mapper-"));
    host = fakeHost(folder);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it("maps a frame's code to the contract and its instructions through the build's source map", async () => {
    const mapped = await mappedCode(host, frameOf(CODE));
    expect(mapped?.contract).to.equal("A");
    expect([...(mapped?.instructions.keys() ?? [])]).to.deep.equal([0, 2, 5, 6, 7]);
    expect(mapped?.instructions.get(5)).to.deep.equal({
      opcode: 0x5b,
      jump: "i",
      location: { offset: 0, length: 13, file: 0 },
    });
  });

  it("decodes a code once: the same code again gets the instructions decoded the first time", async () => {
    const first = await mappedCode(host, frameOf(CODE));
    const again = await mappedCode(host, frameOf(CODE));
    expect(again?.instructions).to.equal(first?.instructions);
  });

  it("another code of the same contract (other immutables) gets its own instructions, never another code's", async () => {
    const first = await mappedCode(host, frameOf(CODE));
    const other = await mappedCode(host, frameOf(OTHER_VALUES));
    expect(other?.contract).to.equal("A");
    expect(other?.instructions).to.not.equal(first?.instructions);
    expect(other?.instructions.get(0)?.opcode).to.equal(0x60);
    expect([...(other?.instructions.keys() ?? [])]).to.deep.equal([0, 2, 5, 6, 7]);
  });
});

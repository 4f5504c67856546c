import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Compiler, CompilerInput, CompilerOutput } from "hardhat/types/solidity";

import {
  KnownSolcJsCompiler,
  compilerWithKnownLongVersion,
  longVersionsFile,
} from "../../../src/plugin/solc/known-long-versions.js";

/** A stand-in for Hardhat's compiler: counts how often it is created and compiles. */
function fakeHardhat(longVersion: string, isSolcJs = true) {
  const calls = { created: 0, compiled: 0 };
  const output = { sources: {}, contracts: {} } as unknown as CompilerOutput;
  const next = async (): Promise<Compiler> => {
    calls.created++;
    return {
      version: longVersion.split("+")[0] ?? "",
      longVersion,
      compilerPath: "x",
      isSolcJs,
      compile: async () => {
        calls.compiled++;
        return output;
      },
    };
  };
  return { calls, next, output };
}

const input = { language: "Solidity", sources: {}, settings: {} } as unknown as CompilerInput;

describe("solc long versions remembered by content", () => {
  let dir: string;
  let cache: string;
  let soljson: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "known-long-versions-"));
    cache = path.join(dir, "cache");
    soljson = path.join(dir, "soljson.js");
    await writeFile(soljson, "/* a solc-js build */");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const config = () => ({ version: "0.8.28", path: soljson });

  it("asks Hardhat once, then answers without loading the compiler until it compiles", async () => {
    const hardhat = fakeHardhat("0.8.28+commit.7893614a");
    const first = await compilerWithKnownLongVersion(cache, config(), hardhat.next);
    expect(first.longVersion).to.equal("0.8.28+commit.7893614a");
    expect(hardhat.calls.created).to.equal(1);
    const remembered = JSON.parse(await readFile(longVersionsFile(cache), "utf8")) as Record<string, string>;
    expect(Object.values(remembered)).to.deep.equal(["0.8.28+commit.7893614a"]);

    const second = await compilerWithKnownLongVersion(cache, config(), hardhat.next);
    expect(second).to.be.instanceOf(KnownSolcJsCompiler);
    expect([second.version, second.longVersion, second.compilerPath, second.isSolcJs]).to.deep.equal([
      "0.8.28",
      "0.8.28+commit.7893614a",
      soljson,
      true,
    ]);
    expect(hardhat.calls.created).to.equal(1);
    expect(await second.compile(input)).to.equal(hardhat.output);
    await second.compile(input);
    expect(hardhat.calls).to.deep.equal({ created: 2, compiled: 2 });
  });

  it("asks Hardhat again when the build's content changed", async () => {
    await compilerWithKnownLongVersion(cache, config(), fakeHardhat("0.8.28+commit.7893614a").next);
    await writeFile(soljson, "/* another build */");
    const hardhat = fakeHardhat("0.8.29+commit.ab55807c");
    const compiler = await compilerWithKnownLongVersion(cache, config(), hardhat.next);
    expect([compiler.longVersion, hardhat.calls.created]).to.deep.equal(["0.8.29+commit.ab55807c", 1]);
    const remembered = JSON.parse(await readFile(longVersionsFile(cache), "utf8")) as Record<string, string>;
    expect(Object.values(remembered).sort()).to.deep.equal(["0.8.28+commit.7893614a", "0.8.29+commit.ab55807c"]);
  });

  it("leaves native compilers, other compiler types and a missing path to Hardhat, remembering nothing", async () => {
    const hardhat = fakeHardhat("0.8.28+commit.7893614a", false);
    await compilerWithKnownLongVersion(cache, { version: "0.8.28", path: path.join(dir, "solc") }, hardhat.next);
    await compilerWithKnownLongVersion(cache, { version: "0.8.28", type: "solx", path: soljson }, hardhat.next);
    await compilerWithKnownLongVersion(cache, { version: "0.8.28" }, hardhat.next);
    await compilerWithKnownLongVersion(cache, { version: "0.8.28", path: path.join(dir, "gone.js") }, hardhat.next);
    expect(hardhat.calls.created).to.equal(4);
    const missing = await readFile(longVersionsFile(cache), "utf8").catch(() => "missing");
    expect(missing).to.equal("missing");
  });

  it("treats an unreadable cache file as empty", async () => {
    await compilerWithKnownLongVersion(cache, config(), fakeHardhat("0.8.28+commit.7893614a").next);
    await writeFile(longVersionsFile(cache), "{ not json");
    const hardhat = fakeHardhat("0.8.28+commit.7893614a");
    await compilerWithKnownLongVersion(cache, config(), hardhat.next);
    expect(hardhat.calls.created).to.equal(1);
  });

  it("refuses to compile when the loaded compiler's long version is not the remembered one", async () => {
    const file = longVersionsFile(cache);
    const compiler = new KnownSolcJsCompiler(
      "0.8.28",
      "0.8.28+commit.00000000",
      soljson,
      fakeHardhat("0.8.28+commit.7893614a").next,
      file,
    );
    const error = await compiler.compile(input).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include("0.8.28+commit.7893614a").and.include(file);
  });
});

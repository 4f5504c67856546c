import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { AnalyzerError, analyze } from "../../src/analyzer/index.js";
import { compileFixtures } from "./helpers/compile.js";

function thrown(fn: () => unknown): AnalyzerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnalyzerError) return e;
    throw e;
  }
  throw new Error("expected an AnalyzerError");
}

describe("analyzer: bad input", function () {
  const dir = mkdtempSync(path.join(tmpdir(), "analyzer-"));

  it("a truncated build-info names the file and says to recompile", function () {
    const file = path.join(dir, "solc-0_8_28-abc.json");
    writeFileSync(file, '{"input": {"sources": {');
    const error = thrown(() => analyze(file));
    expect(error.kind).to.equal("INVALID_JSON");
    expect(error.message).to.contain(file);
    expect(error.hint).to.contain("recompile");
  });

  it("a non-solc JSON file is refused with the expected formats", function () {
    const file = path.join(dir, "package.json");
    writeFileSync(file, JSON.stringify({ name: "x", version: "1.0.0" }));
    expect(thrown(() => analyze(file)).kind).to.equal("NOT_BUILD_INFO");
  });

  it("a Hardhat 3 input file without its .output.json says where the output should be", function () {
    const file = path.join(dir, "solc-0_8_28-def.json");
    writeFileSync(
      file,
      JSON.stringify({ _format: "hh3-sol-build-info-1", solcVersion: "0.8.28", input: { sources: {} } }),
    );
    const error = thrown(() => analyze(file));
    expect(error.kind).to.equal("MISSING_OUTPUT");
    expect(error.message).to.contain("solc-0_8_28-def.output.json");
  });

  it("solc older than 0.5.13 is unsupported", function () {
    const error = thrown(() =>
      analyze({ file: "old.json", solcVersion: "0.4.24", input: { sources: {} }, output: { sources: {} } }),
    );
    expect(error.kind).to.equal("UNSUPPORTED_SOLC");
    expect(error.message).to.contain("old.json");
  });

  it("loads a Hardhat 3 build-info pair from disk and a Hardhat 2 single file alike", function () {
    const pair = compileFixtures("0.8.28", ["Token.sol"]);
    const hh3 = path.join(dir, "solc-0_8_28-tok.json");
    writeFileSync(hh3, JSON.stringify({ _format: "hh3-sol-build-info-1", solcVersion: "0.8.28", input: pair.input }));
    writeFileSync(
      hh3.replace(/\.json$/, ".output.json"),
      JSON.stringify({ _format: "hh3-sol-build-info-output-1", output: pair.output }),
    );
    const hh2 = path.join(dir, "hh2.json");
    writeFileSync(
      hh2,
      JSON.stringify({ _format: "hh-sol-build-info-1", solcVersion: "0.8.28", input: pair.input, output: pair.output }),
    );
    const a = analyze(hh3, { contracts: ["Token"] });
    const b = analyze(hh2, { contracts: ["Token"] });
    expect(a.contracts[0]?.counts).to.deep.equal(b.contracts[0]?.counts);
    expect(a.contracts[0]?.buildInfo).to.equal(hh3);
    expect(JSON.parse(JSON.stringify(a))).to.deep.equal(a);
  });

  it("no build-info at all is an error, not an empty result", function () {
    expect(thrown(() => analyze([])).kind).to.equal("NO_INPUT");
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";

import { ReportError } from "../../../src/report/errors.js";
import { loadWorkloads } from "../../../src/report/workloads/workload-loader.js";
import { errorOf } from "../../helpers/fixtures.js";

describe("report/workloads: loading workload files", () => {
  let root = "";
  let dir = "";

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-workloads-"));
    dir = path.join(root, "parallel", "workloads");
    mkdirSync(dir, { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reports a file that throws as throwing, with its error and line, not as a missing default export", async () => {
    const file = path.join(dir, "broken.mjs");
    writeFileSync(file, `const ok = 1;\nthrow new TypeError("accounts is not iterable");\nexport default {};\n`);
    const error = await errorOf(() => loadWorkloads([], root, undefined));
    expect(error).to.be.instanceOf(ReportError);
    expect(error.message).to.include(`The workload file ${file} threw while loading (at line 2, column 7)`);
    expect(error.message).to.include("TypeError: accounts is not iterable");
    expect(error.message).to.not.include("does not default-export");
  });

  it("still says so when a file loads but exports no workload", async () => {
    const file = path.join(dir, "empty.mjs");
    writeFileSync(file, `export const notAWorkload = 1;\n`);
    const error = await errorOf(() => loadWorkloads([], root, undefined));
    expect(error.message).to.include(`The workload file ${file} does not default-export a workload`);
    expect(error.message).to.include("the file has no default export");
  });

  it("names each part a default export lacks (a file exporting only { name })", async () => {
    const file = path.join(dir, "partial.mjs");
    writeFileSync(file, `export default { name: "partial", next: 3 };\n`);
    const error = await errorOf(() => loadWorkloads([], root, undefined));
    expect(error.message).to.include("`setup` is missing; `next` is not a function");
    expect(error.message).to.not.include("`name`");
  });

  it("loads a valid workload file", async () => {
    writeFileSync(
      path.join(dir, "fine.mjs"),
      `export default { name: "fine", setup: async () => ({}), next: () => undefined, params: { transactions: 5 } };\n`,
    );
    const [loaded] = await loadWorkloads([], root, undefined);
    expect(loaded?.definition.name).to.equal("fine");
    expect(loaded?.params.transactions).to.equal(5);
  });

  it("refuses params a configured workload could not have, naming the file and each field", async () => {
    const file = path.join(dir, "sized.mjs");
    writeFileSync(
      file,
      `export default { name: "sized", setup: async () => ({}), next: () => undefined, params: { transactions: -5, hotRatio: 2, blocksize: 10 } };\n`,
    );
    const error = await errorOf(() => loadWorkloads([], root, undefined));
    expect(error.message).to.include(`The workload file ${file} has invalid params`);
    expect(error.message).to.include("params.transactions must be a positive integer, got -5");
    expect(error.message).to.include("params.hotRatio must be");
    expect(error.message).to.include("params.blocksize is not a known option");
  });
});

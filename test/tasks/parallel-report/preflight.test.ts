import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { checkBaselineWritable, checkOutDir, formatsOf } from "../../../src/tasks/parallel-report/preflight.js";
import { errorOf } from "../../helpers/fixtures.js";

describe("tasks/parallel-report: checks before the run", () => {
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-preflight-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads --format as the README says: a list, any case, md for markdown, all; the config without it", () => {
    expect(formatsOf(undefined, ["json"])).to.deep.equal(["json"]);
    expect(formatsOf(" HTML, md ", ["json"])).to.deep.equal(["markdown", "html"]);
    expect(formatsOf("all", [])).to.have.length(5);
  });

  it("refuses a --format that names nothing or an unknown format, listing the known ones", () => {
    expect(() => formatsOf(" , ", ["json"])).to.throw("--format names no format");
    expect(() => formatsOf("json,pdf", ["json"])).to.throw("Unknown report format(s) pdf in --format");
  });

  it("makes the output folder and leaves no probe in it", async () => {
    const out = path.join(dir, "a", "b");
    await checkOutDir(out);
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it("refuses an output folder under a file, naming it and the flag", async () => {
    writeFileSync(path.join(dir, "file"), "");
    const error = await errorOf(() => checkOutDir(path.join(dir, "file", "report")));
    expect(error.message).to.include(`Cannot write the report to ${path.join(dir, "file", "report")}`);
    expect(error.message).to.include("--out");
  });

  it("refuses a baseline in a folder that does not exist, naming the setting", async () => {
    const file = path.join(dir, "missing", "parallel-baseline.json");
    const error = await errorOf(() => checkBaselineWritable(file));
    expect(error.message).to.include(`Cannot write the parallel baseline ${file}`);
    expect(error.message).to.include("parallel.baseline");
    await checkBaselineWritable(path.join(dir, "parallel-baseline.json"));
    expect(existsSync(path.join(dir, "parallel-baseline.json"))).to.equal(false);
    expect(readdirSync(dir), "no probe left behind").to.deep.equal([]);
  });
});

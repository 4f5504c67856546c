import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { readBaseline } from "../../../src/report/gate/baseline.js";
import { errorOf } from "../../helpers/fixtures.js";

describe("report/gate: reading the baseline", () => {
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-baseline-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("says a baseline with git merge-conflict markers is one, and how to resolve it", async () => {
    const file = path.join(dir, "parallel-baseline.json");
    writeFileSync(file, '{\n<<<<<<< HEAD\n  "a": 1\n=======\n  "a": 2\n>>>>>>> feature\n}\n');
    const error = await errorOf(() => readBaseline(file));
    expect(error.message).to.include(
      `The parallel baseline ${file} is not valid: it has unresolved git merge-conflict markers`,
    );
    expect(error.message).to.include("--update-baseline");
  });

  it("says an empty file is not JSON", async () => {
    const file = path.join(dir, "parallel-baseline.json");
    writeFileSync(file, "");
    const error = await errorOf(() => readBaseline(file));
    expect(error.message).to.include("is not valid: not JSON");
  });
});

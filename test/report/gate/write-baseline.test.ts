import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";

import { ReportError } from "../../../src/report/errors.js";
import { baselineOf, writeBaseline } from "../../../src/report/gate/baseline.js";
import { errorOf } from "../../helpers/fixtures.js";
import { fixtureReport } from "../render/fixture-report.js";

describe("report/gate: writing the baseline", () => {
  it("writes it, and names the path and the setting when it cannot", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hardhat-parallel-baseline-"));
    try {
      const baseline = baselineOf(fixtureReport());
      const good = path.join(dir, "parallel-baseline.json");
      await writeBaseline(good, baseline);
      expect(JSON.parse(await readFile(good, "utf8"))).to.deep.equal(JSON.parse(JSON.stringify(baseline)));
      // Written through a temporary file renamed over it (Ctrl-C never leaves half a baseline): none is left.
      await writeBaseline(good, baseline);
      expect(await readdir(dir)).to.deep.equal(["parallel-baseline.json"]);
      const file = path.join(dir, "a-file");
      await writeFile(file, "x");
      for (const bad of [path.join(dir, "missing", "base.json"), path.join(file, "base.json")]) {
        const error = await errorOf(() => writeBaseline(bad, baseline));
        expect(error).to.be.instanceOf(ReportError);
        expect(error.message).to.include(`Cannot write the parallel baseline ${bad}`);
        expect(error.message).to.include("Set parallel.baseline in hardhat.config.ts");
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

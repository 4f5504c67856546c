/**
 * `parallel-report` on bad input found by the new-user scenarios (scripts/new-user/bad-input.sh): each is a clear
 * error naming the thing and the fix, before anything runs, never a silent exit 0.
 */
import { existsSync } from "node:fs";

import { expect } from "chai";

import { errorOf } from "../../helpers/fixtures.js";

import { ReportProject } from "./report-project.js";

describe("parallel-report on bad input", function () {
  const project = new ReportProject("tmp-report-bad-input-project");

  before(() => project.create());
  after(() => project.remove());

  it("refuses an --out under a file before compiling anything", async () => {
    const error = await errorOf(() => project.run({ out: "package.json/report" }));
    expect(error.message).to.include("Cannot write the report to package.json/report");
    expect(existsSync(project.file("artifacts"))).to.equal(false);
  });

  for (const format of ["", " , "]) {
    it(`refuses --format ${JSON.stringify(format)}, which names no format, instead of printing and writing nothing`, async () => {
      const error = await errorOf(() => project.run({ format }));
      expect(error.message).to.include("--format names no format");
      expect(error.message).to.include("terminal, json, markdown, html, sarif");
    });
  }
});

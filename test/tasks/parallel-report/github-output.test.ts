import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { annotation, reportToGitHub } from "../../../src/tasks/parallel-report/github-output.js";
import type { ParallelReport } from "../../../src/report/report-model.js";

import { fixtureReport } from "../../report/render/fixture-report.js";

describe("GitHub Actions output", () => {
  it("turns a finding into an error annotation located at the declaration", () => {
    const line = annotation({
      kind: "new-hotspot",
      severity: "error",
      message: "Arena.round is a new hotspot: it serializes 3 function pair(s)\nsecond line",
      source: { file: "contracts/gaming/Arena.sol", line: 31, column: 5 },
      cause: "hot-slot:Arena.round",
      diff: undefined,
    });
    expect(line).to.equal(
      "::error file=contracts/gaming/Arena.sol,line=31,col=5,title=parallel-report new-hotspot::" +
        "Arena.round is a new hotspot: it serializes 3 function pair(s)%0Asecond line",
    );
    expect(
      annotation({
        kind: "improvement",
        severity: "notice",
        message: "better",
        source: undefined,
        cause: "workload:w",
        diff: undefined,
      }),
    ).to.equal("::notice title=parallel-report improvement::better");
  });

  it("prints annotations only on GitHub and appends the Markdown report to the step summary", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "summary-"));
    const summary = path.join(dir, "summary.md");
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const report: ParallelReport = fixtureReport();
      await reportToGitHub(report, { GITHUB_STEP_SUMMARY: summary });
      expect(lines).to.deep.equal([]);
      await reportToGitHub(report, { GITHUB_ACTIONS: "true" });
      expect(lines.length).to.equal(report.check?.findings.length);
      expect(lines.every((l) => l.startsWith("::"))).to.equal(true);
    } finally {
      console.log = original;
    }
    expect(await readFile(summary, "utf8")).to.include("Workload");
    await rm(dir, { recursive: true, force: true });
  });
});

import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { annotation, hintAnnotation, reportToGitHub } from "../../../src/tasks/parallel-report/github-output.js";
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

  it("puts the compact diff on the annotation's second line and the hint in one notice", () => {
    const line = annotation({
      kind: "speedup-drop",
      severity: "error",
      message: "arena-battles: simulated speedup dropped",
      source: undefined,
      cause: "workload:arena-battles",
      diff: { before: "6.20x at 16 threads", after: "0.99x at 16 threads" },
    });
    expect(line).to.equal(
      "::error title=parallel-report speedup-drop::arena-battles: simulated speedup dropped%0Awas 6.20x, now 0.99x at 16 threads",
    );
    expect(hintAnnotation({ passed: false, findings: [], hint: "run --update-baseline, 100%" })).to.deep.equal([
      "::notice title=parallel-report hint::run --update-baseline, 100%25",
    ]);
    expect(hintAnnotation({ passed: true, findings: [], hint: undefined })).to.deep.equal([]);
    expect(hintAnnotation(undefined)).to.deep.equal([]);
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
      expect(lines.length).to.equal((report.check?.findings.length ?? 0) + 1);
      expect(lines.every((l) => l.startsWith("::"))).to.equal(true);
      expect(lines.filter((l) => l.startsWith("::notice title=parallel-report hint::"))).to.have.length(1);
      expect(lines.at(-1)).to.include("parallel-report hint::");
    } finally {
      console.log = original;
    }
    const markdown = await readFile(summary, "utf8");
    expect(markdown).to.include("Workload");
    expect(markdown).to.include("~~6.20x~~ → **0.99x** at 16 threads");
    expect(markdown.split("**Hint:**")).to.have.length(2);
    await rm(dir, { recursive: true, force: true });
  });
});

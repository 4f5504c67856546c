import { expect } from "chai";

import { renderHtml } from "../../../src/report/render/html.js";
import { renderMarkdown } from "../../../src/report/render/markdown.js";
import { renderTerminal } from "../../../src/report/render/terminal.js";
import type { ParallelReport } from "../../../src/report/report-model.js";

import { fixtureReport } from "./fixture-report.js";

/** The fixture with its workload findings as the project's table and its first workload as the test profile. */
function withProfile(): ParallelReport {
  const report = fixtureReport();
  const [battles] = report.workloads;
  if (battles === undefined) throw new Error("fixture without workloads");
  return { ...report, findings: battles.findings, testProfile: { ...battles, transactions: 321 } };
}

describe("report/render: findings table and test-run profile section", () => {
  it("lists each finding once in every format, with its kind, fix, gas cost and speedup gain", () => {
    const report = withProfile();
    const terminal = renderTerminal(report, { level: 0 });
    expect(terminal).to.include("Findings (1)");
    expect(terminal).to.include("[Hot slot] Arena.round  contracts/gaming/Arena.sol:31");
    expect(terminal).to.include("gain: 1.42x → 1.96x @16 threads");
    const markdown = renderMarkdown(report);
    expect(markdown).to.include("| Kind | Where | Source | Share | Fix | Gas cost | Speedup gain |");
    expect(markdown).to.match(/\| Hot slot \| Arena\.round \| contracts\/gaming\/Arena\.sol:31 \| 71\.2 ?% \|/);
    const html = renderHtml(report);
    expect(html).to.include(
      '<details class="findings" id="findings"><summary><h2>Findings <span class="muted">(1)</span></h2>',
    );
    expect(html).to.include("Keep N partitioned counters".replace("Keep", "keep"));
  });

  it("shows the test-run profile in the terminal, Markdown and HTML: conflicting pairs and findings", () => {
    const report = withProfile();
    for (const text of [renderTerminal(report, { level: 0 }), renderMarkdown(report), renderHtml(report)]) {
      expect(text).to.include("Test-run profile: 321 transactions of the project");
      expect(text).to.include("Arena.battle × Arena.rest");
      expect(text).to.not.include("Arena.rest × Arena.rest");
      expect(text).to.include("Findings in the tests");
    }
    const without = fixtureReport();
    expect(renderTerminal(without, { level: 0 })).to.not.include("Test-run profile");
    expect(renderMarkdown(without)).to.not.include("Test-run profile");
    expect(renderHtml(without)).to.not.include('id="test-profile"');
  });
});

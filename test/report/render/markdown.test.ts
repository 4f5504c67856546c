import { expect } from "chai";

import { escapeCell, renderMarkdown } from "../../../src/report/render/markdown.js";
import { fixtureReport } from "./fixture-report.js";

/** The table (consecutive `|` lines) that follows the first line matching `after`. */
function tableAfter(text: string, after: RegExp): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => after.test(line));
  expect(start, String(after)).to.be.greaterThan(-1);
  const first = lines.findIndex((line, at) => at > start && line.startsWith("|"));
  const end = lines.findIndex((line, at) => at > first && !line.startsWith("|"));
  return lines.slice(first, end === -1 ? undefined : end);
}

/** Cells of a table row. */
function cells(row: string | undefined): string[] {
  return (row ?? "")
    .slice(2, -2)
    .split(/ (?<!\\)\| /)
    .map((cell) => cell.trim());
}

describe("report/render: Markdown", () => {
  const markdown = renderMarkdown(fixtureReport());

  it("explains the sharded and measured figures in words under the workload table", () => {
    const table = tableAfter(markdown, /^### Workloads/);
    const after = markdown.split("\n").indexOf(table.at(-1) ?? "") + 2;
    expect(markdown.split("\n")[after]).to.match(/^Sharded is a comparison, not how this plugin runs/);
  });

  it("opens with the verdict as a text marker and the summary table", () => {
    expect(markdown.split("\n")[0]).to.equal("## hardhat-parallel report: **FAIL** (2 errors, 1 warning, 1 notice)");
    const summary = tableAfter(markdown, /^## /);
    expect(summary).to.have.length(3);
    expect(cells(summary[2])).to.deep.equal(["2", "2,400", "1.42x", "1", "0", "0 of 2,400"]);
    const passing = renderMarkdown({ ...fixtureReport(), check: { passed: true, findings: [], hint: undefined } });
    expect(passing).to.match(/^## hardhat-parallel report: \*\*PASS\*\*\n/);
    expect(passing).to.include("No findings.");
    expect(renderMarkdown({ ...fixtureReport(), check: undefined })).to.match(
      /^## hardhat-parallel report \(check not run: `--check` compares with the baseline\)\n/,
    );
  });

  it("lists the check findings, errors first, with their source", () => {
    const findings = tableAfter(markdown, /^### Check: \*\*FAIL\*\*$/);
    expect(findings).to.have.length(2 + 4);
    expect(findings.slice(2).map((row) => cells(row)[0])).to.deep.equal([
      "**ERROR**",
      "**ERROR**",
      "**WARNING**",
      "**NOTICE**",
    ]);
    expect(cells(findings[2])[4]).to.equal("contracts/gaming/Arena.sol:54");
  });

  it("gives each changed figure its compact diff and the hint once, after the findings", () => {
    const findings = tableAfter(markdown, /^### Check: \*\*FAIL\*\*$/);
    expect(cells(findings[0])).to.deep.equal(["Severity", "Kind", "Finding", "Change", "Source"]);
    const hotspot = findings.find((row) => row.includes("new hotspot Arena.round")) ?? "";
    expect(cells(hotspot)[3]).to.equal("~~6.20x~~ → **0.99x** at 16 threads");
    const pair = findings.find((row) => row.includes("now always conflict")) ?? "";
    expect(cells(pair)[3]).to.equal("-");
    const hint = fixtureReport().check?.hint ?? "";
    expect(markdown.split(hint)).to.have.length(2);
    const lines = markdown.split("\n");
    const at = lines.indexOf(`**Hint:** ${hint}`);
    expect(lines[at - 1]).to.equal("");
    expect(lines[at - 2]).to.match(/^\| \*\*NOTICE\*\* \|/);
    const passing = renderMarkdown({ ...fixtureReport(), check: { passed: true, findings: [], hint: undefined } });
    expect(passing).to.not.include("**Hint:**");
  });

  it("has a workload table with one row per workload and one collapsible section per workload", () => {
    const workloads = tableAfter(markdown, /^### Workloads$/);
    expect(workloads).to.have.length(2 + 2);
    expect(cells(workloads[2])).to.deep.equal([
      "arena-battles",
      "1,200",
      "14",
      "1.60x",
      "1.42x",
      "1.30x",
      "Arena.round",
    ]);
    expect(markdown.match(/<details>/g)).to.have.length(2);
    expect(markdown.match(/<\/details>/g)).to.have.length(2);
    expect(markdown).to.include("<summary><b>arena-battles</b>: Block-STM 1.42x @16, 3 hotspots</summary>");
  });

  it("shows per workload a speedup row per thread count, hotspots with file:line, what-if and reverts", () => {
    const speedups = tableAfter(markdown, /<summary><b>arena-battles<\/b>/);
    expect(speedups).to.have.length(2 + 7);
    expect(cells(speedups[3])).to.deep.equal(["2", "1.25x", "1.15x", "1.19x", "1.67x", "1.24x (predicted 1.34x)"]);
    expect(markdown).to.include("| Arena.round | contracts/gaming/Arena.sol:31 | 71.2% | 72,960,418 |");
    expect(markdown).to.include("| Arena.round | partitioned x16 | 1.60x → 2.29x (+42.9%) | 1.42x → 1.96x (+37.9%) |");
    expect(markdown).to.include("Reverted: 14 (9 × KnockedOut(address), 5 × StillTired(uint256)).");
  });

  it("summarizes each contract's static pairs and hotspots", () => {
    const contracts = tableAfter(markdown, /^### Contracts$/);
    expect(contracts).to.have.length(2 + 2);
    expect(cells(contracts[2])[3]).to.equal("battle(address) × battle(address)");
    expect(cells(contracts[3])[6]).to.equal("shardHighScore (contracts/gaming/ArenaParallel.sol:37)");
  });

  it("escapes cells so labels cannot break a table or inject HTML", () => {
    expect(escapeCell("a|b <script> & c\nd")).to.equal("a\\|b &lt;script&gt; &amp; c d");
    const report = fixtureReport();
    const [first, second] = report.workloads;
    if (first === undefined || second === undefined) throw new Error("fixture has two workloads");
    const hotspots = [{ ...first.hotspots[0], label: "X.y[a|b]" }] as typeof first.hotspots;
    const text = renderMarkdown({ ...report, workloads: [{ ...first, hotspots }, second] });
    expect(text).to.include("| X.y[a\\|b] |");
  });

  it("uses no emoji", () => {
    expect(markdown).to.not.match(/\p{Extended_Pictographic}/u);
  });
});

import { expect } from "chai";

import { renderTerminal } from "../../../src/report/render/terminal.js";
import { stripAnsi, visibleWidth } from "../../../src/report/render/table.js";
import { fixtureReport } from "./fixture-report.js";

const ESC = String.fromCharCode(27);

/** Lines of the block that starts with `title` and ends at the first empty line. */
function block(text: string, title: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim().startsWith(title));
  expect(start, `section "${title}"`).to.be.greaterThan(-1);
  const end = lines.findIndex((line, at) => at > start && line.trim() === "");
  return lines.slice(start, end === -1 ? undefined : end);
}

describe("report/render: terminal", () => {
  const plain = renderTerminal(fixtureReport(), { level: 0 });

  it("starts with the summary: workloads, transactions, worst speedup, pairs, unknown, misses, verdict", () => {
    const summary = block(plain, "hardhat-parallel 0.1.0");
    expect(summary[1]).to.match(/Workloads\s+2 \(2,400 transactions\)/);
    expect(summary.join("\n")).to.match(/Worst speedup @16 threads\s+1\.42x Block-STM simulated \(arena-battles\)/);
    expect(summary.join("\n")).to.match(/Always-conflicting pairs\s+1\n/);
    expect(summary.join("\n")).to.match(/Soundness misses\s+0 \(2,400 transactions checked\)/);
    expect(summary.at(-1)).to.match(/Check\s+FAIL \(2 errors, 1 warning, 1 notice\)$/);
  });

  it("says what the analyzer's precision measures and that a loose flag is nothing to fix", () => {
    const contract = (name: string, predicted: number, confirmed: number) => ({
      contract: name,
      predictedPairs: predicted,
      confirmedPairs: confirmed,
      confirmedRate: confirmed / predicted,
      neverConflicting: [],
    });
    const precision = {
      predictedPairs: 1000,
      confirmedPairs: 723,
      confirmedRate: 0.723,
      contracts: [contract("Token", 600, 600), contract("Nft", 400, 123)],
      misses: [],
    };
    const text = renderTerminal({ ...fixtureReport(), precision }, { level: 0 });
    expect(block(text, "hardhat-parallel 0.1.0").join("\n")).to.match(
      /Analyzer flags confirmed +72\.3 % of 1,000 flagged transaction pairs conflicted when run, 0 missed \(a flag means "may conflict": the rest it could not rule out, nothing to fix; lowest Nft 30\.8 %\)/,
    );
    const missed = {
      ...precision,
      misses: [{ contract: "Nft", first: "a", second: "b", transactions: ["0x1", "0x2"] as const, slot: "0x0" }],
    };
    expect(renderTerminal({ ...fixtureReport(), precision: missed }, { level: 0 })).to.include(
      "1 conflicts MISSED (an analyzer bug: please report it with the contract)",
    );
  });

  it("puts the next steps right after the summary: the fix worth most per workload, then the gate", () => {
    const steps = block(plain, "Next steps");
    expect(plain.indexOf("Next steps")).to.be.lessThan(plain.indexOf("Workload arena-battles"));
    expect(steps[1]).to.equal(
      "  - arena-battles (contracts/gaming/Arena.sol:31): Split `round` into per-shard counters summed on read. " +
        "Simulated with that fix (if Arena.round no longer conflicted): Block-STM 1.42x -> 2.10x at 16 threads (+47.8%)",
    );
    expect(steps).to.have.length(3);
    expect(steps[2]).to.equal(
      "  - The check failed: fix, acknowledge or accept each change listed below (see the hint after them).",
    );
    const [first, ...rest] = fixtureReport().workloads;
    if (first === undefined) throw new Error("fixture has workloads");
    const hotspots = first.hotspots.map((h) => ({ ...h, remedy: { ...h.remedy, text: `${h.remedy.text}.` } }));
    const withDot = renderTerminal({ ...fixtureReport(), workloads: [{ ...first, hotspots }, ...rest] }, { level: 0 });
    expect(block(withDot, "Next steps")[1]).to.include("summed on read. Simulated with that fix");
    const notRun = renderTerminal({ ...fixtureReport(), check: undefined }, { level: 0 });
    expect(block(notRun, "Next steps").at(-1)).to.include("then run `npx hardhat parallel-report --check`");
    // Right after `--update-baseline` (and `parallel-init`) the baseline exists: commit it, don't write it again.
    const written = renderTerminal({ ...fixtureReport(), check: undefined }, { level: 0, baselineWritten: true });
    expect(block(written, "Next steps").at(-1)).to.equal(
      "  - Gate it in CI: commit parallel-baseline.json (just written), then run `npx hardhat parallel-report --check`.",
    );
  });

  it("says once, in words, what the sharded and measured figures mean", () => {
    expect(plain.match(/Sharded is a comparison, not how this plugin runs/g)).to.have.length(1);
    expect(plain).to.include(
      "Measured is wall time of this plugin's executor on this machine, usually below its prediction",
    );
    expect(renderTerminal(fixtureReport(), { level: 0, quiet: true })).to.not.include("Sharded is a comparison");
  });

  it("shows the speedup table with the three models, the bound and the measured speedup at its worker count", () => {
    const table = block(plain, "Speedup by threads");
    expect(table[1]).to.match(/threads\s+DAG ideal\s+Block-STM sim\s+sharded\s+bound\s+measured \(block-stm\)/);
    expect(table.slice(3).map((line) => line.trim().split(/\s+/)[0])).to.deep.equal([
      "1",
      "2",
      "4",
      "8",
      "16",
      "32",
      "64",
    ]);
    const two = table.find((line) => line.trim().startsWith("2 "));
    expect(two).to.match(/1\.25x\s+1\.15x\s+\S+\s+1\.67x\s+1\.24x \(predicted 1\.34x\)$/);
  });

  it("lists hotspots with label, file:line, edge share, serialized gas, remedy and acknowledgement", () => {
    expect(plain).to.match(
      /1\s+Arena\.round\s+contracts\/gaming\/Arena\.sol:31\s+71\.2%\s+72,960,418\s+partitioned-counter\s+no/,
    );
    expect(plain).to.match(
      /ArenaParallel\.shardHighScore\[shard\]\s+\S+ArenaParallel\.sol:37.*yes: 16 shards bound contention/,
    );
    expect(plain).to.include("Arena.round: Split `round` into per-shard counters summed on read");
    expect(plain).to.match(
      /Arena\.round\s+partitioned x16\s+1\.60x -> 2\.29x \(\+42\.9%\)\s+1\.42x -> 1\.96x \(\+37\.9%\)/,
    );
    expect(plain).to.include("Reverted: 14 of 1,200");
    expect(plain).to.include("9 x KnockedOut(address)");
  });

  it("draws each contract's static matrix as a letter grid with a legend, and static hotspots", () => {
    const grid = block(plain, "Contract ArenaParallel");
    expect(grid).to.include("    2. players(address)  K  .  K  K");
    expect(grid.join("\n")).to.include("legend: A always, K key-dependent, C commutative-only, ? unknown, . none");
    expect(block(plain, "Contract Arena ")).to.include("    1. battle(address)  A  K  K");
    expect(plain).to.match(/round\s+contracts\/gaming\/Arena\.sol:31\s+1\s+partitioned-counter/);
  });

  it("lists a large contract's non-none pairs instead of a grid", () => {
    const report = fixtureReport();
    const functions = Array.from({ length: 13 }, (_, at) => `f${at}()`);
    const pairs = [{ first: "f0()", second: "f1()", conflict: "always", condition: "always on x", variables: ["x"] }];
    const big = { ...report, contracts: [{ ...report.contracts[0], name: "Big", functions, pairs }] } as typeof report;
    const text = renderTerminal(big, { level: 0 });
    expect(text).to.match(/always\s+f0\(\) x f1\(\)\s+x\s+always on x/);
    expect(text).to.not.include("legend:");
  });

  it("ends with the check findings, errors first, with severity words and file:line", () => {
    const findings = block(plain, "Check findings (4)");
    const marked = findings.slice(1).filter((line) => line.trim().startsWith("["));
    expect(marked.map((line) => line.trim().split(" ")[0])).to.deep.equal([
      "[ERROR]",
      "[ERROR]",
      "[WARNING]",
      "[NOTICE]",
    ]);
    expect(findings[1]).to.include("(contracts/gaming/Arena.sol:54)");
  });

  it("draws the compact diff under each changed figure and the hint once, at the end", () => {
    const findings = block(plain, "Check findings (4)");
    const hotspot = findings.findIndex((line) => line.includes("new hotspot Arena.round"));
    expect(findings[hotspot + 1]).to.equal("      was 6.20x, now 0.99x at 16 threads");
    const drop = findings.findIndex((line) => line.includes("[WARNING]"));
    expect(findings[drop + 1]).to.equal("      was 12.10x, now 11.42x at 16 threads");
    expect(findings.filter((line) => line.trim().startsWith("was "))).to.have.length(2);
    const hint = fixtureReport().check?.hint ?? "";
    expect(plain.split(hint)).to.have.length(2);
    expect(plain.trimEnd().split("\n").at(-1)).to.equal(`Hint: ${hint}`);
    const coloured = renderTerminal(fixtureReport(), { level: 1 });
    expect(coloured).to.include(`was ${ESC}[31m6.20x`);
    expect(coloured).to.include(`now ${ESC}[32m0.99x`);
  });

  it("quiet mode prints the summary, the failures with their diffs and the other check lines without", () => {
    const quiet = renderTerminal(fixtureReport(), { level: 0, quiet: true });
    expect(quiet).to.include("Check                      FAIL");
    expect(quiet).to.include("[ERROR] arena-battles: new hotspot Arena.round");
    expect(quiet).to.include(
      "[ERROR] arena-battles: new hotspot Arena.round (71.2% of dependency edges) (contracts/gaming/Arena.sol:31)\n      was 6.20x, now 0.99x at 16 threads\n",
    );
    expect(quiet).to.include("Warnings and notices\n  [WARNING] arena-battles-parallel: Block-STM speedup");
    expect(quiet).to.include("[NOTICE] arena-battles-parallel: 1 hotspot fewer");
    expect(quiet).to.not.include("- 12.10x");
    const hint = fixtureReport().check?.hint ?? "";
    expect(quiet.split(`Hint: ${hint}`)).to.have.length(2);
    expect(quiet.indexOf(`Hint: ${hint}`)).to.be.greaterThan(quiet.indexOf("Failures"));
    expect(quiet).to.not.include("Speedup by threads");
    expect(quiet).to.not.include("Hotspots (");
    expect(quiet).to.not.include("legend:");
    expect(quiet).to.include("Next steps");
    const passing = { ...fixtureReport(), check: { passed: true, findings: [], hint: undefined } };
    expect(renderTerminal(passing, { level: 0, quiet: true })).to.not.include("Failures");
    expect(renderTerminal(passing, { level: 0, quiet: true })).to.not.include("Hint:");
  });

  it("colours only on request, and aligns tables by visible width when coloured", () => {
    expect(plain).to.not.include(ESC);
    const coloured = renderTerminal(fixtureReport(), { level: 1 });
    expect(coloured).to.include(`${ESC}[31m`);
    expect(stripAnsi(coloured)).to.equal(plain);
    const rows = block(coloured, "Hotspots (3)").filter((line) => line.includes("contracts/"));
    expect(rows).to.have.length(3);
    expect(rows[0]).to.include(ESC);
    expect(new Set(rows.map((line) => stripAnsi(line).indexOf("contracts/"))).size).to.equal(1);
    expect(visibleWidth(`${ESC}[1mabc${ESC}[22m`)).to.equal(3);
  });

  it("says when --check was not run and shows soundness misses as failures", () => {
    const miss = {
      contract: "Arena",
      function: "battle(address)",
      slot: "0x05",
      transaction: "0xabc",
      access: "write" as const,
    };
    const report = { ...fixtureReport(), check: undefined, soundness: { checkedTransactions: 10, misses: [miss] } };
    const quiet = renderTerminal(report, { level: 0, quiet: true });
    expect(quiet).to.match(/Check\s+not run \(use --check\)/);
    expect(quiet).to.include("[MISS] Arena.battle(address) write of slot 0x05 not predicted (tx 0xabc)");
  });

  it("says what to do when nothing was compiled, and when no workload ran", () => {
    const empty = { ...fixtureReport(), contracts: [], workloads: [], check: undefined };
    expect(renderTerminal(empty, { level: 0, quiet: true })).to.include(
      "  - No contract was compiled: add Solidity sources to the project (contracts/), then run this again.",
    );
    const staticOnly = { ...fixtureReport(), workloads: [], check: undefined };
    expect(renderTerminal(staticOnly, { level: 0, quiet: true })).to.include(
      "Static analysis only (no workload): `npx hardhat parallel-init` writes one per contract.",
    );
  });

  it("points at --check, not at writing a baseline, when one exists and the run did not check", () => {
    const unchecked = { ...fixtureReport(), check: undefined };
    expect(renderTerminal(unchecked, { level: 0, quiet: true, baselineExists: true })).to.include(
      "  - Compare with the baseline: `npx hardhat parallel-report --check` (what CI runs).",
    );
    expect(renderTerminal(unchecked, { level: 0, quiet: true })).to.include("Gate it in CI: commit the baseline");
  });

  it("prints at most 12 contract matrices, the busiest first, and names the rest with where to find them", () => {
    const base = fixtureReport();
    const [arena] = base.contracts;
    if (arena === undefined) throw new Error("fixture has contracts");
    const quiet = { ...arena, counts: { ...arena.counts, always: 0 }, hotspots: [] };
    const many = Array.from({ length: 40 }, (_, i) => ({ ...quiet, name: `Vault${i + 1}` }));
    const busy = { ...arena, name: "Hot", counts: { ...arena.counts, always: 5 } };
    const text = renderTerminal({ ...base, contracts: [...many, busy] }, { level: 0 });
    const headers = text.split("\n").filter((line) => line.startsWith("Contract "));
    expect(headers).to.have.length(12);
    expect(headers[0]).to.match(/^Contract Hot /);
    // Natural order among equals: Vault2 before Vault10.
    expect(headers.slice(1, 4).map((h) => h.split(" ")[1])).to.deep.equal(["Vault1", "Vault2", "Vault3"]);
    expect(text).to.include(
      "29 more contracts (Vault12, Vault13, Vault14, Vault15, Vault16, Vault17, Vault18, Vault19 and 21 more): their conflict matrices and hotspots are in the Markdown, HTML and JSON reports",
    );
    const few = renderTerminal({ ...base, contracts: many.slice(0, 12) }, { level: 0 });
    expect(few).to.not.include("more contracts");
  });
});

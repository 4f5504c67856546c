import { expect } from "chai";

import { baselineOf, baselineProblem, type Baseline } from "../../../src/report/gate/baseline.js";
import { checkAgainstBaseline } from "../../../src/report/gate/check.js";
import { renderMarkdown } from "../../../src/report/render/markdown.js";
import { renderTerminal } from "../../../src/report/render/terminal.js";
import type { ParallelReport, WorkloadReport } from "../../../src/report/report-model.js";

import { fixtureReport } from "../render/fixture-report.js";

const TOLERANCE = 0.05;

function scaled(w: WorkloadReport, factor: number): WorkloadReport {
  return { ...w, speedups: w.speedups.map((s) => ({ ...s, blockStm: s.blockStm * factor })) };
}

/** The fixture report with its workloads' speedups scaled (the baseline stays the unscaled one). */
function withSpeedups(factor: number, findings?: WorkloadReport["findings"]): ParallelReport {
  const report = fixtureReport();
  return {
    ...report,
    workloads: report.workloads.map((w) => ({ ...scaled(w, factor), findings: findings ?? w.findings })),
  };
}

describe("report/gate: --check against the baseline", () => {
  const baseline: Baseline = baselineOf(fixtureReport());

  it("finds nothing, and gives no hint, when nothing changed", () => {
    const result = checkAgainstBaseline(fixtureReport(), baseline, TOLERANCE);
    expect(result).to.deep.equal({ passed: true, findings: [], hint: undefined });
  });

  it("reports a speedup drop no finding explains once per workload, not once per thread count", () => {
    const result = checkAgainstBaseline(withSpeedups(0.5), baseline, TOLERANCE);
    expect(result.passed).to.equal(false);
    expect(result.findings.map((f) => f.cause)).to.deep.equal([
      "workload:arena-battles",
      "workload:arena-battles-parallel",
    ]);
    expect(result.findings[0]?.diff?.before).to.match(/x at \d+ threads$/);
    expect(result.hint).to.include("--update-baseline");
  });

  it("renders each drop's compact diff under its line and the hint once, in the terminal and in Markdown", () => {
    const report = withSpeedups(0.5);
    const check = checkAgainstBaseline(report, baseline, TOLERANCE);
    const hint = check.hint ?? "";
    expect(hint).to.include("@custom:parallel-allow");
    for (const quiet of [false, true]) {
      const text = renderTerminal({ ...report, check }, { level: 0, quiet });
      const lines = text.split("\n");
      for (const finding of check.findings) {
        const at = lines.findIndex((line) => line.includes(finding.message));
        expect(at).to.be.greaterThan(-1);
        const [before = "", after = ""] = [finding.diff?.before.split(" ")[0], finding.diff?.after.split(" ")[0]];
        expect(before).to.match(/^\d+\.\d\dx$/);
        expect(lines[at + 1]).to.match(/^ {6}was \S+, now \S+ at \d+ threads$/);
        expect(lines[at + 1]).to.include(`was ${before}, now ${after} at `);
      }
      expect(text.split(hint)).to.have.length(2);
      expect(lines.filter((line) => line.startsWith("Hint: "))).to.have.length(1);
    }
    const markdown = renderMarkdown({ ...report, check });
    expect(markdown.split(hint)).to.have.length(2);
    expect(markdown.match(/\| ~~\d+\.\d+x~~ → \*\*\d+\.\d+x\*\* at \d+ threads \|/g)).to.have.length(
      check.findings.length,
    );
  });

  it("folds a drop into the new finding that causes it, and an acknowledgement makes all of it a warning", () => {
    const report = fixtureReport();
    const [finding] = report.workloads[0]?.findings ?? [];
    if (finding === undefined) throw new Error("fixture without a finding");
    const old = baselineOf({ ...report, workloads: report.workloads.map((w) => ({ ...w, findings: [] })) });
    const failing = checkAgainstBaseline(withSpeedups(0.5), old, TOLERANCE);
    const line = failing.findings.find((f) => f.cause === finding.id);
    expect(line?.severity).to.equal("error");
    expect(line?.message).to.include("Arena.round");
    expect(line?.message).to.include("Fix: ");
    expect(line?.diff).to.not.equal(undefined);
    expect(failing.findings.filter((f) => f.cause === "workload:arena-battles")).to.deep.equal([]);
    const acknowledged = checkAgainstBaseline(
      withSpeedups(0.5, [{ ...finding, acknowledged: "by design" }]),
      old,
      TOLERANCE,
    );
    const warned = acknowledged.findings.find((f) => f.cause === finding.id);
    expect(warned?.severity).to.equal("warning");
    expect(warned?.message).to.include("acknowledged: by design");
  });

  it("shows a new per-user hot key with nothing to change in the contract as a notice, never a failure", () => {
    const report = fixtureReport();
    const [finding] = report.workloads[0]?.findings ?? [];
    if (finding === undefined) throw new Error("fixture without a finding");
    const perUser = { ...finding, kind: "hot-key" as const, remedy: { kind: "none" as const, text: "per-user state" } };
    const old = baselineOf({ ...report, workloads: report.workloads.map((w) => ({ ...w, findings: [] })) });
    const result = checkAgainstBaseline(
      { ...report, workloads: report.workloads.map((w, i) => (i === 0 ? { ...w, findings: [perUser] } : w)) },
      old,
      TOLERANCE,
    );
    const line = result.findings.find((f) => f.cause === perUser.id);
    expect(line?.severity).to.equal("notice");
    expect(result.passed).to.equal(true);
  });

  it("recognises a renamed variable by its storage position: a notice, never a failure", () => {
    const report = fixtureReport();
    const rename = (r: ParallelReport, slot?: string): ParallelReport =>
      JSON.parse(
        JSON.stringify(r)
          .replace(/Arena\.round\b/g, "Arena.roundNumber")
          .replace(/"round"/g, '"roundNumber"')
          .replace(/"round\(\)"/g, '"roundNumber()"')
          .replace(/"1:0:t_uint256"/g, `"${slot ?? "1:0:t_uint256"}"`),
      ) as ParallelReport;
    const renamed = checkAgainstBaseline(rename(report), baseline, TOLERANCE);
    expect(renamed.passed).to.equal(true);
    expect(renamed.findings.map((f) => `${f.severity} ${f.kind} ${f.cause}`)).to.deep.equal([
      "notice renamed hot-slot:Arena.roundNumber",
    ]);
    expect(renamed.findings[0]?.message).to.include("renamed from Arena.round (same storage position)");
    expect(renamed.findings[0]?.message).to.not.include("Fix:");
    expect(renamed.findings[0]?.message).to.match(/parallelism\.$/);
    expect(renamed.hint).to.include("Nothing regressed");
    // Another storage position is another variable: a new hotspot, as before.
    const moved = checkAgainstBaseline(rename(report, "9:0:t_uint256"), baseline, TOLERANCE);
    expect(moved.passed).to.equal(false);
    expect(moved.findings.map((f) => `${f.severity} ${f.kind}`)).to.include("error new-hotspot");
    // A baseline from before storage positions were recorded: no rename is guessed.
    const contracts = Object.fromEntries(
      Object.entries(baseline.contracts).map(([k, { findingSlots: _slots, ...c }]) => [k, c]),
    );
    const older = checkAgainstBaseline(rename(report), { ...baseline, contracts }, TOLERANCE);
    expect(older.passed).to.equal(false);
    expect(baselineProblem({ ...baseline, contracts })).to.equal(undefined);
  });

  it("recognises a renamed function by its always pairs: one notice, never a failure", () => {
    const report = fixtureReport();
    const renamed = JSON.parse(
      JSON.stringify(report).replace(/battle\(address\)/g, "fight(address)"),
    ) as ParallelReport;
    const result = checkAgainstBaseline(renamed, baseline, TOLERANCE);
    expect(result.passed).to.equal(true);
    expect(result.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      "notice renamed Arena: function battle(address) renamed to fight(address) (the same always-conflicting pairs): nothing changed for parallelism",
    ]);
    // A new function with other parameters is another function: its always pair is reported (a warning, the
    // speedup gate judges its effect), and the baseline's pair that is gone is an improvement.
    const other = JSON.parse(JSON.stringify(report).replace(/battle\(address\)/g, "fight(uint256)")) as ParallelReport;
    const kinds = checkAgainstBaseline(other, baseline, TOLERANCE).findings.map((f) => `${f.severity} ${f.kind}`);
    expect(kinds).to.include("warning new-always-pair");
    expect(kinds).to.not.include("notice renamed");
  });

  it("shows a new contract's findings as warnings and a deleted contract as a notice: new code regresses nothing", () => {
    const report = fixtureReport();
    const { Arena: _arena, ...withoutArena } = baseline.contracts;
    const added = checkAgainstBaseline(report, { ...baseline, contracts: withoutArena }, TOLERANCE);
    expect(added.passed).to.equal(true);
    const lines = added.findings.map((f) => `${f.severity} ${f.kind} ${f.cause}`);
    expect(lines).to.include("warning new-contract contract:Arena");
    expect(lines).to.include("warning new-hotspot hot-slot:Arena.round");
    expect(added.findings.find((f) => f.kind === "new-contract")?.message).to.include(
      "its findings are warnings until `--update-baseline` records it",
    );
    const gone = checkAgainstBaseline(
      { ...report, contracts: report.contracts.filter((c) => c.name !== "Arena") },
      baseline,
      TOLERANCE,
    );
    expect(gone.passed).to.equal(true);
    expect(gone.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      "notice removed-contract Arena: in the baseline but no longer compiled (deleted or renamed)",
    ]);
    expect(gone.hint).to.include("Nothing regressed");
  });

  it("says of a new contract no workload calls that its speedup is unmeasured, and how to add a workload", () => {
    const report = fixtureReport();
    const { Arena: _arena, ...withoutArena } = baseline.contracts;
    const newArena = { ...baseline, contracts: withoutArena };
    const message = (r: ParallelReport, allWorkloads = true): string =>
      checkAgainstBaseline(r, newArena, TOLERANCE, { allWorkloads }).findings.find((f) => f.kind === "new-contract")
        ?.message ?? "";
    const unmeasured = "no workload calls it, so its speedup is not measured (`npx hardhat parallel-init`";
    expect(report.workloads.some((w) => w.contracts.includes("Arena"))).to.equal(true);
    expect(message(report)).to.not.include(unmeasured);
    const notCalled = { ...report, workloads: report.workloads.filter((w) => !w.contracts.includes("Arena")) };
    expect(notCalled.workloads).to.not.have.length(0);
    expect(message(notCalled)).to.include(unmeasured);
    // A run that left workloads out (--workload) or ran none (--static) cannot tell.
    expect(message(notCalled, false)).to.not.include(unmeasured);
    expect(message({ ...notCalled, mode: "static", workloads: [] })).to.not.include(unmeasured);
    // A workload that deploys it by its fully qualified name calls it.
    const qualified = {
      ...notCalled,
      workloads: notCalled.workloads.map((w) => ({ ...w, contracts: [...w.contracts, "contracts/Arena.sol:Arena"] })),
    };
    expect(message(qualified)).to.not.include(unmeasured);
    // A base split out of a called contract in its file (every function of it is the called one's) runs in
    // that contract's workload; the same functions in another file are another contract.
    const arena = report.contracts.find((c) => c.name === "Arena");
    const called = notCalled.workloads.flatMap((w) => w.contracts);
    const host = report.contracts.find((c) => called.includes(c.name));
    if (arena === undefined || host === undefined) throw new Error("the fixture report lacks its two contracts");
    const base = { ...arena, functions: host.functions.slice(0, 2), sourceName: host.sourceName };
    const split = { ...notCalled, contracts: notCalled.contracts.map((c) => (c.name === "Arena" ? base : c)) };
    expect(message(split)).to.not.include(unmeasured);
    const elsewhere = {
      ...split,
      contracts: split.contracts.map((c) => (c.name === "Arena" ? { ...base, sourceName: "contracts/Other.sol" } : c)),
    };
    expect(message(elsewhere)).to.include(unmeasured);
    // An abstract base in a file of its own: no workload deploys it on its own, so nothing to add.
    const abstractElsewhere = {
      ...elsewhere,
      contracts: elsewhere.contracts.map((c) => (c.name === "Arena" ? { ...c, kind: "abstract" as const } : c)),
    };
    expect(message(abstractElsewhere)).to.include("new contract").and.not.include(unmeasured);
  });

  it("shows a base split out of a contract, with that contract's findings, as one notice: nothing regressed", () => {
    const report = fixtureReport();
    const arena = report.contracts.find((c) => c.name === "Arena");
    if (arena === undefined) throw new Error("the fixture report lacks Arena");
    const asBase = (id: string): string => id.replace(":Arena.", ":ArenaBase.");
    const base = {
      ...arena,
      name: "ArenaBase",
      findings: arena.findings.map((f) => ({ ...f, id: asBase(f.id), contract: "ArenaBase" })),
    };
    const [first] = base.findings;
    if (first === undefined) throw new Error("the fixture's Arena has no finding");
    const split = { ...report, contracts: [...report.contracts, base] };
    const result = checkAgainstBaseline(split, baseline, TOLERANCE);
    expect(result.findings.map((f) => `${f.severity} ${f.kind} ${f.cause}`)).to.deep.equal([
      "notice new-contract contract:ArenaBase",
    ]);
    expect(result.findings[0]?.message).to.include("a base split out of Arena");
    expect(result.hint).to.include("Nothing regressed");
    // A finding Arena's baseline lacks, or the same contract in another file: a new contract, as before.
    const extra = { ...base, findings: [...base.findings, { ...first, id: "hot-slot:ArenaBase.other" }] };
    const elsewhere = { ...base, sourceName: "contracts/ArenaBase.sol" };
    for (const other of [extra, elsewhere]) {
      const kinds = checkAgainstBaseline(
        { ...report, contracts: [...report.contracts, other] },
        baseline,
        TOLERANCE,
      ).findings.map((f) => `${f.severity} ${f.kind} ${f.cause}`);
      expect(kinds).to.include("warning new-contract contract:ArenaBase");
      expect(kinds.filter((k) => k.includes("new-hotspot"))).to.not.have.length(0);
    }
  });

  it("notes a baseline workload that no longer exists, unless the run left workloads out on purpose", () => {
    const report = fixtureReport();
    const one = { ...report, workloads: report.workloads.slice(0, 1) };
    const gone = report.workloads[1]?.name ?? "";
    const result = checkAgainstBaseline(one, baseline, TOLERANCE);
    expect(result.passed).to.equal(true);
    expect(result.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      `notice removed-workload ${gone}: in the baseline but no longer among the project's workloads (deleted or renamed)`,
    ]);
    expect(checkAgainstBaseline(one, baseline, TOLERANCE, { allWorkloads: false }).findings).to.deep.equal([]);
    const none = checkAgainstBaseline({ ...report, workloads: [], mode: "static" }, baseline, TOLERANCE);
    expect(none.findings.map((f) => f.message)).to.include(
      `${gone}: in the baseline, but the project has no workload any more (this run was static), so its figures were not compared`,
    );
  });

  it("calls only real improvements improvements: a new workload is a warning, a faster one a notice", () => {
    const report = fixtureReport();
    const renamed = { ...report, workloads: [{ ...(report.workloads[0] as WorkloadReport), name: "fresh" }] };
    const fresh = checkAgainstBaseline(renamed, baseline, TOLERANCE);
    expect(fresh.findings.map((f) => `${f.severity} ${f.kind}`)).to.deep.equal([
      "warning new-workload",
      "notice removed-workload",
      "notice removed-workload",
    ]);
    expect(fresh.hint).to.not.include("Improvements found");
    const faster = checkAgainstBaseline(withSpeedups(2), baseline, TOLERANCE);
    expect(faster.passed).to.equal(true);
    expect(faster.findings.every((f) => f.kind === "improvement" && f.severity === "notice")).to.equal(true);
    expect(faster.hint).to.include("Improvements found");
  });

  it("validates the baseline strictly: versions, numbers, empty tables and unknown fields", () => {
    expect(baselineProblem(baseline)).to.equal(undefined);
    const copy = JSON.parse(JSON.stringify(baseline)) as Record<string, unknown> & {
      workloads: Record<string, { speedup: { blockStm: Record<string, unknown> } }>;
    };
    expect(baselineProblem({ ...copy, schemaVersion: 1 })).to.include("older hardhat-parallel");
    expect(baselineProblem({ ...copy, extra: true })).to.equal("baseline.extra is not a known field");
    const battles = copy.workloads["arena-battles"];
    if (battles === undefined) throw new Error("fixture baseline without arena-battles");
    battles.speedup.blockStm["16"] = "6.2";
    expect(baselineProblem(copy)).to.include('blockStm.16 is "6.2", expected a speedup > 0');
    battles.speedup.blockStm = {};
    expect(baselineProblem(copy)).to.include("blockStm is empty");
  });
});

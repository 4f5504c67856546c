import { expect } from "chai";

import { renderMarkdown } from "../../../src/report/render/markdown.js";
import { renderTerminal } from "../../../src/report/render/terminal.js";
import { TOGETHER_REMEDY, whatIfRowLabel, workloadHeadline } from "../../../src/report/render/workload-headline.js";
import type { WorkloadReport } from "../../../src/report/report-model.js";
import { TOGETHER } from "../../../src/report/simulate/what-if.js";

import { fixtureReport } from "./fixture-report.js";

type Row = WorkloadReport["whatIf"][number];

function row(location: string, label: string, before: number, after: number): Row {
  const change = { before, after, gain: after / before };
  return {
    location,
    label,
    fix: "commutative",
    parts: null,
    threads: 16,
    dag: change,
    blockStm: change,
    criticalPathRatio: { before: 1, after: 1 },
  };
}

describe("report/render: the workload headline", () => {
  const workload = fixtureReport().workloads[0] as WorkloadReport;

  it("proposes fixing hotspots together only when no single fix pays and a contract change could fix each", () => {
    const together = row(`a${TOGETHER}b`, `Vault.lastAccrual${TOGETHER}Vault.totalShares`, 1.6, 9.5);
    const spot = workload.hotspots[0];
    if (spot === undefined) throw new Error("the fixture workload has no hotspot");
    const spots = (remedy: { kind: "none" | "spread-load" | "partitioned-counter"; text: string }) =>
      ["a", "b"].map((location, i) => ({
        ...spot,
        location,
        label: ["Vault.lastAccrual", "Vault.totalShares"][i] ?? location,
        declaration: { file: "contracts/Vault.sol", line: 5 + i, column: 5 },
        remedy,
      }));
    const lonely = {
      ...workload,
      hotspots: spots({ kind: "partitioned-counter", text: "Vault.x is one global slot: keep N counters." }),
      whatIf: [row("a", "Vault.lastAccrual", 1.6, 1.6), row("b", "Vault.totalShares", 1.6, 1.61), together],
    };
    const fix = workloadHeadline(lonely).fix;
    expect(fix).to.deep.include({ label: together.label, fix: "commutative, all together" });
    // Each hotspot with its line and the change it needs, not "see Findings".
    expect(fix?.remedy).to.equal(
      `${TOGETHER_REMEDY} — Vault.lastAccrual (contracts/Vault.sol:5): keep N counters; ` +
        "Vault.totalShares (contracts/Vault.sol:6): keep N counters.",
    );
    expect(fix?.after).to.equal(9.5);
    // Not a pool's reserves (inherent to the pool), not per-user state (nothing to change).
    const reserves = spots({ kind: "spread-load", text: "a pool's price state, which is inherent to the pool" });
    expect(workloadHeadline({ ...lonely, hotspots: reserves }).fix).to.equal(undefined);
    const perUser = spots({ kind: "none", text: "per-user state already" });
    expect(workloadHeadline({ ...lonely, hotspots: perUser }).fix).to.equal(undefined);
    // One fix that pays on its own wins, even against a larger gain together.
    const paying = { ...lonely, whatIf: [row("a", "Vault.lastAccrual", 1.6, 4), together] };
    expect(workloadHeadline(paying).fix).to.deep.include({
      label: "Vault.lastAccrual",
      where: "contracts/Vault.sol:5",
    });
  });

  it("names the row fixing every hotspot above at once by what it is, not by their joined labels", () => {
    const together = row(`a${TOGETHER}b`, `Vault.lastAccrual${TOGETHER}Vault.totalShares`, 1.6, 9.5);
    const rows = [row("a", "Vault.lastAccrual", 1.6, 1.6), row("b", "Vault.totalShares", 1.6, 1.61), together];
    const w = { ...workload, whatIf: rows };
    expect(whatIfRowLabel(w, together)).to.equal("all 2 above together");
    // A joined row whose parts are not all rows above keeps its labels.
    expect(whatIfRowLabel({ ...w, whatIf: [rows[0] as Row, together] }, together)).to.equal(together.label);
    const report = { ...fixtureReport(), workloads: [w] };
    for (const text of [renderTerminal(report, { level: 0 }), renderMarkdown(report)]) {
      expect(text).to.match(/all 2 above together/);
      expect(text).to.not.include(together.label);
    }
  });
});

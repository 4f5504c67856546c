import { expect } from "chai";

import { baselineOf, type Baseline } from "../../../src/report/gate/baseline.js";
import { checkAgainstBaseline } from "../../../src/report/gate/check.js";
import type { ParallelReport, WorkloadReport } from "../../../src/report/report-model.js";

import { fixtureReport } from "../render/fixture-report.js";

const TOLERANCE = 0.05;

/** The fixture report with its first workload renamed (and its Block-STM speedups scaled by `factor`). */
function renamedFirst(name: string, factor = 1): ParallelReport {
  const report = fixtureReport();
  const [first, ...rest] = report.workloads as [WorkloadReport, ...WorkloadReport[]];
  const speedups = first.speedups.map((s) => ({ ...s, blockStm: s.blockStm * factor }));
  return { ...report, workloads: [{ ...first, name, speedups }, ...rest] };
}

function lines(report: ParallelReport, baseline: Baseline, allWorkloads = true): string[] {
  return checkAgainstBaseline(report, baseline, TOLERANCE, { allWorkloads }).findings.map(
    (f) => `${f.severity} ${f.kind} ${f.message}`,
  );
}

describe("report/gate: renamed workloads", () => {
  const baseline = baselineOf(fixtureReport());
  const old = fixtureReport().workloads[0]?.name ?? "";

  it("compares a renamed workload with its old name's figures and says so in one notice", () => {
    const result = checkAgainstBaseline(renamedFirst("battles-v2"), baseline, TOLERANCE);
    expect(result.passed).to.equal(true);
    expect(result.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      `notice renamed battles-v2: renamed from ${old} (the only workload gone from the baseline with its 1200 transactions): compared with the baseline figures of ${old}`,
    ]);
  });

  it("fails a renamed workload that also got slower, where a new workload would only warn", () => {
    const result = checkAgainstBaseline(renamedFirst("battles-v2", 0.5), baseline, TOLERANCE);
    expect(result.passed).to.equal(false);
    const [drop] = result.findings;
    expect(drop?.severity).to.equal("error");
    expect(drop?.kind).to.equal("speedup-drop");
    expect(drop?.message).to.include("renamed from");
    expect(drop?.message).to.include("simulated speedup");
  });

  it("guesses nothing when the transaction counts do not single the pair out", () => {
    const report = renamedFirst("battles-v2");
    const second = report.workloads[1] as WorkloadReport;
    const both = { ...report, workloads: [report.workloads[0] as WorkloadReport, { ...second, name: "other-v2" }] };
    const kinds = lines(both, baseline).map((l) => l.split(" ").slice(0, 2).join(" "));
    expect(kinds).to.deep.equal([
      "warning new-workload",
      "warning new-workload",
      "notice removed-workload",
      "notice removed-workload",
    ]);
    const counted = renamedFirst("battles-v2");
    const changed = {
      ...counted,
      workloads: counted.workloads.map((w, at) => (at === 0 ? { ...w, transactions: 7 } : w)),
    };
    expect(lines(changed, baseline).map((l) => l.split(" ").slice(0, 2).join(" "))).to.deep.equal([
      "warning new-workload",
      "notice removed-workload",
    ]);
  });

  it("does not pair workloads when the run left some out on purpose (--workload)", () => {
    expect(lines(renamedFirst("battles-v2"), baseline, false)).to.deep.equal([
      "warning new-workload battles-v2: new workload battles-v2 not in the baseline",
    ]);
  });
});

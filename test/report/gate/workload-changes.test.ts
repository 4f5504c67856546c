import { expect } from "chai";

import { baselineOf, baselineProblem, type Baseline } from "../../../src/report/gate/baseline.js";
import { checkAgainstBaseline } from "../../../src/report/gate/check.js";
import type { ParallelReport, WorkloadReport } from "../../../src/report/report-model.js";

import { fixtureReport } from "../render/fixture-report.js";

const TOLERANCE = 0.05;

/** The fixture report with its first workload's parameters changed and its Block-STM speedups scaled. */
function firstChanged(parameters: WorkloadReport["parameters"], factor: number, transactions?: number): ParallelReport {
  const report = fixtureReport();
  const [first, ...rest] = report.workloads as [WorkloadReport, ...WorkloadReport[]];
  const speedups = first.speedups.map((s) => ({ ...s, blockStm: s.blockStm * factor }));
  const changed = { ...first, parameters: { ...first.parameters, ...parameters }, speedups };
  return { ...report, workloads: [{ ...changed, transactions: transactions ?? first.transactions }, ...rest] };
}

function lines(report: ParallelReport, baseline: Baseline): string[] {
  return checkAgainstBaseline(report, baseline, TOLERANCE).findings.map((f) => `${f.severity} ${f.kind} ${f.message}`);
}

describe("report/gate: a workload whose parameters changed", () => {
  const baseline = baselineOf(fixtureReport());
  const name = fixtureReport().workloads[0]?.name ?? "";

  it("records each workload's parameters in the baseline, in key order", () => {
    expect(Object.keys(baseline.workloads[name]?.parameters ?? {})).to.deep.equal([
      "accounts",
      "blockSize",
      "hotRatio",
      "seed",
      "transactions",
    ]);
  });

  it("reads a drop after the user edited the workload as a new experiment: a warning naming the change, no failure", () => {
    const result = checkAgainstBaseline(firstChanged({ transactions: 2400 }, 0.5, 2400), baseline, TOLERANCE);
    expect(result.passed).to.equal(true);
    const [line, ...others] = result.findings;
    expect(others).to.deep.equal([]);
    expect(line?.severity).to.equal("warning");
    expect(line?.kind).to.equal("changed-workload");
    expect(line?.message).to.include("transactions 1200 → 2400");
    expect(line?.message).to.include("simulated speedup");
    expect(line?.message).to.include("`--update-baseline` records them");
    expect(line?.diff?.after).to.match(/x at \d+ threads$/);
  });

  it("still fails the same drop when the workload is the baseline's experiment", () => {
    const result = checkAgainstBaseline(firstChanged({}, 0.5), baseline, TOLERANCE);
    expect(result.passed).to.equal(false);
    expect(result.findings[0]?.kind).to.equal("speedup-drop");
  });

  it("is a notice when the edited workload's figures stayed within the tolerance", () => {
    expect(lines(firstChanged({ seed: 8 }, 1), baseline)).to.deep.equal([
      `notice changed-workload ${name}: the workload's parameters changed since the baseline (seed 7 → 8), so its figures are a new experiment, not a regression of the contracts; \`--update-baseline\` records them`,
    ]);
  });

  it("compares the transaction count alone with a baseline written before parameters were recorded", () => {
    const old = JSON.parse(JSON.stringify(baseline)) as Baseline & {
      workloads: Record<string, { parameters?: unknown }>;
    };
    for (const w of Object.values(old.workloads)) delete w.parameters;
    expect(baselineProblem(old)).to.equal(undefined);
    // Another seed is invisible to an old baseline: the drop is compared and fails.
    expect(checkAgainstBaseline(firstChanged({ seed: 8 }, 0.5), old, TOLERANCE).passed).to.equal(false);
    const more = checkAgainstBaseline(firstChanged({ transactions: 2400 }, 0.5, 2400), old, TOLERANCE);
    expect(more.passed).to.equal(true);
    expect(more.findings[0]?.message).to.include("transactions 1200 → 2400");
  });

  it("refuses parameters that are not numbers, strings or booleans", () => {
    const copy = JSON.parse(JSON.stringify(baseline)) as { workloads: Record<string, { parameters: unknown }> };
    const first = copy.workloads[name];
    if (first === undefined) throw new Error("fixture baseline without its first workload");
    first.parameters = { seed: { nested: 1 } };
    expect(baselineProblem(copy)).to.equal(
      `baseline.workloads.${name}.parameters.seed is {"nested":1}, expected a number, string or boolean`,
    );
  });
});

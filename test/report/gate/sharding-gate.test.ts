import { expect } from "chai";

import { baselineOf, baselineProblem, type Baseline } from "../../../src/report/gate/baseline.js";
import { checkAgainstBaseline, CROSS_SHARD_TOLERANCE } from "../../../src/report/gate/check.js";

import { fixtureReport } from "../render/fixture-report.js";

const NAME = "arena-battles-parallel";

/** The fixture's baseline with the sharded workload's recorded cross-shard ratio set to `ratio`. */
function baselineWithRatio(ratio: number): Baseline {
  const base = baselineOf(fixtureReport());
  const w = base.workloads[NAME];
  if (w?.sharding === undefined) throw new Error("fixture workload without a sharding baseline");
  return {
    ...base,
    workloads: { ...base.workloads, [NAME]: { ...w, sharding: { ...w.sharding, crossShardRatio: ratio } } },
  };
}

describe("report/gate: the sharding what-if under --check", () => {
  it("records the recommended policy and its cross-shard ratio at 4 shards in the baseline", () => {
    const recommended = fixtureReport().workloads[1]?.sharding?.recommended;
    expect(baselineOf(fixtureReport()).workloads[NAME]?.sharding).to.deep.equal({
      policy: recommended?.policy,
      shards: 4,
      crossShardRatio: recommended?.crossShardRatio,
    });
    expect(baselineOf(fixtureReport()).workloads["arena-battles"]?.sharding).to.equal(undefined);
  });

  it("fails when the cross-shard ratio rose beyond the tolerance, naming the policy, both ratios and the cut call", () => {
    const now = fixtureReport().workloads[1]?.sharding?.recommended?.crossShardRatio ?? 0;
    expect(now).to.be.greaterThan(CROSS_SHARD_TOLERANCE);
    const result = checkAgainstBaseline(fixtureReport(), baselineWithRatio(0), 0.05);
    expect(result.passed).to.equal(false);
    const line = result.findings.find((f) => f.kind === "cross-shard-rise");
    expect(line?.severity).to.equal("error");
    expect(line?.message).to.match(
      /cross-shard transactions under access-graph at 4 shards rose from 0\.0 % to \d+\.\d %; most frequent cut call: Router .* → Pool .*\.swap → Token\.transfer/,
    );
    expect(line?.message.startsWith(`${NAME}: cross-shard`)).to.equal(true);
    expect(line?.diff?.before).to.equal("0.0 % cross-shard");
  });

  it("passes a rise within the tolerance, and baselines without the field (older files)", () => {
    const now = fixtureReport().workloads[1]?.sharding?.recommended?.crossShardRatio ?? 0;
    const within = checkAgainstBaseline(fixtureReport(), baselineWithRatio(now - CROSS_SHARD_TOLERANCE / 2), 0.05);
    expect(within.findings.filter((f) => f.kind === "cross-shard-rise")).to.deep.equal([]);
    const old = baselineOf(fixtureReport());
    const { sharding: _dropped, ...rest } = old.workloads[NAME] ?? {
      transactions: 0,
      speedup: { dag: {}, blockStm: {} },
      findings: [],
    };
    const older = { ...old, workloads: { ...old.workloads, [NAME]: rest } };
    expect(baselineProblem(JSON.parse(JSON.stringify(older)))).to.equal(undefined);
    expect(checkAgainstBaseline(fixtureReport(), older, 0.05).passed).to.equal(true);
  });

  it("refuses a malformed sharding entry, naming the field", () => {
    const bad = JSON.parse(JSON.stringify(baselineWithRatio(1.5))) as unknown;
    expect(baselineProblem(bad)).to.equal(
      `baseline.workloads.${NAME}.sharding.crossShardRatio is 1.5, expected a ratio in [0, 1]`,
    );
  });
});

import { readFileSync } from "node:fs";
import { expect } from "chai";

import { baselineOf } from "../../../src/report/gate/baseline.js";
import { renderJson } from "../../../src/report/render/json.js";
import { REPORT_SCHEMA_VERSION } from "../../../src/report/report-model.js";
import { fixtureReport } from "./fixture-report.js";
import { type Schema, undocumented, validate } from "./json-schema-subset.js";

function loadSchema(name: string): Schema {
  return JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), "utf8")) as Schema;
}

describe("report/render: JSON", () => {
  const reportSchema = loadSchema("parallel-report.schema.json");
  const baselineSchema = loadSchema("parallel-baseline.schema.json");

  it("is 2-space indented, ends with a newline, keeps the model's order and writes absent values as null", () => {
    const text = renderJson(fixtureReport());
    expect(text.endsWith("}\n")).to.equal(true);
    expect(text.split("\n")[1]).to.equal(`  "schemaVersion": ${REPORT_SCHEMA_VERSION},`);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).to.deep.equal(Object.keys(fixtureReport()));
    expect(text).to.include('"acknowledged": null');
    expect(text).to.include('"measured": null');
  });

  it("is deterministic: same report, same bytes; zeroTiming removes the wall-time difference", () => {
    const a = fixtureReport();
    const b = {
      ...fixtureReport(),
      timing: { totalMs: 99, phases: { compile: 1, workloads: 2, analysis: 3, outputs: 4 } },
    };
    expect(renderJson(a)).to.equal(renderJson(fixtureReport()));
    expect(renderJson(a)).to.not.equal(renderJson(b));
    expect(renderJson(a, { zeroTiming: true })).to.equal(renderJson(b, { zeroTiming: true }));
  });

  it("validates against schemas/parallel-report.schema.json, with and without --check", () => {
    const report = fixtureReport();
    expect(validate(JSON.parse(renderJson(report)), reportSchema)).to.deep.equal([]);
    const unchecked = { ...report, check: undefined, summary: { ...report.summary, worstSpeedup16: undefined } };
    expect(validate(JSON.parse(renderJson(unchecked)), reportSchema)).to.deep.equal([]);
  });

  it("the schema rejects what the model forbids: unknown fields, bad enums, missing fields", () => {
    const data = JSON.parse(renderJson(fixtureReport())) as { workloads: Array<Record<string, unknown>> };
    const first = data.workloads[0] ?? {};
    first.extra = 1;
    delete first.gas;
    const [hotspot] = first.hotspots as Array<{ remedy: { kind: string } }>;
    if (hotspot !== undefined) hotspot.remedy.kind = "magic";
    const errors = validate(data, reportSchema);
    expect(errors).to.include("$.workloads[0].extra: property not allowed");
    expect(errors).to.include('$.workloads[0]: missing required property "gas"');
    expect(errors.some((e) => e.startsWith("$.workloads[0].hotspots[0].remedy.kind"))).to.equal(true);
  });

  it("documents every field of both schemas", () => {
    expect(undocumented(reportSchema)).to.deep.equal([]);
    expect(undocumented(baselineSchema)).to.deep.equal([]);
    expect(reportSchema.$schema).to.equal("https://json-schema.org/draft/2020-12/schema");
  });

  it("the baseline schema accepts the documented shape and rejects a malformed pair", () => {
    const baseline = baselineOf(fixtureReport()) as unknown as { contracts: Record<string, { alwaysPairs: string[] }> };
    expect(validate(baseline, baselineSchema)).to.deep.equal([]);
    expect(baseline.contracts.Arena?.alwaysPairs).to.deep.equal(["battle(address)|battle(address)"]);
    baseline.contracts.Arena?.alwaysPairs.push("battle(address)");
    expect(validate(baseline, baselineSchema)).to.have.length(1);
    const badThreads = { transactions: 1, speedup: { dag: { x: 1 }, blockStm: { "1": 1 } }, findings: [] };
    const errors = validate(
      { ...(baselineOf(fixtureReport()) as object), workloads: { w: badThreads } },
      baselineSchema,
    );
    expect(errors).to.deep.equal(['$.workloads.w.speedup.dag.x (name): "x" does not match ^[1-9][0-9]*$']);
  });
});

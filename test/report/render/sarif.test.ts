import { expect } from "chai";

import { defaultSourceUri, renderSarif, SARIF_RULES } from "../../../src/report/render/sarif.js";
import { fixtureReport } from "./fixture-report.js";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } };
    invocations?: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{ level: string; message: { text: string } }>;
    }>;
    results: SarifResult[];
  }>;
}

function parse(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

function results(text: string): SarifResult[] {
  return parse(text).runs[0]?.results ?? [];
}

function where(result: SarifResult | undefined): string {
  const physical = result?.locations[0]?.physicalLocation;
  return physical === undefined
    ? "-"
    : `${physical.artifactLocation.uri}:${physical.region.startLine}:${physical.region.startColumn}`;
}

describe("report/render: SARIF", () => {
  const text = renderSarif(fixtureReport());
  const all = results(text);

  it("is a SARIF 2.1.0 log with the tool and the rule table", () => {
    const log = parse(text);
    expect(log.version).to.equal("2.1.0");
    expect(log.runs).to.have.length(1);
    expect(log.runs[0]?.tool.driver).to.deep.include({ name: "hardhat-parallel", version: "0.1.0" });
    expect(log.runs[0]?.tool.driver.rules.map((r) => r.id)).to.include.members([
      "parallel/hotspot",
      "parallel/always-conflicting-pair",
      "parallel/soundness-miss",
      "parallel/speedup-drop",
    ]);
    for (const result of all) expect(SARIF_RULES[result.ruleIndex]?.id).to.equal(result.ruleId);
  });

  it("has one result per workload hotspot, static hotspot and check finding", () => {
    const count = (ruleId: string): number => all.filter((r) => r.ruleId === ruleId).length;
    expect(count("parallel/hotspot")).to.equal(3 + 1);
    expect(count("parallel/static-hotspot")).to.equal(2 + 1);
    expect(all).to.have.length(4 + 3 + 4);
  });

  it("locates a hotspot at its Solidity declaration, relative to the project root", () => {
    const round = all.find((r) => r.ruleId === "parallel/hotspot" && r.message.text.startsWith("Arena.round "));
    expect(where(round)).to.equal("contracts/gaming/Arena.sol:31:5");
    expect(round?.locations[0]?.physicalLocation.artifactLocation.uriBaseId).to.equal("%SRCROOT%");
    expect(round?.level).to.equal("warning");
    expect(round?.message.text).to.include("71.2% of the dependency edges");
    const shard = all.find((r) => r.ruleId === "parallel/static-hotspot" && r.message.text.includes("shardHighScore"));
    expect(where(shard)).to.equal("contracts/gaming/ArenaParallel.sol:37:5");
  });

  it("takes the level from the severity and the acknowledgement", () => {
    const hotspotRules = ["parallel/hotspot", "parallel/static-hotspot"];
    const levels = all.filter((r) => !hotspotRules.includes(r.ruleId)).map((r) => [r.ruleId, r.level]);
    expect(levels).to.deep.equal([
      ["parallel/speedup-drop", "warning"],
      ["parallel/always-conflicting-pair", "error"],
      ["parallel/new-hotspot", "error"],
      ["parallel/improvement", "note"],
    ]);
    const acknowledged = all.filter((r) => r.message.text.includes("Acknowledged: 16 shards"));
    expect(acknowledged.map((r) => r.level)).to.deep.equal(["note", "note"]);
    const pair = all.find((r) => r.ruleId === "parallel/always-conflicting-pair");
    expect(where(pair)).to.equal("contracts/gaming/Arena.sol:54:5");
    expect(all.find((r) => r.ruleId === "parallel/improvement")?.locations).to.deep.equal([]);
  });

  it("puts a finding's compact diff on its message's second line and the check's hint once, in the invocation", () => {
    const hotspot = all.find((r) => r.ruleId === "parallel/new-hotspot");
    expect(hotspot?.message.text.split("\n")).to.deep.equal([
      "arena-battles: new hotspot Arena.round (71.2% of dependency edges)",
      "was 6.20x, now 0.99x at 16 threads",
    ]);
    const drop = all.find((r) => r.ruleId === "parallel/speedup-drop");
    expect(drop?.message.text.split("\n")[1]).to.equal("was 12.10x, now 11.42x at 16 threads");
    const pair = all.find((r) => r.ruleId === "parallel/always-conflicting-pair");
    expect(pair?.message.text).to.not.include("\n");
    const hint = fixtureReport().check?.hint ?? "";
    expect(hint).to.include("<reason>");
    const run = parse(text).runs[0];
    expect(run?.invocations).to.deep.equal([
      { executionSuccessful: true, toolExecutionNotifications: [{ level: "note", message: { text: hint } }] },
    ]);
    expect(text.split("@custom:parallel-allow <reason>").length - 1).to.equal(1);
    for (const result of all) expect(result.message.text).to.not.include("parallel-allow");
    const passed = parse(renderSarif({ ...fixtureReport(), check: { passed: true, findings: [], hint: undefined } }));
    expect(passed.runs[0]).to.not.have.property("invocations");
    expect(parse(renderSarif({ ...fixtureReport(), check: undefined })).runs[0]).to.not.have.property("invocations");
  });

  it("maps Hardhat 3 source names, or uses the caller's mapping", () => {
    expect(defaultSourceUri("project/contracts/gaming/Arena.sol")).to.equal("contracts/gaming/Arena.sol");
    expect(defaultSourceUri("npm/@openzeppelin/contracts@5.7.0/token/ERC20/ERC20.sol")).to.match(/^npm\//);
    const mapped = results(renderSarif(fixtureReport(), { sourceUri: (name) => `pkg/${name}` }));
    expect(where(mapped.find((r) => r.ruleId === "parallel/hotspot"))).to.equal("pkg/contracts/gaming/Arena.sol:31:5");
  });

  it("reports soundness misses without --check, at the contract's file", () => {
    const miss = {
      contract: "Arena",
      function: "battle(address)",
      slot: "0x05",
      transaction: "0xabc",
      access: "read" as const,
    };
    const report = { ...fixtureReport(), check: undefined, soundness: { checkedTransactions: 1, misses: [miss] } };
    const misses = results(renderSarif(report)).filter((r) => r.ruleId === "parallel/soundness-miss");
    expect(misses).to.have.length(1);
    expect(misses[0]?.level).to.equal("error");
    expect(where(misses[0])).to.equal("contracts/gaming/Arena.sol:1:1");
  });

  it("is deterministic, with stable fingerprints", () => {
    expect(renderSarif(fixtureReport())).to.equal(text);
    const fingerprints = all.map((r) => r.partialFingerprints["hardhatParallel/v1"]);
    expect(new Set(fingerprints).size).to.equal(all.length);
  });
});

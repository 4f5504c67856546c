import { readFileSync } from "node:fs";

import { Chalk } from "chalk";
import { expect } from "chai";

import { renderJson } from "../../../src/report/render/json.js";
import { renderMarkdown } from "../../../src/report/render/markdown.js";
import { shardingHtml } from "../../../src/report/render/sharding-html.js";
import { shardingMarkdown } from "../../../src/report/render/sharding-markdown.js";
import { shardingTerminal } from "../../../src/report/render/sharding-terminal.js";
import { renderTerminal } from "../../../src/report/render/terminal.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { fixtureReport } from "./fixture-report.js";
import { type Schema, validate } from "./json-schema-subset.js";

const plain = new Chalk({ level: 0 });

describe("report/render: the sharding section", () => {
  it("terminal: the recommendation, the three policies at 4 shards and the cut call with its source line", () => {
    const text = renderTerminal(fixtureReport(), { level: 0 });
    expect(text).to.include("Sharding what-if");
    expect(text).to.match(/Recommended: access-graph at 4 shards/);
    expect(text).to.match(
      /at 4 shards \(cross-shard \/ sync-lock speedup\): access-graph \d+\.\d% \/ \d\.\d\dx · per-contract/,
    );
    expect(text).to.match(
      /Pool 0x.*\.swap → Token\.transfer {2}contracts\/Pool\.sol:6 {2}4 tx, 2 check\(s\) after it; remedy: callback/,
    );
  });

  it("Markdown: cost model, the 12-row placement table and the break with the checks after the call", () => {
    const text = renderMarkdown(fixtureReport());
    expect(text).to.include("#### Sharding what-if");
    expect(text).to.include("Cost model: Synchronous lock");
    const rows = text.split("\n").filter((l) => /^\| (access-graph|per-contract|address-hash) \| \d+ \|/.test(l));
    expect(rows).to.have.length(12);
    expect(text).to.include("| Call | Shards | Transactions | Call site | Checks after the call | Remedy |");
    expect(text).to.include(
      'line 7: require(ok, "transfer failed {"); line 8: if (reserve &lt; amount) revert Insufficient() |',
    );
  });

  it("says why instead of drawing empty tables: no transaction, one account", () => {
    const empty = shardingWhatIf([{ transactions: [] }], { subject: "test-run profile" });
    for (const text of [
      shardingTerminal(empty, plain).join("\n"),
      shardingMarkdown(empty, "####").join("\n"),
      shardingHtml(empty, "x"),
    ]) {
      expect(text).to.include("The test-run profile holds no transaction: there is nothing to place on shards.");
      expect(text).to.not.match(/NaN|Infinity|\| Policy \||<svg/);
    }
  });

  it("recommends staying on one chain when no placement beats it, naming the best placement tried", () => {
    const sharding = fixtureReport().workloads.find((w) => w.sharding !== undefined)?.sharding;
    expect(sharding?.recommended).to.not.equal(undefined);
    if (sharding?.recommended === undefined) return;
    const reason = "No placement beats a single chain for this traffic at 4 shards: the best, access-graph (1.00x).";
    const flat = { ...sharding, recommended: { ...sharding.recommended, syncSpeedup: 1, reason } };
    for (const text of [shardingTerminal(flat, plain).join("\n"), shardingMarkdown(flat, "####").join("\n")]) {
      expect(text).to.include(`Recommended: stay on one chain. ${reason}`);
      expect(text).to.not.match(/Recommended: access-graph at/);
    }
  });

  it("shows a measured sharded run next to the simulation, and the JSON keeps to the schema", () => {
    const report = fixtureReport();
    const measured = {
      shards: 4,
      sequentialMs: 120.5,
      shardedMs: 80.25,
      speedup: 1.5016,
      crossShardRatio: 0.125,
      partitioner: "graph",
      fallbackReason: undefined,
    };
    const workloads = report.workloads.map((w) =>
      w.sharding === undefined ? w : { ...w, sharding: { ...w.sharding, measured } },
    );
    const withMeasured = { ...report, workloads };
    const line =
      "Measured sharded run (graph partition): 4 shards, 1.50x against sequential (120.5 ms → 80.3 ms wall time, 12.5% cross-shard).";
    expect(renderTerminal(withMeasured, { level: 0 })).to.include(line);
    expect(renderMarkdown(withMeasured)).to.include(line);
    const schema = JSON.parse(
      readFileSync(new URL("../../../schemas/parallel-report.schema.json", import.meta.url), "utf8"),
    ) as Schema;
    expect(validate(JSON.parse(renderJson(withMeasured)), schema)).to.deep.equal([]);
    const fellBack = { ...measured, fallbackReason: "cross-shard: 62 % of the block spans shards" };
    const section = workloads[1]?.sharding;
    if (section === undefined) throw new Error("fixture without a sharding section");
    expect(shardingTerminal({ ...section, measured: fellBack }, plain).join("\n")).to.include(
      "It fell back to sequential: cross-shard: 62 % of the block spans shards.",
    );
  });

  it("renders nothing for a report written before the section existed", () => {
    expect(shardingTerminal(undefined, plain)).to.deep.equal([]);
    expect(shardingMarkdown(undefined, "####")).to.deep.equal([]);
    expect(shardingHtml(undefined, "x")).to.equal("");
  });
});

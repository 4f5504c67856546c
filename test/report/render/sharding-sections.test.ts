import { Chalk } from "chalk";
import { expect } from "chai";

import { renderMarkdown } from "../../../src/report/render/markdown.js";
import { shardingHtml } from "../../../src/report/render/sharding-html.js";
import { shardingMarkdown } from "../../../src/report/render/sharding-markdown.js";
import { shardingTerminal } from "../../../src/report/render/sharding-terminal.js";
import { renderTerminal } from "../../../src/report/render/terminal.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { fixtureReport } from "./fixture-report.js";

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

  it("renders nothing for a report written before the section existed", () => {
    expect(shardingTerminal(undefined, plain)).to.deep.equal([]);
    expect(shardingMarkdown(undefined, "####")).to.deep.equal([]);
    expect(shardingHtml(undefined, "x")).to.equal("");
  });
});

import { expect } from "chai";

import { renderHtml } from "../../../src/report/render/html.js";
import { jsonForScript } from "../../../src/report/render/html-escape.js";
import { renderJson } from "../../../src/report/render/json.js";
import { niceScale } from "../../../src/report/render/svg-chart.js";
import { fixtureReport } from "./fixture-report.js";

/** Attributes that make a browser load something. */
const LOADING_ATTRIBUTE =
  /\b(?:src|href|xlink:href|action|poster|srcset|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i;

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, "g"))?.length ?? 0;
}

describe("report/render: HTML", () => {
  const html = renderHtml(fixtureReport());

  it("is one self-contained document: inline style and script, no external URL, a CSP forbidding loads", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).to.equal(true);
    expect(html).to.not.match(LOADING_ATTRIBUTE);
    expect(html).to.not.match(/<link\b|@import|url\(/i);
    expect(html).to.not.match(/<script[^>]*\bsrc=/i);
    expect(html).to.include("default-src 'none'");
    expect(count(html, /<style>/)).to.equal(1);
  });

  it("keeps URLs in the data as plain text, never as attributes", () => {
    const report = fixtureReport();
    const [first, second] = report.workloads;
    if (first === undefined || second === undefined) throw new Error("fixture has two workloads");
    const description = `See https://example.com <img src="https://example.com/x.png"> </script><script>alert(1)</script>`;
    const text = renderHtml({ ...report, workloads: [{ ...first, description }, second] });
    expect(text).to.not.match(LOADING_ATTRIBUTE);
    expect(text).to.include("See https://example.com &lt;img src=&quot;https://example.com/x.png&quot;&gt;");
    expect(count(text, /<\/script>/)).to.equal(2);
  });

  it("draws a heatmap cell per function pair: static per contract, observed per workload", () => {
    expect(count(html, /<g class="cell"/)).to.equal(3 * 3 + 4 * 4 + 2 * 2 + 2 * 2);
    expect(html).to.match(/data-first="battle\(address\)" data-second="battle\(address\)" data-value="always"/);
    expect(html).to.match(/data-first="players\(address\)" data-second="players\(address\)" data-value="none"/);
    expect(html).to.match(
      /data-first="Arena.battle" data-second="Arena.battle" data-value="0.9766"><title>[^<]*5801 of 5940/,
    );
    expect(html).to.match(
      /data-first="ArenaParallel.rest" data-second="ArenaParallel.rest" data-value=""><title>[^<]*never/,
    );
  });

  it("draws the speedup curves of each model on a log2 thread axis", () => {
    expect(count(html, /<svg class="speedup-chart"/)).to.equal(2);
    for (const model of ["dag", "blockStm", "sharded", "bound"]) {
      expect(count(html, new RegExp(`<g class="curve" data-model="${model}">`))).to.equal(2);
    }
    const points = /data-model="dag">.*?points="([^"]+)"/.exec(html)?.[1] ?? "";
    const xs = points.split(" ").map((pair) => Number(pair.split(",")[0]));
    expect(xs).to.have.length(7);
    const steps = xs.slice(1).map((x, at) => x - (xs[at] ?? 0));
    for (const step of steps) expect(step).to.be.closeTo(steps[0] ?? 0, 0.02);
    expect(html).to.include("measured 1.24x on 2 workers (predicted 1.34x)");
  });

  it("has one sortable hotspot table with every workload hotspot and its file:line", () => {
    const table = /<table class="sortable hotspots">.*?<\/table>/s.exec(html)?.[0] ?? "";
    expect(count(table, /<tr>/)).to.equal(1 + 4);
    expect(table).to.match(
      /<td data-label="Hotspot">Arena\.round<\/td><td data-label="Declared at">contracts\/gaming\/Arena\.sol:31<\/td><td class="num" data-value="0.7123" data-label="Edge share">71\.2%/,
    );
    expect(table).to.include('data-type="number"');
  });

  it("embeds the report data as JSON equal to the JSON output", () => {
    const embedded = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "";
    expect(JSON.parse(embedded)).to.deep.equal(JSON.parse(renderJson(fixtureReport())));
    expect(jsonForScript({ a: "</script><!--\u2028" })).to.equal('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });

  it("shows the verdict in words and every check finding", () => {
    expect(html).to.include('<span class="verdict fail" id="verdict">FAIL</span>');
    expect(count(html, /<span class="sev error">ERROR<\/span>/)).to.equal(2);
    expect(renderHtml({ ...fixtureReport(), check: undefined })).to.include(">NOT RUN</span>");
  });

  it("shows each check finding's compact diff and the hint once after the findings, escaped", () => {
    const section = /<section id="check">.*?<\/section>/s.exec(html)?.[0] ?? "";
    expect(section).to.include(
      '<span class="diff"><del class="diff-before">- 6.20x</del> <ins class="diff-after">+ 0.99x</ins> ' +
        '<span class="diff-context">at 16 threads</span></span>',
    );
    expect(section).to.include('<del class="diff-before">- 12.10x</del> <ins class="diff-after">+ 11.42x</ins>');
    expect(count(section, /<span class="diff">/)).to.equal(2);
    expect(count(html, /<p class="hint" id="check-hint">/)).to.equal(1);
    expect(count(html, /@custom:parallel-allow &lt;reason&gt;/)).to.equal(1);
    expect(html).to.not.include("parallel-allow <reason>");
    expect(section.indexOf("</table>")).to.be.lessThan(section.indexOf('id="check-hint"'));
    const report = fixtureReport();
    if (report.check === undefined) throw new Error("fixture has a check");
    const [first, ...rest] = report.check.findings;
    if (first === undefined) throw new Error("fixture has findings");
    const hostile = { ...first, diff: { before: "<b>1x</b> & more", after: '"2x"</td> & more' } };
    const check = { ...report.check, findings: [hostile, ...rest], hint: "<script>alert(1)</script>" };
    const escaped = renderHtml({ ...report, check });
    expect(escaped).to.include(
      '- &lt;b&gt;1x&lt;/b&gt;</del> <ins class="diff-after">+ &quot;2x&quot;&lt;/td&gt;</ins>',
    );
    expect(escaped).to.include('<span class="diff-context">&amp; more</span>');
    expect(escaped).to.include("<strong>Hint:</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(escaped).to.not.include("<b>1x</b>");
    const passed = renderHtml({ ...report, check: { passed: true, findings: [], hint: undefined } });
    expect(passed).to.not.include('class="hint"');
  });

  it("opens with the answer per workload: speedups, main hotspot, the fix worth most and its gain", () => {
    const overview = /<section id="overview">.*?<\/section>/s.exec(html)?.[0] ?? "";
    expect(html.indexOf('<section id="overview">')).to.be.lessThan(html.indexOf('id="summary"'));
    expect(html.indexOf('<section id="overview">')).to.be.lessThan(html.indexOf("<details"));
    expect(count(overview, /<article class="headline"/g)).to.equal(2);
    expect(overview).to.include("1.42x</span> Block-STM @16 threads");
    expect(overview).to.include("measured 1.24x on 2 workers (predicted 1.34x)");
    expect(overview).to.include("<code>Arena.round</code> (71.2% of conflicts)");
    expect(overview).to.include(
      "Simulated with that fix (if Arena.round no longer conflicted): Block-STM 1.42x → 2.10x at 16 threads (+47.8%)",
    );
    expect(overview).to.include("Split `round` into per-shard counters summed on read.");
    const [first, ...rest] = fixtureReport().workloads;
    if (first === undefined) throw new Error("fixture has workloads");
    const minor = first.hotspots.map((h) => ({ ...h, edgeShare: h.edgeShare / 30 }));
    const spread = renderHtml({ ...fixtureReport(), workloads: [{ ...first, hotspots: minor }, ...rest] });
    expect(spread).to.match(
      /Main hotspot:<\/b> none above 10 % of conflicts <span class="muted">\(largest: <code>Arena\.round<\/code> \(2\.4% of conflicts\)/,
    );
  });

  it("explains measured against predicted and the sharded comparison in words", () => {
    const explain = /<div class="explain" id="how-to-read">.*?<\/div>/s.exec(html)?.[0] ?? "";
    expect(explain).to.match(/<i>Measured<\/i> is wall time/);
    expect(explain).to.match(/Measured is usually lower, because the simulation counts gas only/);
    expect(explain).to.match(/<i>Sharded<\/i> \(in the charts\) is a comparison, not how this plugin runs/);
    expect(html).to.include("Sharded chain (comparison)");
  });

  it("collapses the details: hotspots, every workload and every contract in <details>", () => {
    expect(count(html, /<details /)).to.equal(1 + 2 + 2);
    expect(html).to.not.match(/<details[^>]* open/);
    expect(html).to.match(
      /<details class="workload" id="workload-0-arena-battles"><summary><h2>Workload arena-battles/,
    );
  });

  it("draws the chart legend as an HTML list that can wrap, not inside the fixed-width drawing", () => {
    expect(html).to.not.match(/<svg class="speedup-chart"[^]*?class="legend"[^]*?<\/svg>/);
    expect(count(html, /<ul class="legend-row chart-legend">/)).to.equal(2);
  });

  it("picks round axis scales", () => {
    expect(niceScale(1.67)).to.deep.equal({ top: 2, step: 0.5 });
    expect(niceScale(40)).to.deep.equal({ top: 40, step: 10 });
    expect(niceScale(24.85)).to.deep.equal({ top: 30, step: 10 });
    expect(niceScale(0.5)).to.deep.equal({ top: 1, step: 0.25 });
  });
});

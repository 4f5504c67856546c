/**
 * The HTML report in a real headless browser (see browser-harness.ts): the page must load without console
 * errors and without any network request, draw its heatmaps and curves, sort the hotspot table, answer on
 * its first screen at desktop (1440 px) and phone (390 px) widths, keep every element inside the viewport
 * and every legend unclipped, and a screenshot can be taken.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";

import { renderHtml } from "../../../src/report/render/html.js";
import { BrowserHarness, layoutProblems, openAllDetails } from "./browser-harness.js";
import { fixtureReport } from "./fixture-report.js";

// The README's picture is made from the sample project's real report (`npm run docs:screenshot`); this test
// checks that screenshots can be taken, into a scratch folder.
const SCREENSHOTS = pathToFileURL(join(tmpdir(), `hardhat-parallel-report-${process.pid}/`));

/** A fixture whose labels are as long as real ones (deep mapping keys, long workload names). */
function longLabelReport(): ReturnType<typeof fixtureReport> {
  const report = fixtureReport();
  const long = "SampleTokenWithAVeryLongContractName._balancesOfEveryAccountHolder[msg.sender][spenderOfTheAllowance]";
  return {
    ...report,
    workloads: report.workloads.map((workload) => ({
      ...workload,
      name: `${workload.name}-with-a-rather-long-descriptive-workload-name`,
      hotspots: workload.hotspots.map((spot) => ({ ...spot, label: long })),
      whatIf: workload.whatIf.map((row) => ({ ...row, label: long })),
    })),
  };
}

/** The fixture with its first workload's findings as the project's and that workload as the test profile. */
function withFindingsAndProfile(): ReturnType<typeof fixtureReport> {
  const report = fixtureReport();
  const [battles] = report.workloads;
  if (battles === undefined) throw new Error("fixture without workloads");
  return { ...report, findings: battles.findings, testProfile: { ...battles, transactions: 321 } };
}

describe("report/render: HTML in headless chromium", function () {
  const browser = new BrowserHarness();

  before(async function () {
    await browser.start(this);
  });

  after(() => browser.stop());

  it("loads with no console error and no network request, and runs its script", async () => {
    const { page, activity } = await browser.open(renderHtml(fixtureReport()));
    expect(await page.getAttribute("html", "data-ready")).to.equal("1");
    expect(await page.textContent("#verdict")).to.equal("FAIL");
    expect(activity.errors).to.deep.equal([]);
    expect(activity.external).to.deep.equal([]);
    await page.close();
  });

  it("would notice a network request (control: a page that loads an external image)", async () => {
    const { page, activity } = await browser.open(`<!DOCTYPE html><img src="https://example.invalid/pixel.png">`);
    expect(activity.external).to.deep.equal(["https://example.invalid/pixel.png"]);
    await page.close();
  });

  it("draws heatmap cells and speedup curves with real sizes once a section is opened", async () => {
    const { page } = await browser.open(renderHtml(fixtureReport()));
    expect(await page.locator("svg.heatmap g.cell rect").first().isVisible()).to.equal(false);
    await openAllDetails(page);
    expect(await page.locator("svg.heatmap g.cell rect").count()).to.equal(9 + 16 + 4 + 4);
    const cell = await page.locator('svg.heatmap g.cell[data-value="always"] rect').first().boundingBox();
    expect(cell?.width ?? 0).to.be.greaterThan(20);
    expect(await page.locator("svg.speedup-chart g.curve polyline").count()).to.equal(2 * 4);
    const curve = await page.locator('svg.speedup-chart g.curve[data-model="blockStm"] polyline').first().boundingBox();
    expect(curve?.width ?? 0).to.be.greaterThan(200);
    expect(curve?.height ?? 0).to.be.greaterThan(10);
    await page.close();
  });

  it("sorts the hotspot table by a numeric column", async () => {
    const { page } = await browser.open(renderHtml(fixtureReport()));
    await page.click("details#hotspots > summary");
    const firstHotspot = (): Promise<string | null> =>
      page.textContent("table.hotspots tbody tr:first-child td:nth-child(2)");
    const header = page.locator("table.hotspots th", { hasText: "Serialized gas" });
    await header.click();
    expect(await firstHotspot()).to.equal("ArenaParallel.shardHighScore[shard]");
    await header.click();
    expect(await firstHotspot()).to.equal("Arena.round");
    expect(await header.getAttribute("aria-sort")).to.equal("descending");
    await page.close();
  });

  it("opens the collapsed section a headline links to", async () => {
    const { page } = await browser.open(renderHtml(fixtureReport()));
    const section = page.locator("details#workload-0-arena-battles");
    expect(await section.getAttribute("open")).to.equal(null);
    await page.click('article.headline[data-workload="arena-battles"] h3 a');
    expect(await section.getAttribute("open")).to.equal("");
    expect(await page.locator("details#workload-0-arena-battles svg.speedup-chart").isVisible()).to.equal(true);
    await page.close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`answers on the first screen at ${viewport.width} px: verdict, each workload's speedup, hotspot and fix`, async () => {
      const { page, activity } = await browser.open(renderHtml(fixtureReport()), viewport);
      const inFirstScreen = async (selector: string): Promise<boolean> => {
        const box = await page.locator(selector).first().boundingBox();
        return box !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= viewport.height;
      };
      expect(await inFirstScreen("#verdict")).to.equal(true);
      expect(await inFirstScreen('article.headline[data-workload="arena-battles"] .big')).to.equal(true);
      expect(await page.textContent('article.headline[data-workload="arena-battles"]')).to.match(
        /1\.42x Block-STM @16 threads.*Main hotspot: Arena\.round \(71\.2% of conflicts\).*Change: .*2\.10x at 16 threads \(\+47\.8%\)/,
      );
      if (viewport.width >= 1440) {
        expect(
          await inFirstScreen(
            'article.headline[data-workload="arena-battles-parallel"] .gain, article.headline[data-workload="arena-battles-parallel"] p:last-child',
          ),
        ).to.equal(true);
      }
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = fileURLToPath(new URL(`first-screen-${viewport.width}.png`, SCREENSHOTS));
      await page.screenshot({ path: file });
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString("latin1")).to.equal("PNG");
      expect(png.readUInt32BE(16)).to.equal(viewport.width);
      expect(activity.errors).to.deep.equal([]);
      await page.close();
    });

    it(`keeps every element inside ${viewport.width} px and no legend clipped, with every section open and long labels`, async () => {
      for (const report of [fixtureReport(), longLabelReport(), withFindingsAndProfile()]) {
        const { page } = await browser.open(renderHtml(report), viewport);
        expect(await layoutProblems(page), "closed").to.deep.equal([]);
        await openAllDetails(page);
        expect(await layoutProblems(page), "open").to.deep.equal([]);
        await page.close();
      }
    });
  }

  it("would notice a clipped legend and an element wider than the viewport (control)", async () => {
    const clipped =
      `<!DOCTYPE html><div class="figure" style="width:200px"><svg width="120" height="40" viewBox="0 0 120 40">` +
      `<text x="60" y="20" font-size="14">Block-STM simulated</text></svg></div><table style="width:900px"><tr><td>x</td></tr></table>`;
    const { page } = await browser.open(clipped, { width: 390, height: 844 });
    const problems = await layoutProblems(page);
    expect(problems.some((p) => p.startsWith("clipped in its drawing: svg text 'Block-STM simulated'"))).to.equal(true);
    expect(problems.some((p) => p.startsWith("wider than the viewport: table"))).to.equal(true);
    await page.close();
  });

  it("renders a full-page screenshot with every section open", async () => {
    const { page, activity } = await browser.open(renderHtml(fixtureReport()));
    await openAllDetails(page);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = fileURLToPath(new URL("full-page.png", SCREENSHOTS));
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString("latin1")).to.equal("PNG");
    expect(png.readUInt32BE(16)).to.equal(1280);
    expect(png.readUInt32BE(20)).to.be.greaterThan(1500);
    expect(activity.errors).to.deep.equal([]);
    await page.close();
  });
});

/**
 * The sharding section of the HTML report in headless chromium: the shard picture is drawn with one box per
 * placed account, carries a title and a description for screen readers, and neither it nor the section's
 * tables overflow a 390 px phone screen or clip their text.
 */
import { expect } from "chai";

import { renderHtml } from "../../../src/report/render/html.js";
import { BrowserHarness, layoutProblems, openAllDetails } from "./browser-harness.js";
import { fixtureReport } from "./fixture-report.js";

describe("report/render: the sharding section in headless chromium", function () {
  const browser = new BrowserHarness();

  before(async function () {
    await browser.start(this);
  });

  after(() => browser.stop());

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`draws the shard picture inside ${viewport.width} px, accessible, with no clipped text`, async () => {
      const section = fixtureReport().workloads[1]?.sharding;
      const { page, activity } = await browser.open(renderHtml(fixtureReport()), viewport);
      await openAllDetails(page);
      const picture = page.locator("section.sharding svg.shard-picture");
      expect(await picture.count()).to.equal(1);
      expect(await picture.getAttribute("role")).to.equal("img");
      expect(await picture.locator(":scope > title").textContent()).to.match(
        /Shard assignment of arena-battles-parallel/,
      );
      expect(await picture.locator(":scope > desc").textContent()).to.match(/shard 0: .*Token/);
      expect(await picture.locator("g.shard-box").count()).to.equal(section?.assignment.length);
      const box = await picture.boundingBox();
      expect(box?.width ?? 0).to.be.within(100, viewport.width);
      expect(await page.locator("table.sharding-placements tbody tr").count()).to.equal(12);
      expect(await page.locator("table.sharding-breaks tbody tr").count()).to.equal(section?.atomicityBreaks.length);
      expect(await layoutProblems(page)).to.deep.equal([]);
      expect(activity.errors).to.deep.equal([]);
      await page.close();
    });
  }
});

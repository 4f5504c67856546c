/**
 * The HTML report in a real headless browser: Debian's chromium driven by playwright-core. The page must
 * load without console errors and without any network request, draw its heatmaps and curves, sort the
 * hotspot table, and a full-page screenshot can be taken.
 *
 * Chromium is looked up at HARDHAT_PARALLEL_CHROMIUM or /usr/bin/chromium; when it is missing the suite
 * FAILS (CI must install it: `apt-get install -y chromium`) unless HARDHAT_PARALLEL_SKIP_BROWSER=1.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import { type BrowserContext, chromium, type Page } from "playwright-core";

import { renderHtml } from "../../../src/report/render/html.js";
import { fixtureReport } from "./fixture-report.js";

const CHROMIUM = process.env.HARDHAT_PARALLEL_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// The README's picture is made from the sample project's real report (`npm run docs:screenshot`); this test
// checks that a screenshot can be taken, into a scratch folder.
const SCREENSHOT = pathToFileURL(join(tmpdir(), `hardhat-parallel-report-${process.pid}.png`));

/** What the page did while loading. */
interface Activity {
  readonly errors: string[];
  readonly external: string[];
}

function watch(page: Page): Activity {
  const activity: Activity = { errors: [], external: [] };
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      activity.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => activity.errors.push(`pageerror: ${error.message}`));
  return activity;
}

async function blockNetwork(page: Page, activity: Activity): Promise<void> {
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    activity.external.push(url);
    return route.abort();
  });
}

describe("report/render: HTML in headless chromium", function () {
  let context: BrowserContext | undefined;
  let profile = "";
  let directory = "";

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.HARDHAT_PARALLEL_SKIP_BROWSER === "1") return this.skip();
      throw new Error(
        `chromium not found at ${CHROMIUM}: install it (Debian: apt-get install -y chromium), set ` +
          `HARDHAT_PARALLEL_CHROMIUM to its path, or set HARDHAT_PARALLEL_SKIP_BROWSER=1 to skip the browser test`,
      );
    }
    directory = mkdtempSync(join(tmpdir(), "hardhat-parallel-html-"));
    profile = join(directory, "profile");
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
  });

  after(async () => {
    await context?.close();
    if (directory !== "") rmSync(directory, { recursive: true, force: true });
  });

  async function open(html: string): Promise<{ page: Page; activity: Activity }> {
    if (context === undefined) throw new Error("browser not started");
    const page = await context.newPage();
    const activity = watch(page);
    await blockNetwork(page, activity);
    const file = join(directory, `report-${Date.now()}.html`);
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, activity };
  }

  it("loads with no console error and no network request, and runs its script", async () => {
    const { page, activity } = await open(renderHtml(fixtureReport()));
    expect(await page.getAttribute("html", "data-ready")).to.equal("1");
    expect(await page.textContent("#verdict")).to.equal("FAIL");
    expect(activity.errors).to.deep.equal([]);
    expect(activity.external).to.deep.equal([]);
    await page.close();
  });

  it("would notice a network request (control: a page that loads an external image)", async () => {
    const { page, activity } = await open(`<!DOCTYPE html><img src="https://example.invalid/pixel.png">`);
    expect(activity.external).to.deep.equal(["https://example.invalid/pixel.png"]);
    await page.close();
  });

  it("draws heatmap cells and speedup curves with real sizes", async () => {
    const { page } = await open(renderHtml(fixtureReport()));
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
    const { page } = await open(renderHtml(fixtureReport()));
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

  it("renders a full-page screenshot", async () => {
    const { page, activity } = await open(renderHtml(fixtureReport()));
    mkdirSync(new URL(".", SCREENSHOT), { recursive: true });
    await page.screenshot({ path: fileURLToPath(SCREENSHOT), fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString("latin1")).to.equal("PNG");
    expect(png.readUInt32BE(16)).to.equal(1280);
    expect(png.readUInt32BE(20)).to.be.greaterThan(1500);
    expect(activity.errors).to.deep.equal([]);
    await page.close();
  });
});

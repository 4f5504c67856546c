/**
 * A headless chromium for the HTML report's browser tests: Debian's chromium driven by playwright-core, with
 * every non-file request blocked and recorded, console errors collected, and one scratch folder per suite.
 *
 * Chromium is looked up at HARDHAT_PARALLEL_CHROMIUM or /usr/bin/chromium; when it is missing the suite
 * FAILS (CI must install it: `apt-get install -y chromium`) unless HARDHAT_PARALLEL_SKIP_BROWSER=1.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

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

/** What the page did while loading. */
export interface Activity {
  readonly errors: string[];
  readonly external: string[];
}

/** An opened page and what it did. */
export interface OpenedPage {
  readonly page: Page;
  readonly activity: Activity;
}

/** The browser of one suite: `start` in `before`, `stop` in `after`, `open` per test. */
export class BrowserHarness {
  private context: BrowserContext | undefined;
  /** Scratch folder of the suite (removed by `stop`). */
  directory = "";
  private pages = 0;

  /** Starts chromium, or skips the suite when it is missing and HARDHAT_PARALLEL_SKIP_BROWSER=1. */
  async start(suite: Mocha.Context): Promise<void> {
    if (!existsSync(CHROMIUM)) {
      if (process.env.HARDHAT_PARALLEL_SKIP_BROWSER === "1") return suite.skip();
      throw new Error(
        `chromium not found at ${CHROMIUM}: install it (Debian: apt-get install -y chromium), set ` +
          `HARDHAT_PARALLEL_CHROMIUM to its path, or set HARDHAT_PARALLEL_SKIP_BROWSER=1 to skip the browser test`,
      );
    }
    this.directory = mkdtempSync(join(tmpdir(), "hardhat-parallel-html-"));
    this.context = await chromium.launchPersistentContext(join(this.directory, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
  }

  async stop(): Promise<void> {
    await this.context?.close();
    if (this.directory !== "") rmSync(this.directory, { recursive: true, force: true });
  }

  /** Writes `html` to a file and opens it at the given viewport size. */
  async open(html: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
    if (this.context === undefined) throw new Error("browser not started");
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    const activity: Activity = { errors: [], external: [] };
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning")
        activity.errors.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => activity.errors.push(`pageerror: ${error.message}`));
    await page.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      activity.external.push(url);
      return route.abort();
    });
    this.pages += 1;
    const file = join(this.directory, `report-${this.pages}.html`);
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, activity };
  }
}

/** Opens every collapsed section of the page. */
export async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(`document.querySelectorAll("details").forEach((details) => { details.open = true; })`);
}

/**
 * In-page check of the layout rules (browser code, as text: the project compiles without DOM types). It
 * lists every rendered element that reaches past the viewport's left or right edge, the page scrolling
 * sideways, and every text of an SVG drawing or legend item that its figure clips.
 */
const LAYOUT_CHECK = `(() => {
  const problems = [];
  const width = window.innerWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "");
  if (document.documentElement.scrollWidth > width) problems.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + width);
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) problems.push("wider than the viewport: " + name(e) + " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
  }
  const inside = (inner, outer) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
  for (const text of document.querySelectorAll("svg text")) {
    const svg = text.closest("svg");
    const r = text.getBoundingClientRect();
    if (svg && r.width > 0 && !inside(r, svg.getBoundingClientRect())) problems.push("clipped in its drawing: " + name(svg) + " text '" + text.textContent + "'");
  }
  for (const item of document.querySelectorAll(".legend-row li")) {
    const box = item.closest(".figure") || document.body;
    if (!inside(item.getBoundingClientRect(), box.getBoundingClientRect())) problems.push("legend item outside its figure: '" + item.textContent + "'");
  }
  return problems;
})()`;

/** The layout rules the page breaks at its current viewport (empty when none). */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(LAYOUT_CHECK);
}

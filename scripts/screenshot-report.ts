/**
 * `npm run docs:screenshot`: renders sample-project/parallel-report/parallel-report.html (run `npm run demo`
 * first) in Debian's headless chromium and saves docs/images/report.png, the README's picture of the report.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const html = path.join(root, "sample-project", "parallel-report", "parallel-report.html");
const out = path.join(root, "docs", "images", "report.png");
const executablePath = process.env.HARDHAT_PARALLEL_CHROMIUM ?? "/usr/bin/chromium";

if (!existsSync(html)) throw new Error(`${html} does not exist: run \`npm run demo\` first`);
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"];
const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "shot-")), {
  executablePath,
  args: [...args, "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1440, height: 900 },
});
const page = await context.newPage();
await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
await page.goto(pathToFileURL(html).href);
// The first screen and a half: verdict and the answer per workload (details are collapsed below).
await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1440, height: 1400 } });
await context.close();
console.log(`wrote ${out}`);

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";

import { reportTaskBundle } from "../../../src/tasks/parallel-report/task-action.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BUNDLE = path.join(ROOT, "dist/bundle/parallel-report.js");

describe("tasks/parallel-report: the action loader", () => {
  it("runs the sources when loaded from them (tests, tsx)", () => {
    expect(reportTaskBundle()).to.equal(undefined);
  });

  it("in a build, loads the single-file report task, which tsx has no dynamic import() to rewrite in", async function () {
    if (!existsSync(BUNDLE)) this.skip(); // dist/ is made by `npm run build`, which the CI gate runs first
    const built = (await import(
      pathToFileURL(path.join(ROOT, "dist/src/tasks/parallel-report/task-action.js")).href
    )) as { reportTaskBundle: () => URL | undefined };
    expect(built.reportTaskBundle()?.href).to.equal(pathToFileURL(BUNDLE).href);
    const text = readFileSync(BUNDLE, "utf8");
    expect(text).to.not.match(/[^\w.$]import\s*\(/);
    const outside = /from "(\.\.\/src\/report\/workloads\/import-workload-file\.js)"/.exec(text)?.[1];
    expect(outside, "the workload-file import stays outside the bundle").to.not.equal(undefined);
    expect(existsSync(path.join(path.dirname(BUNDLE), outside ?? ""))).to.equal(true);
  });
});

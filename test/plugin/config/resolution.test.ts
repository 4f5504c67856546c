import path from "node:path";
import { availableParallelism } from "node:os";

import { expect } from "chai";

import { DEFAULTS } from "../../../src/plugin/config/defaults.js";
import { resolveParallelConfig } from "../../../src/plugin/config/resolution.js";

describe("resolveParallelConfig", () => {
  const root = path.resolve("/project");

  it("fills every default", () => {
    const config = resolveParallelConfig(undefined, root);
    expect(config).to.deep.equal({
      networkName: "parallel",
      replaceDefault: false,
      workers: availableParallelism(),
      strategy: "block-stm",
      shards: availableParallelism(),
      hardfork: "osaka",
      hardforkSet: false,
      settingsFrom: "default",
      baseline: path.join(root, "parallel-baseline.json"),
      report: { outDir: path.join(root, "parallel-report"), formats: [...DEFAULTS.reportFormats] },
      tolerance: 0.05,
      workloads: [],
      profile: false,
      solc: "npm",
      profileDir: path.join(root, "cache", "parallel-profile"),
    });
  });

  it("takes the settings network's hardfork unless parallel.hardfork is set", () => {
    expect(resolveParallelConfig(undefined, root, undefined, "cancun").hardfork).to.equal("cancun");
    const set = resolveParallelConfig({ hardfork: "prague" }, root, undefined, "cancun");
    expect([set.hardfork, set.hardforkSet]).to.deep.equal(["prague", true]);
  });

  it("keeps user values and makes paths absolute", () => {
    const config = resolveParallelConfig(
      {
        workers: 3,
        baseline: "ci/base.json",
        report: { outDir: "out" },
        workloads: [{ name: "a", template: "lending" }],
      },
      root,
    );
    expect(config.workers).to.equal(3);
    expect(config.shards).to.equal(3);
    expect(config.baseline).to.equal(path.join(root, "ci/base.json"));
    expect(config.report.outDir).to.equal(path.join(root, "out"));
    expect(config.workloads[0]).to.deep.include({ name: "a", template: "lending", transactions: 1000, seed: 1 });
  });
});

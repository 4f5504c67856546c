import { expect } from "chai";

import { validateParallelUserConfig } from "../../../src/plugin/config/validation.js";

function messages(value: unknown): string[] {
  return validateParallelUserConfig(value).map((e) => e.message);
}

describe("validateParallelUserConfig", () => {
  it("accepts an absent or empty section", () => {
    expect(validateParallelUserConfig(undefined)).to.deep.equal([]);
    expect(validateParallelUserConfig({})).to.deep.equal([]);
  });

  it("accepts a complete valid section", () => {
    const errors = validateParallelUserConfig({
      networkName: "par",
      replaceDefault: true,
      workers: 2,
      strategy: "sharded",
      shards: 4,
      fallback: "never",
      hardfork: "cancun",
      baseline: "base.json",
      report: { outDir: "out", formats: ["json", "html"] },
      tolerance: 0.1,
      workloads: [{ name: "w", template: "erc20-transfers", hotRatio: 0.3, seed: 7 }],
      profile: true,
    });
    expect(errors).to.deep.equal([]);
  });

  it("names the field and the value for a bad worker count", () => {
    const errors = validateParallelUserConfig({ workers: 0 });
    expect(errors).to.have.length(1);
    expect(errors[0]?.path).to.deep.equal(["parallel", "workers"]);
    expect(errors[0]?.message).to.equal("parallel.workers must be a positive integer, got 0");
  });

  it("rejects wrong types instead of defaulting them", () => {
    expect(messages({ workers: 1.5 })).to.deep.equal(["parallel.workers must be a positive integer, got 1.5"]);
    expect(messages({ replaceDefault: "yes" })).to.deep.equal([
      'parallel.replaceDefault must be true or false, got "yes"',
    ]);
    expect(messages({ strategy: "fast" })[0]).to.match(
      /parallel.strategy must be one of "block-stm", "sharded", "sequential", got "fast"/,
    );
    expect(messages({ fallback: "off" })[0]).to.match(
      /parallel.fallback must be one of "adaptive", "never", got "off"/,
    );
    expect(messages({ hardfork: "berlin" })[0]).to.match(/parallel.hardfork must be one of/);
    expect(messages({ solc: "native" })[0]).to.match(/parallel.solc must be one of "npm", "hardhat", got "native"/);
    expect(messages({ tolerance: 1 })).to.deep.equal(["parallel.tolerance must be a number in [0, 1), got 1"]);
    expect(messages({ networkName: "" })).to.deep.equal(['parallel.networkName must be a non-empty string, got ""']);
    expect(messages("parallel")).to.deep.equal(['parallel must be an object, got "parallel"']);
  });

  it("rejects unknown keys at every level", () => {
    expect(messages({ worker: 2 })[0]).to.match(
      /^parallel.worker is not a known option; known options are: networkName/,
    );
    expect(messages({ report: { dir: "x" } })[0]).to.match(/^parallel.report.dir is not a known option/);
    expect(messages({ workloads: [{ name: "a", template: "amm-swaps", txs: 3 }] })[0]).to.match(
      /^parallel.workloads\[0\].txs is not a known option/,
    );
  });

  it("rejects a misspelled template option, naming the template's options", () => {
    expect(messages({ workloads: [{ name: "a", template: "amm-swaps", options: { pool: 1 } }] })).to.deep.equal([
      "parallel.workloads[0].options.pool is not a known option; known options are: token, factory, router, pair, pools",
    ]);
    expect(
      messages({ workloads: [{ name: "a", template: "amm-swaps", options: { pools: 1, token: "T" } }] }),
    ).to.deep.equal([]);
    expect(messages({ workloads: [{ name: "c", template: "call-mix", options: { call: [] } }] })[0]).to.match(
      /options.call is not a known option; known options are: calls, deploy$/,
    );
  });

  it("lists every option each template reads, and the same template ids as the generators", async () => {
    const { TEMPLATE_OPTIONS } = await import("../../../src/report/workloads/templates/template-options.js");
    const { templateIds } = await import("../../../src/report/workloads/templates/builtin-templates.js");
    expect(Object.keys(TEMPLATE_OPTIONS).sort()).to.deep.equal(templateIds().sort());
    const { readFile, readdir } = await import("node:fs/promises");
    const dir = new URL("../../../src/report/workloads/templates/", import.meta.url);
    const read = new Set<string>();
    for (const file of await readdir(dir)) {
      const text = await readFile(new URL(file, dir), "utf8");
      for (const match of text.matchAll(/(?:stringOption|intOption)\(api, "(\w+)"|options\.(\w+)/g))
        read.add(match[1] ?? match[2] ?? "");
    }
    const listed = new Set(Object.values(TEMPLATE_OPTIONS).flat());
    expect([...read].filter((key) => !listed.has(key))).to.deep.equal([]);
  });

  it("checks report formats and workloads one by one", () => {
    expect(messages({ report: { formats: ["json", "pdf"] } })[0]).to.match(
      /^parallel.report.formats\[1\] must be one of/,
    );
    expect(messages({ workloads: [{ template: "amm-swaps" }] })).to.deep.equal([
      "parallel.workloads[0].name must be a non-empty string, got undefined",
    ]);
    expect(messages({ workloads: [{ name: "x", template: "nope" }] })[0]).to.match(/template must be one of/);
    expect(
      messages({
        workloads: [
          { name: "x", template: "amm-swaps" },
          { name: "x", template: "lending" },
        ],
      }),
    ).to.deep.equal(['parallel.workloads[1].name "x" is used by another workload; names must be unique']);
    expect(messages({ workloads: [{ name: "x", template: "battles", hotRatio: 2 }] })).to.deep.equal([
      "parallel.workloads[0].hotRatio must be a number in [0, 1], got 2",
    ]);
  });

  it("reports every problem at once", () => {
    expect(validateParallelUserConfig({ workers: -1, shards: 0, strategy: 3 })).to.have.length(3);
  });
});

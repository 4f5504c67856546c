import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatParallel from "../../../src/index.js";
import type { ScaffoldOutcome } from "../../../src/tasks/parallel-init/scaffold-files.js";
import { REPO_ROOT, fixturePath } from "../../helpers/fixtures.js";

const root = fixturePath("tmp-init-project");

async function run(task: string, args: Record<string, unknown>): Promise<unknown> {
  const hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, root);
  const original = console.log;
  const previous = process.exitCode;
  console.log = () => {};
  try {
    return await hre.tasks.getTask(task).run(args);
  } finally {
    console.log = original;
    process.exitCode = previous;
  }
}

describe("parallel-init", function () {
  before(async () => {
    await rm(root, { recursive: true, force: true });
    await cp(fixturePath("init-project"), root, { recursive: true });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("scaffolds a workload from the project's contract, the CI workflow and a baseline", async () => {
    const outcomes = (await run("parallel-init", {})) as ScaffoldOutcome[];
    expect(outcomes.map((o) => `${o.action} ${o.file}`)).to.deep.equal([
      `created ${path.join("parallel", "workloads", "example.ts")}`,
      `created ${path.join(".github", "workflows", "parallel.yml")}`,
      "created parallel-baseline.json",
    ]);
    const workload = await readFile(path.join(root, "parallel", "workloads", "example.ts"), "utf8");
    expect(workload).to.include('api.deploy("Counter")');
    expect(workload).to.include('function: "incBy"');
    const baseline = JSON.parse(await readFile(path.join(root, "parallel-baseline.json"), "utf8")) as {
      workloads: object;
    };
    expect(Object.keys(baseline.workloads)).to.deep.equal(["counter-calls"]);
  });

  for (const template of ["01-node-test-runner-viem", "02-mocha-ethers"]) {
    it(`generates a workload that passes \`tsc --noEmit\` with the ${template} --init template's tsconfig`, async () => {
      const tsconfig = JSON.parse(
        await readFile(path.join(REPO_ROOT, "node_modules", "hardhat", "templates", template, "tsconfig.json"), "utf8"),
      ) as { compilerOptions: Record<string, unknown> };
      const file = path.join(root, `tsconfig.${template}.json`);
      const strict = { ...tsconfig.compilerOptions, noEmit: true, strict: true, noUncheckedIndexedAccess: true };
      await writeFile(file, JSON.stringify({ compilerOptions: strict, files: ["parallel/workloads/example.ts"] }));
      const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
      const result = spawnSync(process.execPath, [tsc, "-p", file], { cwd: root, encoding: "utf8" });
      expect(result.stdout + result.stderr).to.equal("");
      expect(result.status).to.equal(0);
    });
  }

  it("is idempotent and never overwrites without --force", async () => {
    const file = path.join(root, ".github", "workflows", "parallel.yml");
    await writeFile(file, "# mine\n");
    const outcomes = (await run("parallel-init", {})) as ScaffoldOutcome[];
    expect(outcomes.every((o) => o.action === "skipped")).to.equal(true);
    expect(await readFile(file, "utf8")).to.equal("# mine\n");
    const forced = (await run("parallel-init", { force: true, noBaseline: true })) as ScaffoldOutcome[];
    expect(forced.map((o) => o.action)).to.deep.equal(["overwritten", "overwritten"]);
    expect(await readFile(file, "utf8")).to.include("parallel-report --check");
  });

  it("warns when package.json declares solc with a range, and ends with the next step", async () => {
    const file = path.join(root, "package.json");
    const original = await readFile(file, "utf8");
    const lines: string[] = [];
    const log = console.log;
    try {
      await writeFile(file, JSON.stringify({ ...JSON.parse(original), devDependencies: { solc: "^0.8.28" } }));
      const hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, root);
      console.log = (...args: unknown[]) => lines.push(args.join(" "));
      await hre.tasks.getTask("parallel-init").run({ noBaseline: true });
    } finally {
      console.log = log;
      await writeFile(file, original);
    }
    const text = lines.join("\n");
    expect(text).to.include('package.json declares solc "^0.8.28", a range');
    expect(text).to.include("npm install --save-dev --save-exact solc@0.8.28");
    expect(lines.at(-1)).to.match(/^\nNext: `npx hardhat parallel-report` shows the report/);
  });

  it("leaves a setup whose --check passes", async () => {
    expect(existsSync(path.join(root, "parallel-baseline.json"))).to.equal(true);
    const previous = process.exitCode;
    await run("parallel-report", { check: true, quiet: true, format: "json" });
    const report = JSON.parse(await readFile(path.join(root, "parallel-report", "parallel-report.json"), "utf8")) as {
      check: { passed: boolean };
    };
    expect(report.check.passed).to.equal(true);
    process.exitCode = previous;
  });
});

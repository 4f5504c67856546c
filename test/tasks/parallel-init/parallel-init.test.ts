import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
      `created ${path.join("parallel", "workloads", "counter.ts")}`,
      `created ${path.join(".github", "workflows", "parallel.yml")}`,
      "created parallel-baseline.json",
    ]);
    const workload = await readFile(path.join(root, "parallel", "workloads", "counter.ts"), "utf8");
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
      await writeFile(file, JSON.stringify({ compilerOptions: strict, files: ["parallel/workloads/counter.ts"] }));
      const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
      const result = spawnSync(process.execPath, [tsc, "-p", file], { cwd: root, encoding: "utf8" });
      expect(result.stdout + result.stderr).to.equal("");
      expect(result.status).to.equal(0);
    });
  }

  it("writes a workflow whose later steps read the directory its report step writes", async () => {
    const workflow = await readFile(path.join(root, ".github", "workflows", "parallel.yml"), "utf8");
    const out = /parallel-report --check .*--out (\S+)/.exec(workflow)?.[1];
    expect(out, "the report step must pass --out: parallel.report.outDir may be anything").to.be.a("string");
    const reads = [...workflow.matchAll(/(?:cat |path: |sarif_file: )(\S+)/g)].map((m) => m[1]);
    expect(reads).to.have.length(3);
    for (const read of reads) expect(read).to.match(new RegExp(`^${out}/`));
  });

  it("writes a workflow whose SARIF upload has its permission and never fails the gate", async () => {
    const workflow = await readFile(path.join(root, ".github", "workflows", "parallel.yml"), "utf8");
    // A repository whose default token is read-only refuses the upload without security-events: write; a
    // fork's pull request or a private repository without code scanning refuses it anyway.
    expect(workflow).to.match(/^permissions:\n(?: {2}\S.*\n)*? {2}security-events: write\n/m);
    const upload = /- uses: github\/codeql-action\/upload-sarif@\S+\n((?: {8}\S.*\n)+)/.exec(workflow)?.[1];
    expect(upload, "the workflow uploads the SARIF").to.be.a("string");
    expect(upload).to.include("continue-on-error: true");
  });

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

  it("says a kept baseline lacks the workloads it just created, and the command that records them", async () => {
    const dir = path.join(root, "parallel", "workloads");
    const [first] = await readdir(dir);
    if (first === undefined) throw new Error("parallel-init wrote no workload in the fixture");
    await rm(path.join(dir, first));
    const lines: string[] = [];
    const log = console.log;
    try {
      const hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, root);
      console.log = (...args: unknown[]) => lines.push(args.join(" "));
      await hre.tasks.getTask("parallel-init").run({});
    } finally {
      console.log = log;
    }
    const text = lines.join("\n");
    expect(text).to.include(`created     ${path.join("parallel", "workloads", first)}`);
    expect(text).to.include(
      `parallel-baseline.json was kept, so it has no figures for the workloads just created (${path.join("parallel", "workloads", first)})`,
    );
    expect(text).to.include("npx hardhat parallel-report --update-baseline");
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

  it("adds the report folder to an existing .gitignore once, so the generated report is not committed", async () => {
    const ignore = path.join(root, ".gitignore");
    await writeFile(ignore, "/node_modules\n/artifacts");
    const first = (await run("parallel-init", { noBaseline: true })) as ScaffoldOutcome[];
    expect(first).to.deep.include({ file: ".gitignore", action: "updated" });
    expect(await readFile(ignore, "utf8")).to.equal(
      "/node_modules\n/artifacts\n\n# hardhat-parallel: the report parallel-report writes (CI uploads it)\n/parallel-report/\n",
    );
    const again = (await run("parallel-init", { noBaseline: true })) as ScaffoldOutcome[];
    expect(again.map((o) => o.file)).to.not.include(".gitignore");
    await rm(ignore);
  });

  it("writes a workload for a contract that links an external library, and that workload runs", async () => {
    await writeFile(
      path.join(root, "contracts", "Tally.sol"),
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

library Adding {
    function add(mapping(address => uint256) storage m, address who) public {
        m[who] += 1;
    }
}

contract Tally {
    mapping(address => uint256) public counts;

    function bump() external {
        Adding.add(counts, msg.sender);
    }
}
`,
    );
    const outcomes = (await run("parallel-init", { noBaseline: true })) as ScaffoldOutcome[];
    expect(outcomes).to.deep.include({ file: path.join("parallel", "workloads", "tally.ts"), action: "created" });
    await run("parallel-report", { workload: "tally-calls", quiet: true, format: "json" });
    const report = JSON.parse(await readFile(path.join(root, "parallel-report", "parallel-report.json"), "utf8")) as {
      workloads: Array<{ name: string; transactions: number; revertedTransactions?: number }>;
    };
    expect(report.workloads.map((w) => [w.name, w.transactions])).to.deep.equal([["tally-calls", 300]]);
  });
});

describe("parallel-init on a user's own contracts (an OZ ERC20, an NFT with an overloaded mint, a payable vault)", function () {
  const userRoot = fixturePath("tmp-init-user-project");
  const lines: string[] = [];

  before(async () => {
    await rm(userRoot, { recursive: true, force: true });
    await cp(fixturePath("init-user-project"), userRoot, { recursive: true });
    const hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, userRoot);
    const log = console.log;
    console.log = (...args: unknown[]) => lines.push(args.join(" "));
    try {
      await hre.tasks.getTask("parallel-init").run({});
    } finally {
      console.log = log;
    }
  });
  after(() => rm(userRoot, { recursive: true, force: true }));

  it("writes one workload per contract and a baseline whose workloads all ran", async () => {
    const files = ["my-nft.ts", "my-token.ts", "vault.ts", "wizard-token.ts"].map((f) =>
      path.join("parallel", "workloads", f),
    );
    for (const file of files) expect(lines).to.include(`created     ${file}`);
    expect(lines).to.include("created     parallel-baseline.json");
    const baseline = JSON.parse(await readFile(path.join(userRoot, "parallel-baseline.json"), "utf8")) as {
      workloads: object;
    };
    expect(Object.keys(baseline.workloads).sort()).to.deep.equal([
      "my-nft-calls",
      "my-token-calls",
      "vault-calls",
      "wizard-token-calls",
    ]);
    for (const file of files) {
      const source = await readFile(path.join(userRoot, file), "utf8");
      expect(source, file).to.not.match(/__[A-Z_]+__|^\s*;\s*$|;;/m);
    }
  });

  it("names overloaded functions by signature, sends ETH to payable ones and mints before transfers", async () => {
    const nft = await readFile(path.join(userRoot, "parallel", "workloads", "my-nft.ts"), "utf8");
    expect(nft).to.include('function: "mint()"');
    expect(nft).to.include('function: "mint(address)"');
    expect(nft).to.not.include("safeTransferFrom");
    const vault = await readFile(path.join(userRoot, "parallel", "workloads", "vault.ts"), "utf8");
    expect(vault).to.match(/function: "deposit", args: \(api, from\) => \[\], value: 10n \*\* 15n/);
    const token = await readFile(path.join(userRoot, "parallel", "workloads", "my-token.ts"), "utf8");
    expect(token).to.include('api.queue(target, "mint", [account, 10n ** 21n])');
    expect(token).to.include('function: "transfer"');
    expect(token).to.not.include('function: "transferFrom"');
    // The owner a constructor takes is the deployer (who then mints to every account); a supply is large.
    const wizard = await readFile(path.join(userRoot, "parallel", "workloads", "wizard-token.ts"), "utf8");
    expect(wizard).to.include('api.deploy("WizardToken", [api.deployer, 10n ** 24n])');
    expect(wizard).to.include('api.queue(target, "mint", [account, 10n ** 21n])');
  });

  it("generates workloads that pass strict `tsc --noEmit` with the mocha-ethers --init template's tsconfig", async () => {
    const template = path.join(REPO_ROOT, "node_modules", "hardhat", "templates", "02-mocha-ethers", "tsconfig.json");
    const tsconfig = JSON.parse(await readFile(template, "utf8")) as { compilerOptions: Record<string, unknown> };
    const file = path.join(userRoot, "tsconfig.strict.json");
    const strict = { ...tsconfig.compilerOptions, noEmit: true, strict: true, noUncheckedIndexedAccess: true };
    const files = ["my-nft.ts", "my-token.ts", "vault.ts", "wizard-token.ts"].map((f) => `parallel/workloads/${f}`);
    await writeFile(file, JSON.stringify({ compilerOptions: { ...strict, exactOptionalPropertyTypes: true }, files }));
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", file], { cwd: userRoot, encoding: "utf8" });
    expect(result.stdout + result.stderr).to.equal("");
    expect(result.status).to.equal(0);
  });

  it("leaves workloads whose transactions mostly succeed, one sender per block, and a passing --check", async () => {
    const hre = await createHardhatRuntimeEnvironment({ plugins: [hardhatParallel], solidity: "0.8.28" }, {}, userRoot);
    const log = console.log;
    const previous = process.exitCode;
    console.log = () => {};
    try {
      await hre.tasks.getTask("parallel-report").run({ check: true, quiet: true, format: "json", noCompile: true });
    } finally {
      console.log = log;
    }
    const report = JSON.parse(
      await readFile(path.join(userRoot, "parallel-report", "parallel-report.json"), "utf8"),
    ) as {
      check: { passed: boolean };
      workloads: Array<{ name: string; transactions: number; reverted: number; findings: Array<{ kind: string }> }>;
      contracts: Array<{ name: string; hotspots: Array<{ variable: string; declaration: unknown }> }>;
      findings: Array<{ subject: string; source: unknown }>;
    };
    // Every static hotspot and finding points at a line, the vault's own ETH balance included (one finding).
    const vault = report.contracts.find((c) => c.name === "Vault");
    expect(vault?.hotspots.map((h) => h.variable)).to.include("ETH balance of address(this)");
    for (const h of vault?.hotspots ?? []) expect(h.declaration, h.variable).to.not.equal(null);
    for (const f of report.findings) expect(f.source, f.subject).to.not.equal(null);
    expect(
      report.findings.filter((f) => f.subject.startsWith("Vault") && f.subject.includes("ETH balance")),
    ).to.have.length(1);
    expect(report.check.passed).to.equal(true);
    process.exitCode = previous;
    for (const w of report.workloads) {
      expect(w.reverted, w.name).to.be.lessThan(w.transactions / 2);
      expect(
        w.findings.map((f) => f.kind),
        w.name,
      ).to.not.include("nonce-chain");
    }
  });
});

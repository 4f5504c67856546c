import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { AbiCoder, id, keccak256 } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../../src/index.js";
import type { ParallelReport } from "../../../src/report/report-model.js";
import { REPO_ROOT, errorOf, fixturePath } from "../../helpers/fixtures.js";

import { validate, type Schema } from "../../report/render/json-schema-subset.js";

import { callMix } from "./report-project.js";

const root = fixturePath("tmp-report-project");
const ledger = path.join(root, "contracts", "Ledger.sol");

type WorkloadList = NonNullable<
  NonNullable<Parameters<typeof createHardhatRuntimeEnvironment>[0]["parallel"]>["workloads"]
>;

function hre(workloads?: WorkloadList, profile = false): Promise<HardhatRuntimeEnvironment> {
  return createHardhatRuntimeEnvironment(
    {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      parallel: {
        profile,
        report: { formats: ["json"] },
        workloads: workloads ?? [
          {
            name: "bumps",
            template: "call-mix",
            accounts: 20,
            transactions: 60,
            blockSize: 20,
            options: { calls: [{ contract: "Ledger", function: "bump" }] },
          },
        ],
      },
    },
    {},
    root,
  );
}

async function report(
  args: Record<string, unknown>,
  workloads?: WorkloadList,
  profile = false,
): Promise<{ report: ParallelReport; exitCode: number | undefined }> {
  const previous = process.exitCode;
  process.exitCode = undefined;
  const original = console.log;
  console.log = () => {};
  try {
    await (await hre(workloads, profile)).tasks.getTask("parallel-report").run({ quiet: true, ...args });
    const json = await readFile(path.join(root, "parallel-report", "parallel-report.json"), "utf8");
    return { report: JSON.parse(json) as ParallelReport, exitCode: process.exitCode as number | undefined };
  } finally {
    console.log = original;
    process.exitCode = previous;
  }
}

/** A call-mix workload of 40 `Ledger.bump` calls in blocks of 20. */
function bumps(name: string, seed: number) {
  return callMix(name, { contract: "Ledger", function: "bump" }, { seed });
}

/** The report's workloads without what wall time decides (the measured re-runs). */
function withoutMeasurements(r: ParallelReport) {
  return r.workloads.map((w) => ({
    ...w,
    measured: w.measured === undefined ? null : { workers: w.measured.workers },
    sharding: w.sharding === undefined ? null : { ...w.sharding, measured: null },
  }));
}

describe("parallel-report task", function () {
  before(async () => {
    await rm(root, { recursive: true, force: true });
    await cp(fixturePath("report-project"), root, { recursive: true });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("reports a per-user contract as parallel and passes its own baseline", async () => {
    const first = await report({ updateBaseline: true });
    const workload = first.report.workloads[0];
    expect(workload?.name).to.equal("bumps");
    expect(workload?.transactions).to.equal(60);
    expect(workload?.speedups.find((s) => s.threads === 16)?.dag).to.be.greaterThan(4);
    expect(first.report.soundness.misses).to.deep.equal([]);
    const schema = JSON.parse(
      await readFile(path.join(REPO_ROOT, "schemas", "parallel-report.schema.json"), "utf8"),
    ) as Schema;
    expect(validate(first.report, schema)).to.deep.equal([]);
    const checked = await report({ check: true });
    expect(checked.report.check?.passed).to.equal(true);
    expect(checked.exitCode).to.equal(undefined);
  });

  it("is deterministic: two runs give the same JSON apart from wall-time fields, and the same baseline", async () => {
    // Wall-time fields: the measured runs of the real executors (Block-STM, and sharded beside the simulation).
    const strip = (r: ParallelReport) =>
      JSON.stringify({
        ...r,
        timing: null,
        workloads: r.workloads.map((w) => ({
          ...w,
          measured: null,
          sharding: w.sharding === undefined ? null : { ...w.sharding, measured: null },
        })),
      });
    const baselineFile = path.join(root, "parallel-baseline.json");
    await report({ updateBaseline: true });
    const firstBaseline = await readFile(baselineFile, "utf8");
    const first = await report({});
    await report({ updateBaseline: true });
    const second = await report({});
    expect(strip(second.report)).to.equal(strip(first.report));
    expect(await readFile(baselineFile, "utf8")).to.equal(firstBaseline);
  });

  it("records several workloads on two threads with the same figures as on one thread", async () => {
    const strip = (r: ParallelReport) =>
      JSON.stringify({
        ...r,
        timing: null,
        workloads: withoutMeasurements(r),
      });
    const workloads = [bumps("a", 1), bumps("b", 2), bumps("c", 3)];
    const previous = process.env.HARDHAT_PARALLEL_RECORD_THREADS;
    try {
      process.env.HARDHAT_PARALLEL_RECORD_THREADS = "2";
      const two = await report({}, workloads);
      process.env.HARDHAT_PARALLEL_RECORD_THREADS = "1";
      const one = await report({}, workloads);
      expect(two.report.workloads.map((w) => w.name)).to.deep.equal(["a", "b", "c"]);
      expect(
        two.report.workloads.every((w) => w.measured !== undefined && w.sharding?.measured !== undefined),
      ).to.equal(true);
      expect(strip(two.report)).to.equal(strip(one.report));
    } finally {
      if (previous === undefined) delete process.env.HARDHAT_PARALLEL_RECORD_THREADS;
      else process.env.HARDHAT_PARALLEL_RECORD_THREADS = previous;
    }
  });

  it("gives the same report with the analyses on their own thread as on the main thread", async () => {
    const strip = (r: ParallelReport) =>
      JSON.stringify({
        ...r,
        timing: Object.keys(r.timing.phases)
          .filter((p) => !p.includes("›"))
          .sort(),
        workloads: withoutMeasurements(r),
      });
    const workloads = [bumps("a", 1), bumps("b", 2)];
    const previous = process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD;
    try {
      process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = "0";
      const here = await report({}, workloads);
      process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = "1";
      const threaded = await report({}, workloads);
      expect(threaded.report.workloads.map((w) => w.name)).to.deep.equal(["a", "b"]);
      expect(threaded.report.precision?.predictedPairs).to.be.greaterThan(0);
      expect(threaded.report.timing.phases["dynamic analysis"]).to.be.a("number");
      expect(strip(threaded.report)).to.equal(strip(here.report));
    } finally {
      if (previous === undefined) delete process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD;
      else process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = previous;
    }
  });

  it("gives the same test-run profile entry, precision and soundness with the profile analysed beside the recording", async () => {
    await report({}, [bumps("a", 1)]);
    const artifact = JSON.parse(
      await readFile(path.join(root, "artifacts", "contracts", "Ledger.sol", "Ledger.json"), "utf8"),
    ) as { bytecode: string };
    const ledger = `0x${"4c".repeat(20)}`;
    const [alice, bob] = [`0x${"aa".repeat(20)}`, `0x${"bb".repeat(20)}`];
    const slotOf = (user: string) => keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [user, 0]));
    const bump = (block: number, from: string) => {
      const key = `storage:${ledger}:${slotOf(from)}`;
      const hash = `0x${String(block).padStart(64, "0")}`;
      const fields = { block, index: 0, hash, from, to: ledger, input: id("bump()").slice(0, 10), created: null };
      return { ...fields, status: 1, gasUsed: 43_000, reads: [key], writes: [key], deltas: [], calls: null };
    };
    const deployment = {
      ...bump(1, alice),
      to: null,
      input: artifact.bytecode,
      created: ledger,
      reads: [],
      writes: [],
    };
    const records = [{ format: "hardhat-parallel-profile", version: 2 }, deployment, bump(2, alice), bump(3, alice)];
    records.push(bump(4, bob));
    const dir = await mkdtemp(path.join(os.tmpdir(), "report-profile-"));
    await writeFile(path.join(dir, "1-1-0.jsonl"), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const strip = (r: ParallelReport) => JSON.stringify({ ...r, timing: null, workloads: withoutMeasurements(r) });
    const previous = [process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD, process.env.HARDHAT_PARALLEL_PROFILE_DIR];
    try {
      process.env.HARDHAT_PARALLEL_PROFILE_DIR = dir;
      process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = "0";
      const here = await report({}, [bumps("a", 1), bumps("b", 2)], true);
      process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = "1";
      const threaded = await report({}, [bumps("a", 1), bumps("b", 2)], true);
      expect(threaded.report.testProfile?.transactions).to.equal(3);
      // The profile's three calls are checked after the workloads' 80: the figures are over all of them.
      expect(threaded.report.soundness.checkedTransactions).to.equal(83);
      expect(strip(threaded.report)).to.equal(strip(here.report));
    } finally {
      const [thread, profileDir] = previous;
      if (thread === undefined) delete process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD;
      else process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = thread;
      if (profileDir === undefined) delete process.env.HARDHAT_PARALLEL_PROFILE_DIR;
      else process.env.HARDHAT_PARALLEL_PROFILE_DIR = profileDir;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the failing workload and its contract when the second thread runs it", async () => {
    const ok = {
      name: "ok",
      template: "call-mix",
      transactions: 10,
      blockSize: 10,
      options: { calls: [{ contract: "Ledger", function: "bump" }] },
    };
    const ghost = { name: "ghost", template: "nft-mint", transactions: 10, blockSize: 10, options: { nft: "Ghost" } };
    const previous = process.env.HARDHAT_PARALLEL_RECORD_THREADS;
    process.env.HARDHAT_PARALLEL_RECORD_THREADS = "2";
    const error = await errorOf(() => report({}, [ok, ghost, { ...ghost, name: "ghost2" }])).finally(() => {
      if (previous === undefined) delete process.env.HARDHAT_PARALLEL_RECORD_THREADS;
      else process.env.HARDHAT_PARALLEL_RECORD_THREADS = previous;
    });
    expect(error.message).to.match(
      /Contract "Ghost" \(used by workload "ghost2?"\) is not among the compiled artifacts/,
    );
  });

  it("fails --check naming the variable and the pair when a global counter is added to the hot function", async () => {
    const source = await readFile(ledger, "utf8");
    await writeFile(
      ledger,
      source
        .replace("public counts;", "public counts;\n    uint256 public total;")
        .replace("counts[msg.sender] += 1;", "counts[msg.sender] += 1;\n        total = total + 1;"),
    );
    const { report: r, exitCode } = await report({ check: true });
    expect(exitCode).to.equal(1);
    expect(r.check?.passed).to.equal(false);
    const messages = (r.check?.findings ?? [])
      .filter((f) => f.severity === "error")
      .map((f) => f.message)
      .join("\n");
    expect(messages).to.include("total");
    expect(messages).to.include("bump()");
    expect(messages).to.match(/always conflict|new hotspot/);
  });

  it("refuses a malformed baseline with the file name and the fix", async () => {
    await writeFile(path.join(root, "parallel-baseline.json"), "{ not json");
    const error = await errorOf(() => report({ check: true }));
    expect(error.message).to.include("parallel-baseline.json is not valid");
    expect(error.message).to.include("--update-baseline");
  });

  it("names the known workloads for an unknown --workload", async () => {
    const error = await errorOf(() => report({ workload: "nope" }));
    expect(error.message).to.include('No workload named "nope". Known workloads: bumps');
  });

  it("names the workload and the contract when a contract is missing from the artifacts", async () => {
    const error = await errorOf(() =>
      report({}, [{ name: "ghost", template: "nft-mint", transactions: 10, blockSize: 10, options: { nft: "Ghost" } }]),
    );
    expect(error.message).to.include('Contract "Ghost" (used by workload "ghost") is not among the compiled artifacts');
    // The names a user can pick from, and where to change the workload.
    expect(error.message).to.match(/the compiled contracts are: [A-Z]\w*(, [A-Z]\w*)*\./);
    expect(error.message).to.include("parallel/workloads/");
  });

  it("fails a workload whose every transaction reverts, and names a reason", async () => {
    // ETH sent to a non-payable function: every call reverts.
    const calls = [{ contract: "Ledger", function: "bump", value: "1" }];
    const error = await errorOf(() =>
      report({}, [{ name: "views", template: "call-mix", transactions: 10, blockSize: 10, options: { calls } }]),
    );
    expect(error.message).to.include(
      'Workload "views" failed during the transaction stream: all 10 transactions reverted',
    );
  });

  it("fails a workload whose setup throws, naming the workload and the phase", async () => {
    const error = await errorOf(() =>
      report({}, [{ name: "broken", template: "call-mix", transactions: 10, blockSize: 10, options: { calls: [] } }]),
    );
    expect(error.message).to.include('Workload "broken" failed during setup or execution');
    expect(error.message).to.include("options.calls");
  });

  it("refuses --no-compile on artifacts older than an edited source, naming it; compiling first reads the edit", async () => {
    await report({});
    const original = await readFile(ledger, "utf8");
    try {
      await writeFile(ledger, `${original}\n// edited after the last build\n`);
      const error = await errorOf(() => report({ noCompile: true }));
      expect(error.message).to.include("contracts/Ledger.sol (changed) since the last build");
      expect(error.message).to.include("Drop --no-compile");
      expect((await report({})).report.contracts.map((c) => c.name)).to.include("Ledger");
    } finally {
      await writeFile(ledger, original);
    }
  });

  describe("corrupt build output", () => {
    const buildInfo = path.join(root, "artifacts", "build-info");
    let saved: Array<{ file: string; text: string }> = [];

    beforeEach(async () => {
      await report({});
      const names = await readdir(buildInfo);
      saved = await Promise.all(
        names.map(async (name) => ({
          file: path.join(buildInfo, name),
          text: await readFile(path.join(buildInfo, name), "utf8"),
        })),
      );
    });

    afterEach(async () => {
      for (const name of await readdir(buildInfo)) await rm(path.join(buildInfo, name));
      for (const { file, text } of saved) await writeFile(file, text);
    });

    it("names a truncated build-info and the fix instead of an unexpected error", async () => {
      const output = saved.find((entry) => entry.file.endsWith(".output.json"));
      if (output === undefined) throw new Error("no build-info output in the fixture");
      await writeFile(output.file, output.text.slice(0, 100));
      const error = await errorOf(() => report({ noCompile: true }));
      expect(error.message).to.include(`${output.file} is not valid JSON`);
      expect(error.message).to.include("recompile");
      expect(error.message).to.not.include("unexpected error");
    });

    it("refuses build output without storageLayout instead of silently analysing bytecode", async () => {
      const output = saved.find((entry) => entry.file.endsWith(".output.json"));
      if (output === undefined) throw new Error("no build-info output in the fixture");
      await writeFile(output.file, output.text.replaceAll('"storageLayout":', '"storageLayoutRemoved":'));
      const error = await errorOf(() => report({ noCompile: true }));
      expect(error.message).to.match(/have no storageLayout for .*Ledger/);
      expect(error.message).to.include("npx hardhat build --force");
    });

    it("names a missing .output.json the same way when the analyses run on their own thread", async () => {
      const output = saved.find((entry) => entry.file.endsWith(".output.json"));
      if (output === undefined) throw new Error("no build-info output in the fixture");
      await rm(output.file);
      process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD = "1";
      const error = await errorOf(() => report({ noCompile: true })).finally(() => {
        delete process.env.HARDHAT_PARALLEL_ANALYSIS_THREAD;
      });
      expect(error.message).to.include(`(${output.file} is missing)`);
      expect(error.message).to.include("npx hardhat build --force");
    });

    it("fails when a build-info's .output.json is missing instead of reporting 0 contracts", async () => {
      const output = saved.find((entry) => entry.file.endsWith(".output.json"));
      if (output === undefined) throw new Error("no build-info output in the fixture");
      await rm(output.file);
      const error = await errorOf(() => report({ noCompile: true }));
      expect(error.message).to.include(`(${output.file} is missing)`);
      expect(error.message).to.include("npx hardhat build --force");
    });
  });
});

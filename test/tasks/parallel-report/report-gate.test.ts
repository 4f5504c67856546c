import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import type { CheckFinding } from "../../../src/report/report-model.js";
import { errorOf } from "../../helpers/fixtures.js";

import { ReportProject } from "./report-project.js";

const TALLY = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Tally {
    uint256 public total;
    mapping(address => uint256) public mine;

    function add() external {
        total += 1;
        mine[msg.sender] += 1;
    }
}
`;

const TOKEN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract Token is ERC20 {
    constructor() ERC20("Token", "TOK") {
        _mint(msg.sender, 1e24);
    }
}
`;

const TEST_CONTRACT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract LedgerTest {
    uint256 public runs;

    function testBump() public {
        runs += 1;
    }
}
`;

const EXTRA = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Extra {
    uint256 public calls;

    function ping() external {
        calls += 1;
    }
}
`;

function lines(findings: readonly CheckFinding[] | undefined, severity: CheckFinding["severity"]): CheckFinding[] {
  return (findings ?? []).filter((f) => f.severity === severity);
}

describe("parallel-report gate on a project being edited", function () {
  const project = new ReportProject("tmp-report-gate-project");
  const ledger = "contracts/Ledger.sol";

  before(async () => {
    await project.create({
      "contracts/Tally.sol": TALLY,
      "contracts/Token.sol": TOKEN,
      "contracts/Ledger.t.sol": TEST_CONTRACT,
    });
    await project.run({ updateBaseline: true });
  });
  after(() => project.remove());

  it("passes its own baseline with no lines and no hint, and leaves test contracts out", async () => {
    const { report, exitCode } = await project.run({ check: true });
    expect(report.check?.findings).to.deep.equal([]);
    expect(report.check?.hint ?? undefined).to.equal(undefined);
    expect(exitCode).to.equal(undefined);
    expect(report.contracts.map((c) => c.name)).to.deep.equal(["Ledger", "Tally", "Token"]);
    expect(report.findings.map((f) => f.id)).to.include("hot-slot:Tally.total");
  });

  it("passes after moving a declaration below the functions and overriding transfer in the ERC20", async () => {
    await project.write(
      "contracts/Tally.sol",
      TALLY.replace("    uint256 public total;\n", "").replace(/}\n$/, "\n    uint256 public total;\n}\n"),
    );
    await project.write(
      "contracts/Token.sol",
      TOKEN.replace(
        /}\n$/,
        "\n    function transfer(address to, uint256 value) public override returns (bool) {\n        return super.transfer(to, value);\n    }\n}\n",
      ),
    );
    const { report } = await project.run({ check: true });
    expect(lines(report.check?.findings, "error"), JSON.stringify(report.check?.findings)).to.deep.equal([]);
    expect(report.check?.passed).to.equal(true);
  });

  it("analyses the edited source after an incremental compile, not an older build-info", async () => {
    const source = await project.read(ledger);
    await project.write(
      ledger,
      source.replace(
        "    function bump()",
        "    function reset() external {\n        counts[msg.sender] = 0;\n    }\n\n    function bump()",
      ),
    );
    const { report } = await project.run({});
    const buildInfos = (await readdir(project.file("artifacts/build-info"))).filter((f) => !f.endsWith(".output.json"));
    expect(buildInfos.length).to.be.greaterThan(1);
    expect(report.contracts.find((c) => c.name === "Ledger")?.functions).to.include("reset()");
    expect(report.soundness.misses).to.deep.equal([]);
  });

  it("fails --check with one line naming the variable, the function and the fix for a new global counter", async () => {
    const source = await project.read(ledger);
    await project.write(
      ledger,
      source
        .replace("public counts;", "public counts;\n    uint256 public total;")
        .replace("counts[msg.sender] += 1;", "counts[msg.sender] += 1;\n        total = total + 1;"),
    );
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(1);
    const errors = lines(report.check?.findings, "error");
    expect(errors, JSON.stringify(report.check?.findings, null, 1)).to.have.length(1);
    const [line] = errors;
    expect(line?.message).to.include("Ledger.total");
    expect(line?.message).to.include("bump()");
    expect(line?.message).to.include("Fix: ");
    expect(line?.cause).to.equal("hot-slot:Ledger.total");
    expect(line?.diff?.before).to.match(/x at \d+ threads$/);
    expect(line?.source?.file).to.equal(ledger);
    expect(report.check?.hint).to.include("--update-baseline");
    expect(report.check?.hint).to.include("@custom:parallel-allow");
  });

  it("turns the whole change into one warning when the counter is acknowledged, speedup drop included", async () => {
    const source = await project.read(ledger);
    await project.write(
      ledger,
      source.replace(
        "    uint256 public total;",
        "    /// @custom:parallel-allow the total is needed on-chain\n    uint256 public total;",
      ),
    );
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(undefined);
    expect(lines(report.check?.findings, "error")).to.deep.equal([]);
    const warnings = lines(report.check?.findings, "warning");
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.message).to.include("acknowledged: the total is needed on-chain");
    expect(warnings[0]?.diff).to.not.equal(undefined);
  });

  it("no longer counts an acknowledgement once it is deleted from the source", async () => {
    const source = await project.read(ledger);
    await project.write(ledger, source.replace("    /// @custom:parallel-allow the total is needed on-chain\n", ""));
    const { report, exitCode } = await project.run({ check: true });
    expect(exitCode).to.equal(1);
    expect(lines(report.check?.findings, "error")).to.have.length(1);
  });

  it("refuses --check with --update-baseline as a usage error and writes nothing", async () => {
    const before = await project.read("parallel-baseline.json");
    const error = await errorOf(() => project.run({ check: true, updateBaseline: true }));
    expect(error.message).to.include("--check and --update-baseline cannot be used together");
    expect(await project.read("parallel-baseline.json")).to.equal(before);
  });

  it("--static gates the static findings without running workloads", async () => {
    const { report, exitCode } = await project.run({ check: true, static: true });
    expect(report.mode).to.equal("static");
    expect(report.workloads).to.deep.equal([]);
    expect(exitCode).to.equal(1);
    const errors = lines(report.check?.findings, "error");
    expect(errors.map((e) => e.cause)).to.deep.equal(["hot-slot:Ledger.total"]);
    expect(errors[0]?.diff ?? undefined).to.equal(undefined);
  });

  it("flags a new contract and its hot slot as warnings: new code makes nothing less parallel", async () => {
    await project.write("contracts/Extra.sol", EXTRA);
    const { report } = await project.run({ check: true, static: true });
    const causes = (report.check?.findings ?? []).map((f) => `${f.severity} ${f.cause}`);
    expect(causes).to.include("warning contract:Extra");
    expect(causes).to.include("warning hot-slot:Extra.calls");
  });

  it("runs static-only when the project has no workloads", async () => {
    const { report } = await project.run({}, []);
    expect(report.mode).to.equal("static");
    expect(report.contracts.map((c) => c.name)).to.include("Extra");
  });

  it("reads no test-run profile when parallel.profile is off, however recent the files", async () => {
    const dir = project.file("cache/parallel-profile");
    await mkdir(dir, { recursive: true });
    const record = {
      block: 1,
      index: 0,
      hash: "0x01",
      from: "0x00000000000000000000000000000000000000bb",
      to: "0x00000000000000000000000000000000000000aa",
      input: "0x",
      status: 1,
      gasUsed: 21000,
      created: null,
      reads: [],
      writes: [],
      deltas: [],
      calls: null,
    };
    await writeFile(path.join(dir, "1-1-0.jsonl"), `${JSON.stringify(record)}\n`);
    const { report } = await project.run({ static: true });
    expect(report.testProfile).to.equal(undefined);
  });

  it("refuses a baseline whose speedups are not numbers or are empty, naming the field", async () => {
    const file = project.file("parallel-baseline.json");
    const good = JSON.parse(await readFile(file, "utf8")) as {
      workloads: Record<string, { speedup: { blockStm: Record<string, unknown> } }>;
    };
    const bumps = good.workloads.bumps;
    if (bumps === undefined) throw new Error("no bumps in the baseline");
    bumps.speedup.blockStm = Object.fromEntries(Object.keys(bumps.speedup.blockStm).map((k) => [k, "fast"]));
    await writeFile(file, JSON.stringify(good));
    const nonNumeric = await errorOf(() => project.run({ check: true }));
    expect(nonNumeric.message).to.include(`${path.basename(file)} is not valid`);
    expect(nonNumeric.message).to.include("baseline.workloads.bumps.speedup.blockStm.1");
    bumps.speedup.blockStm = {};
    await writeFile(file, JSON.stringify(good));
    const empty = await errorOf(() => project.run({ check: true }));
    expect(empty.message).to.include("baseline.workloads.bumps.speedup.blockStm is empty");
  });
});

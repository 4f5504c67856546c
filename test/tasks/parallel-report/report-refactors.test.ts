/**
 * `parallel-report --check` through refactors found by the new-user scenarios (scripts/new-user/gate-edits.sh):
 * each must pass the gate with at most a notice that says what changed and how to record it.
 */
import { expect } from "chai";

import { ReportProject, VAULT, type WorkloadList } from "./report-project.js";

function deposits(contract: string): WorkloadList {
  return [
    {
      name: "deposits",
      template: "call-mix",
      accounts: 20,
      transactions: 40,
      blockSize: 20,
      options: { calls: [{ contract, function: "deposit", args: ["uint:1:100"] }] },
    },
  ];
}

describe("parallel-report --check through renames, view functions and libraries", function () {
  const project = new ReportProject("tmp-report-refactors-project");

  before(async () => {
    await project.create({ "contracts/Vault.sol": VAULT });
    await project.run({ updateBaseline: true }, deposits("Vault"));
  });
  after(() => project.remove());

  it("passes a renamed contract whose workload was updated, with one notice naming both names", async () => {
    await project.write("contracts/Vault.sol", VAULT.replace("contract Vault ", "contract EthVault "));
    const { report, exitCode } = await project.run({ check: true }, deposits("EthVault"));
    expect(exitCode).to.equal(undefined);
    expect(report.check?.findings.map((f) => `${f.severity} ${f.kind} ${f.message}`)).to.deep.equal([
      "notice renamed EthVault: contract renamed from Vault (the same always-conflicting pairs, findings and storage positions): nothing changed for parallelism",
    ]);
    expect(report.check?.hint).to.include("--update-baseline");
  });

  it("recognises the renamed contract in a --static check too", async () => {
    await project.write("contracts/Vault.sol", VAULT.replace("contract Vault ", "contract EthVault "));
    const { report, exitCode } = await project.run({ check: true, static: true }, deposits("EthVault"));
    expect(exitCode).to.equal(undefined);
    expect(report.check?.findings.map((f) => `${f.severity} ${f.kind} ${f.cause}`)).to.deep.equal([
      "notice renamed contract:EthVault",
    ]);
  });

  it("still fails a renamed contract that also gained a shared counter", async () => {
    const counted = VAULT.replace("contract Vault ", "contract EthVault ")
      .replace("    mapping(address", "    uint256 public depositCount;\n    mapping(address")
      .replace("        totalAssets += amount;", "        totalAssets += amount;\n        depositCount += 1;");
    await project.write("contracts/Vault.sol", counted);
    const { report, exitCode } = await project.run({ check: true }, deposits("EthVault"));
    expect(exitCode).to.equal(1);
    const errors = report.check?.findings.filter((f) => f.severity === "error").map((f) => f.message) ?? [];
    expect(errors.join("\n")).to.include("EthVault.depositCount");
  });

  it("passes an added view function and constant on a known hotspot with one notice that says so", async () => {
    const withView = VAULT.replace(
      "    function deposit",
      "    uint256 public constant MAX = 1e30;\n\n    function assets() external view returns (uint256) {\n        return totalAssets;\n    }\n\n    function deposit",
    );
    await project.write("contracts/Vault.sol", withView);
    const { report, exitCode } = await project.run({ check: true }, deposits("Vault"));
    expect(exitCode).to.equal(undefined);
    const lines = report.check?.findings ?? [];
    expect(lines.map((f) => `${f.severity} ${f.kind}`)).to.deep.equal(["notice new-always-pair"]);
    expect(lines[0]?.message).to.include("assets() × deposit(uint256)");
    expect(lines[0]?.message).to.include("only read it");
    expect(lines[0]?.message).to.not.include("Fix:");
  });

  it("passes logic moved into a library with public functions: the workload's deploy links it", async () => {
    const library =
      "library Shares {\n    function credit(mapping(address => uint256) storage m, address who, uint256 v) public {\n        m[who] += v;\n    }\n}\n\n";
    const linked = VAULT.replace(
      "contract Vault {",
      `${library}contract Vault {\n    using Shares for mapping(address => uint256);\n`,
    ).replace("shares[msg.sender] += amount;", "shares.credit(msg.sender, amount);");
    await project.write("contracts/Vault.sol", linked);
    const { report, exitCode } = await project.run({ check: true }, deposits("Vault"));
    expect(exitCode).to.equal(undefined);
    const run = report.workloads.find((w) => w.name === "deposits");
    expect(run?.transactions).to.equal(40);
    expect(report.soundness.misses).to.deep.equal([]);
    expect(report.check?.findings.filter((f) => f.severity !== "notice")).to.deep.equal([]);
  });
});

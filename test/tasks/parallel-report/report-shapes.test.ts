/**
 * Project shapes found by the new-user scenarios (scripts/new-user/shapes.sh and gate-edits.sh): contracts of the
 * same name in two folders, and OpenZeppelin Pausable added beside an owner. Each passed `--check` wrongly
 * failing (or a workload that could not deploy) before its fix.
 */
import { readFile } from "node:fs/promises";

import { expect } from "chai";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatParallel from "../../../src/index.js";
import { exampleWorkloadPlan } from "../../../src/tasks/parallel-init/example-workload.js";

import { callMix, ReportProject, VAULT, type WorkloadList } from "./report-project.js";

const COUNTED = VAULT.replace("    mapping(address", "    uint256 public deposits;\n    mapping(address").replace(
  "        totalAssets += amount;",
  "        totalAssets += amount;\n        deposits += 1;",
);

function deposits(name: string, contract: string): WorkloadList[number] {
  return callMix(name, { contract, function: "deposit", args: ["uint:1:100"] });
}

const CONFIG = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Config {
    address public owner;
    mapping(address => uint256) public scores;

    constructor() {
        owner = msg.sender;
    }

    function record(uint256 score) external {
        scores[msg.sender] = score;
    }
}
`;

const FEES = CONFIG.replace(
  "    function record",
  '    uint256 public feeBps;\n\n    function setFee(uint256 bps) external {\n        require(msg.sender == owner, "not owner");\n        feeBps = bps;\n    }\n\n    function record',
);

const STORE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Store {
    mapping(address => uint256) public values;

    function setValue(uint256 v) external {
        values[msg.sender] = v;
    }
}
`;

const MULTISIG = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract MultiSig {
    mapping(address => bool) public isOwner;
    bytes32 public salt;
    uint256 public proposals;

    constructor(address[] memory owners, bytes32 salt_) {
        for (uint256 i = 0; i < owners.length; i++) isOwner[owners[i]] = true;
        salt = salt_;
    }

    function propose() external {
        proposals += 1;
    }
}
`;

const PAUSABLE = CONFIG.replace(
  "pragma solidity ^0.8.24;\n",
  'pragma solidity ^0.8.24;\n\nimport {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";\n',
)
  .replace("contract Config {", "contract Config is Pausable {")
  .replace("external {\n        scores", "external whenNotPaused {\n        scores")
  .replace(
    "    function record",
    '    function pause() external {\n        require(msg.sender == owner, "not owner");\n        _pause();\n    }\n\n    function record',
  );

describe("parallel-report on new project shapes", function () {
  describe("contracts of the same name in two folders", function () {
    const project = new ReportProject("tmp-report-same-name-project");
    const both = [deposits("v1", "contracts/v1/Vault.sol:Vault"), deposits("v2", "contracts/v2/Vault.sol:Vault")];

    before(async () => {
      await project.create({
        "contracts/v1/Vault.sol": COUNTED,
        "contracts/v2/Vault.sol": VAULT,
        "contracts/Config.sol": FEES,
        "contracts/Store.sol": STORE,
        "contracts/MultiSig.sol": MULTISIG,
      });
    });
    after(() => project.remove());

    it("names both by their fully qualified name, in the report and the baseline, and --check passes", async () => {
      const { report } = await project.run({ updateBaseline: true }, both);
      const names = report.contracts.map((c) => c.name);
      expect(names).to.include.members(["contracts/v1/Vault.sol:Vault", "contracts/v2/Vault.sol:Vault"]);
      const v1 = report.contracts.find((c) => c.name === "contracts/v1/Vault.sol:Vault");
      expect(v1?.findings.map((f) => f.id)).to.include("hot-slot:contracts/v1/Vault.sol:Vault.deposits");
      const v2 = report.contracts.find((c) => c.name === "contracts/v2/Vault.sol:Vault");
      expect(v2?.findings.map((f) => f.id)).to.not.include("hot-slot:contracts/v2/Vault.sol:Vault.deposits");
      const baseline = JSON.parse(await project.read("parallel-baseline.json")) as { contracts: object };
      expect(Object.keys(baseline.contracts)).to.include.members(names);
      // Before: both were "Vault", one baseline entry, and the unchanged project failed on Vault.deposits.
      const { report: checked, exitCode } = await project.run({ check: true }, both);
      expect(exitCode).to.equal(undefined);
      expect(checked.check?.findings).to.deep.equal([]);
      // The workload's hotspot is named by the contract it deployed.
      const v1Run = checked.workloads.find((w) => w.name === "v1");
      expect(v1Run?.findings.map((f) => f.subject).join(" ")).to.include("contracts/v1/Vault.sol:Vault.");
    });

    it("refuses a workload naming the ambiguous bare name, listing the fully qualified candidates", async () => {
      let message = "";
      await project.run({}, [deposits("bare", "Vault")]).catch((e: Error) => (message = e.message));
      expect(message).to.include('Contract "Vault" (used by workload "bare") is ambiguous');
      expect(message).to.include("contracts/v1/Vault.sol:Vault, contracts/v2/Vault.sol:Vault");
      // A name of no contract lists what a workload can use: fully qualified where bare would be ambiguous.
      await project
        .run({}, [deposits("typo", "contracts/v3/Vault.sol:Vault")])
        .catch((e: Error) => (message = e.message));
      expect(message).to.include('Contract "contracts/v3/Vault.sol:Vault" (used by workload "typo")');
      expect(message).to.include(
        "Config, Ledger, MultiSig, Store, contracts/v1/Vault.sol:Vault, contracts/v2/Vault.sol:Vault",
      );
    });

    it("parallel-init writes a workload per folder that deploys by fully qualified name", async () => {
      const hre = await createHardhatRuntimeEnvironment(
        { plugins: [hardhatParallel], solidity: "0.8.28" },
        {},
        project.root,
      );
      const { workloads, skipped } = await exampleWorkloadPlan(hre);
      // A constructor it cannot make arguments for is named with the reason, not skipped silently.
      expect(skipped).to.deep.equal([
        {
          contract: "MultiSig",
          reason: "its constructor takes (address[], bytes32), arguments parallel-init cannot make up",
        },
      ]);
      const vaults = workloads.filter((w) => w.contract.endsWith("Vault"));
      expect(vaults.map((w) => [w.file, w.contract])).to.deep.equal([
        ["v1-vault.ts", "contracts/v1/Vault.sol:Vault"],
        ["v2-vault.ts", "contracts/v2/Vault.sol:Vault"],
      ]);
      expect(vaults[0]?.source).to.include('api.deploy("contracts/v1/Vault.sol:Vault")');
      expect(vaults[0]?.source).to.include('name: "v1-vault-calls"');
      expect(workloads.find((w) => w.contract === "Ledger")?.file).to.equal("ledger.ts");
      // An owner-gated setter would revert for every sender ("not owner"): left out while other calls remain.
      const config = workloads.find((w) => w.contract === "Config")?.source ?? "";
      expect(config).to.include('function: "record"');
      expect(config).to.not.include("setFee");
      // A contract of setters only keeps them.
      expect(workloads.find((w) => w.contract === "Store")?.source).to.include('function: "setValue"');
    });
  });

  describe("OpenZeppelin Pausable added beside an owner", function () {
    const project = new ReportProject("tmp-report-pausable-project");
    const records: WorkloadList = [
      {
        name: "records",
        template: "call-mix",
        accounts: 20,
        transactions: 40,
        blockSize: 20,
        options: { calls: [{ contract: "Config", function: "record", args: ["uint:1:100"] }] },
      },
    ];

    before(async () => {
      await project.create({ "contracts/Config.sol": CONFIG });
      await project.run({ updateBaseline: true }, records);
    });
    after(() => project.remove());

    it("passes: the slot _paused shares with owner is written only by pause(), nothing to fix", async () => {
      await project.write("contracts/Config.sol", PAUSABLE);
      const { report, exitCode } = await project.run({ check: true }, records);
      expect(exitCode).to.equal(undefined);
      const lines = report.check?.findings ?? [];
      expect(lines.filter((f) => f.severity === "error")).to.deep.equal([]);
      const owner = lines.find((f) => f.cause === "hot-slot:Config.owner");
      // Before: "written by owner(), pause()" and a partitioned-counter fix for an address set once.
      expect(owner?.message).to.include("written by pause()");
      expect(owner?.message).to.include("shares one storage slot with _paused");
      expect(owner?.message).to.not.include("partitioned counters");
      const packed = lines.find((f) => f.cause === "false-sharing:Config._paused/owner");
      expect(packed?.severity).to.equal("notice");
      expect(packed?.message).to.include("written only by administration functions (pause())");
      expect(await readFile(project.file("contracts/Config.sol"), "utf8")).to.include("Pausable");
    });
  });
});

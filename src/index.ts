/**
 * hardhat-parallel: the plugin manifest. Hook handlers and task actions are loaded lazily so that registering
 * the plugin costs nothing until its config, network or tasks are used.
 */
import "./type-extensions.js";

import { globalOption, overrideTask, task } from "hardhat/config";
import { definePlugin } from "hardhat/plugins";
import { ArgumentType } from "hardhat/types/arguments";

import { PLUGIN_ID } from "./plugin/errors.js";
import { OUTPUT_FORMATS } from "./report/render/format-helpers.js";

export { analyze, checkSoundness } from "./analyzer-loader.js";
export type {
  AnalysisResult,
  AnalyzeOptions,
  BuildInfoSource,
  ConflictClass,
  ContractJson,
  ExecutedTransaction,
  FunctionJson,
  KeySource,
  PairConflict,
  SoundnessReport,
} from "./analyzer/index.js";
export { defineWorkload } from "./report/workloads/define-workload.js";
export type {
  ContractHandle,
  WorkloadApi,
  WorkloadDefinition,
  WorkloadParams,
  WorkloadTx,
} from "./report/workloads/define-workload.js";
export type {
  BlockAccess,
  BlockReceipt,
  Conflict,
  ConflictLocation,
  ExecutionFacts,
  MinedBlock,
  TransactionFacts,
} from "./testing/block-facts.js";
export type { ParallelTestHelpers } from "./testing/connection-helpers.js";
export type { ParallelStatsJson } from "./testing/parallel-stats.js";
export type {
  ExecutionStrategy,
  ParallelConfig,
  ParallelHardfork,
  ParallelUserConfig,
  ReportFormat,
  WorkloadConfig,
  WorkloadUserConfig,
} from "./plugin/config/types.js";

const hardhatParallel = definePlugin({
  id: PLUGIN_ID,
  npmPackage: "hardhat-parallel",
  hookHandlers: {
    config: () => import("./plugin/hook-handlers/config.js"),
    hre: () => import("./plugin/hook-handlers/hre.js"),
    network: () => import("./plugin/hook-handlers/network.js"),
    solidity: () => import("./plugin/hook-handlers/solidity.js"),
  },
  globalOptions: [
    globalOption({
      name: "parallelStatsJson",
      description:
        "Write the conflicts seen in the tests' mineBlock blocks, per contract and function, to this JSON file",
      type: ArgumentType.STRING,
      defaultValue: "",
    }),
  ],
  tasks: [
    task("parallel-report", "Runs workloads on the parallel runtime and reports contention, hotspots and speedups")
      .addFlag({ name: "check", description: "Compare with the committed baseline and fail on a regression" })
      .addFlag({ name: "updateBaseline", description: "Write the baseline file from this run" })
      .addOption({
        name: "workload",
        description: "Run only the workload with this name",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "format",
        description: `Comma-separated formats to write (${OUTPUT_FORMATS.join(",")})`,
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "out",
        description: "Output directory (default: parallel.report.outDir)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "workers",
        description: "Worker threads; 0 uses parallel.workers",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addFlag({ name: "noCompile", description: "Don't compile the project first" })
      .addFlag({ name: "quiet", description: "Print only the summary and failures" })
      .addFlag({
        name: "static",
        description: "Static analysis only: the analyzer's findings and the gate on them, without running workloads",
      })
      .setAction(() => import("./tasks/parallel-report/task-action.js"))
      .build(),
    task("parallel-init", "Scaffolds hardhat-parallel workloads, a baseline and the CI workflow into this project")
      .addFlag({ name: "force", description: "Overwrite files that already exist" })
      .addFlag({ name: "noBaseline", description: "Don't run a first report to create the baseline" })
      .setAction(() => import("./tasks/parallel-init/task-action.js"))
      .build(),
    task("parallel-node", "Serves the parallel network over HTTP and WebSocket JSON-RPC, like `hardhat node`")
      .addOption({
        name: "hostname",
        description: "The host to listen on (default: 127.0.0.1, and 0.0.0.0 inside Docker, as `hardhat node`)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({ name: "port", description: "The port to listen on", type: ArgumentType.INT, defaultValue: 8545 })
      .setAction(() => import("./tasks/parallel-node/task-action.js"))
      .build(),
    overrideTask("test")
      .setAction(() => import("./tasks/test-override/task-action.js"))
      .build(),
    overrideTask(["test", "solidity"])
      .setAction(() => import("./tasks/test-solidity/task-action.js"))
      .build(),
  ],
});

export default hardhatParallel;
